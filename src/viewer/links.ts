/**
 * Links and buttons: a link to a page of the edition (a jump line, a teaser, the navigator) turns to
 * it instead of loading a new document — jumps and the navigator add a history entry that Back and the
 * browser's back button undo; a link to a page that is not in the edition says so.
 */
import { announce } from './announce.js';
import type { HistState, Viewer } from './context.js';
import { depth, target } from './history.js';
import { go, nextPage, prevPage } from './navigation.js';
import { setNav } from './navigator.js';
import { zoomBy, zoomOutBy } from './zoom.js';

function onClick(v: Viewer, ev: MouseEvent): void {
  if (performance.now() < v.suppressClickUntil) {
    ev.preventDefault();
    ev.stopPropagation();
    return;
  }
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const el = ev.target as Element | null;
  const a = el?.closest?.('a') ?? articleLinkOf(el);
  if (!a) return;
  if (!el?.closest?.('a')) {
    // A tap on an article's text, not on a link of its own: open the article as its tap area would.
    ev.preventDefault();
    const t = target(v, a.getAttribute('href') ?? '');
    if (t) void go(v, t.page, { article: t.article });
    else location.assign((a as HTMLAnchorElement).href);
    return;
  }
  if (a.getAttribute('aria-disabled') === 'true') {
    ev.preventDefault();
    announce(v, a.getAttribute('title') || '链接的版面未收录');
    return;
  }
  const href = a.getAttribute('href');
  const t = href ? target(v, href) : null;
  if (!t) return;
  ev.preventDefault();
  const inNav = v.el.nav.contains(a);
  if (a.hasAttribute('data-jump') || inNav) {
    void go(v, t.page, { article: t.article, push: true, focus: !inNav });
    if (inNav) setNav(v, false, true);
  } else {
    void go(v, t.page, { article: t.article });
  }
}

/** The tap area link of the article whose text was clicked, unless the click ended a text selection. */
function articleLinkOf(el: Element | null): HTMLAnchorElement | null {
  const box = el?.closest?.('.ep-box[data-article]');
  const page = box?.closest('.ep-page');
  if (!box || !page || getSelection()?.isCollapsed === false) return null;
  const id = (box as HTMLElement).dataset.article ?? '';
  return page.querySelector<HTMLAnchorElement>(`a.ep-article[data-article="${CSS.escape(id)}"]`);
}

export function bindLinks(v: Viewer): void {
  document.addEventListener('click', (ev) => onClick(v, ev), true);
  window.addEventListener('popstate', (ev) => {
    const s = ev.state as HistState | null;
    const t = s && s.ep === 1 ? { page: s.page, article: s.article } : target(v, location.href);
    if (t) void go(v, t.page, { article: t.article, fromHistory: true, focus: Boolean(t.article) });
  });
  const { backBtn, prevBtn, nextBtn, zoomInBtn, zoomOutBtn } = v.el;
  backBtn.addEventListener('click', () => {
    if (depth() > 0) history.back();
  });
  prevBtn.addEventListener('click', () => void prevPage(v));
  nextBtn.addEventListener('click', () => void nextPage(v));
  zoomInBtn.addEventListener('click', () => zoomBy(v, 1.5));
  zoomOutBtn.addEventListener('click', () => zoomOutBy(v, 1.5));
}
