/** Page fragments: fetched when needed, the last few kept, the pages around the current one fetched ahead. */
import type { Viewer } from './context.js';
import { spreadOf, stepFrom } from './spreads.js';

const KEEP_FRAGMENTS = 8;

function trimFragments(v: Viewer): void {
  for (const n of v.fragments.keys()) {
    if (v.fragments.size <= KEEP_FRAGMENTS) break;
    if (!v.shown.includes(n)) v.fragments.delete(n);
  }
}

/** The HTML of page n (from memory, or fetched once). */
export function fragment(v: Viewer, n: number): Promise<string> {
  const have = v.fragments.get(n);
  if (have !== undefined) {
    v.fragments.delete(n);
    v.fragments.set(n, have);
    return Promise.resolve(have);
  }
  const inFlight = v.loading.get(n);
  if (inFlight) return inFlight;
  const p = v.info.get(n);
  if (!p) return Promise.reject(new Error(`no page ${n}`));
  const gen = v.generation;
  const req = fetch(p.html, { credentials: 'same-origin' })
    .then((r) => {
      if (!r.ok) throw new Error(`page ${n}: HTTP ${r.status}`);
      return r.text();
    })
    .then((text) => {
      if (gen !== v.generation) return text.trim();
      v.loading.delete(n);
      v.fragments.set(n, text.trim());
      trimFragments(v);
      return text.trim();
    })
    .catch((error: unknown) => {
      if (gen === v.generation) v.loading.delete(n);
      throw error;
    });
  v.loading.set(n, req);
  return req;
}

/** Fetches the spreads before and after the current one when the browser is idle. */
export function prefetch(v: Viewer): void {
  const around = [...spreadOf(v, stepFrom(v, v.current, 1)), ...spreadOf(v, stepFrom(v, v.current, -1))];
  const run = () => {
    for (const n of around) if (n != null && !v.fragments.has(n)) fragment(v, n).catch(() => undefined);
  };
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 1500 });
  else setTimeout(run, 300);
}
