/**
 * Going to a page: one page change at a time (the latest asked for wins), the fragments fetched, the
 * page turned or slid to, then the URL, the tools, the highlighted article and the announcement.
 */
import { announce } from './announce.js';
import { articleEl, highlight } from './articles.js';
import { draw, slide, turn } from './book.js';
import { updateChrome } from './chrome.js';
import { motion, type GoOptions, type Viewer } from './context.js';
import { fragment, prefetch } from './fragments.js';
import { record } from './history.js';
import { pagesOf, sameSpread, spreadLabel, spreadOf, stepFrom } from './spreads.js';
import { apply } from './zoom.js';

/** Turn to page n (and an article on it), then settle URL, chrome and announcement. */
export function go(v: Viewer, n: number, opts: GoOptions = {}): Promise<void> {
  if (!v.info.has(n)) return Promise.resolve();
  v.pending = { page: n, opts };
  if (v.busy) return Promise.resolve();
  return run(v);
}

/** Runs the page changes asked for until none is pending. */
export async function run(v: Viewer): Promise<void> {
  v.busy = true;
  try {
    while (v.pending) {
      const { page: n, opts } = v.pending;
      v.pending = null;
      await show(v, n, opts);
    }
  } finally {
    v.busy = false;
  }
}

export const nextPage = (v: Viewer): Promise<void> => go(v, stepFrom(v, v.current, 1));
export const prevPage = (v: Viewer): Promise<void> => go(v, stepFrom(v, v.current, -1));

/** Puts the spread of page n on the book, turning or sliding to it; false when its pages could not be loaded. */
async function changeSpread(v: Viewer, n: number, opts: GoOptions): Promise<boolean> {
  const target = spreadOf(v, n);
  try {
    await Promise.all(pagesOf(target).map((p) => fragment(v, p)));
  } catch {
    announce(v, '版面加载失败，请检查网络后重试');
    return false;
  }
  if (v.zoom !== 1) {
    v.zoom = 1;
    apply(v);
  }
  const forward = v.order.indexOf(pagesOf(target)[0]!) > v.order.indexOf(pagesOf(v.shown)[0] ?? v.first);
  if (!motion() || v.shown.length === 0) draw(v, target);
  else if (v.mode === 'spread') await turn(v, v.shown, target, forward);
  else await slide(v, target, forward, opts.dragged ?? 0);
  return true;
}

async function show(v: Viewer, n: number, opts: GoOptions): Promise<void> {
  const a = opts.article ?? null;
  if (opts.push || !opts.fromHistory) record(v, n, a, Boolean(opts.push));
  const changed = !sameSpread(spreadOf(v, n), v.shown);
  if (changed && !(await changeSpread(v, n, opts))) return;
  v.current = n;
  v.article = a;
  updateChrome(v);
  highlight(v, n, a, opts.focus ?? false);
  if (changed) {
    const head = a ? articleEl(v, n, a)?.getAttribute('aria-label') : null;
    announce(v, `${spreadLabel(v, v.shown)}${head ? `：${head}` : ''}（共${v.order.length}版）`);
    prefetch(v);
  }
  const { book, stage } = v.el;
  if (!book.contains(document.activeElement) && document.activeElement === document.body) stage.focus({ preventScroll: true });
}
