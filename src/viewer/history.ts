/** The viewer's place in the browser history: URLs of pages and articles, and how deep the jumps go. */
import type { HistState, Viewer } from './context.js';

/**
 * The edition's folder: the viewer page's <base>, so that its URLs hold wherever the site is
 * published (at a host's root or under a sub-path).
 */
export function editionBase(): string {
  return new URL('./', document.baseURI).href;
}

export function hrefOf(v: Viewer, n: number, a: string | null): string {
  const base = editionBase();
  if (n === v.first && !a) return base;
  return `${base}${encodeURIComponent(v.info.get(n)?.slug ?? String(n))}/${a ? encodeURIComponent(a) : ''}`;
}

/** How many jumps the current history entry is away from where the reader came in. */
export function depth(): number {
  const s = history.state as HistState | null;
  return s && s.ep === 1 ? s.depth : 0;
}

/** Records page n (and an article) in the history: a new entry (a jump) or in place of the current one. */
export function record(v: Viewer, n: number, a: string | null, push: boolean, href = hrefOf(v, n, a)): void {
  if (push) history.pushState({ ep: 1, page: n, article: a, depth: depth() + 1 } satisfies HistState, '', href);
  else history.replaceState({ ep: 1, page: n, article: a, depth: depth() } satisfies HistState, '', href);
}

/** The viewer location an href names, when it is a page of this edition. */
export function target(v: Viewer, href: string): { page: number; article: string | null } | null {
  let url: URL;
  try {
    url = new URL(href, location.href);
  } catch {
    return null;
  }
  const base = new URL(editionBase());
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const m = /^(?:([^/]+)\/([^/]*))?$/.exec(url.pathname.slice(base.pathname.length));
  if (!m) return null;
  let art: string | null;
  let slug: string | null;
  try {
    art = m[2] ? decodeURIComponent(m[2]) : null;
    slug = m[1] ? decodeURIComponent(m[1]) : null;
  } catch {
    return null;
  }
  const page = slug === null ? v.first : pageNamed(v, slug);
  return page !== undefined && v.info.has(page) ? { page, article: art } : null;
}

/** The page a URL names by its slug ("A01", "a01", "3", "03"). */
function pageNamed(v: Viewer, slug: string): number | undefined {
  const want = /^\d+$/.test(slug) ? String(Number(slug)) : slug.toUpperCase();
  return v.d.pages.find((p) => p.slug.toUpperCase() === want)?.n;
}
