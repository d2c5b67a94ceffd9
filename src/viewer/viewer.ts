/*
 * The e-paper viewer in the browser: two-page spreads with a page turn on wide screens, one page with
 * swipe on phones, zoom and pan, the page navigator, and cross-page links (jump lines and teasers)
 * that turn to their target, highlight it and can be undone with Back. Pages are fetched as HTML
 * fragments when needed; only the pages on screen are in the DOM. This module finds the page's
 * elements, draws the first page and binds the modules that do the rest.
 */
import { highlight } from './articles.js';
import { draw } from './book.js';
import { updateChrome } from './chrome.js';
import { createViewer, wideQuery, type Elements, type Viewer } from './context.js';
import { fragment, prefetch } from './fragments.js';
import { bindGestures } from './gestures.js';
import { record } from './history.js';
import { bindKeyboard } from './keyboard.js';
import { bindLinks } from './links.js';
import { go } from './navigation.js';
import { bindHeadlines } from './headlines.js';
import { setupOffline } from './reader/offline.js';
import { bindPageHits } from './reader/page-hits.js';
import { bindPageScript } from './reader/page-script.js';
import { bindNavigator, navOpen } from './navigator.js';
import type { PageInfo, ViewerData } from './protocol.js';
import { refresh } from './refresh.js';
import { pagesOf, sameSpread, spreadOf } from './spreads.js';
import { apply, measure } from './zoom.js';

export type { PageInfo, ViewerData };

/** What the viewer offers other scripts of the page (the editor preview) as window.epViewer. */
export interface ViewerApi {
  /**
   * Puts a new layout of the edition on screen, keeping the page, zoom and pan (no animation); the
   * pages are fetched at once and drawn once `ready` (fonts they need) has settled.
   */
  refresh(next: ViewerData, ready?: Promise<unknown>): Promise<void>;
  /** Turns to page n, highlighting an article on it. */
  show(n: number, article?: string | null): Promise<void>;
  /** Numbers of the pages on screen. */
  shown(): number[];
}

function elements(): Elements | null {
  const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
  const [stage, track, book] = [byId('ep-stage'), byId('ep-track'), byId('ep-book')];
  if (!stage || !track || !book) return null;
  return {
    stage,
    track,
    book,
    live: byId('ep-live'),
    nav: byId('ep-nav'),
    where: byId('ep-where'),
    backBtn: byId('ep-back'),
    prevBtn: byId('ep-prev'),
    nextBtn: byId('ep-next'),
    zoomInBtn: byId('ep-zoom-in'),
    zoomOutBtn: byId('ep-zoom-out'),
    navBtn: byId('ep-nav-toggle'),
    pdfLink: byId<HTMLAnchorElement>('ep-pdf'),
  };
}

/** Redraws for a changed window: spreads and single pages switch at the wide-screen breakpoint. */
function bindResize(v: Viewer): void {
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      const m = wideQuery.matches ? 'spread' : 'single';
      if (m === v.mode) {
        measure(v);
        apply(v);
        return;
      }
      v.mode = m;
      v.zoom = 1;
      document.body.classList.remove('ep-nav-open', 'ep-nav-closed');
      if (v.mode === 'single') document.body.classList.add('ep-nav-closed');
      v.el.navBtn.setAttribute('aria-expanded', String(navOpen(v)));
      const s = spreadOf(v, v.current);
      Promise.all(pagesOf(s).map((n) => fragment(v, n)))
        .then(() => {
          draw(v, s);
          updateChrome(v);
          highlight(v, v.current, v.article, false);
        })
        .catch(() => undefined);
    }, 60);
  });
}

function ready(v: Viewer): void {
  v.el.book.classList.add('ep-ready');
  document.documentElement.dataset.epReady = '1';
  const mark = () => requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('ep-first-page')));
  if (document.fonts) document.fonts.ready.then(mark, mark);
  else mark();
}

/** The first spread: the page the server put in place at once, the other half as soon as it has loaded. */
function showFirst(v: Viewer): void {
  const initial = spreadOf(v, v.current);
  const missing = pagesOf(initial).filter((n) => !v.fragments.has(n));
  const currentMissing = !v.fragments.has(v.current);
  if (v.mode === 'single') document.body.classList.add('ep-nav-closed');
  v.el.navBtn.setAttribute('aria-expanded', String(navOpen(v)));
  draw(v, missing.length ? initial.map((n) => (n != null && v.fragments.has(n) ? n : null)) : initial);
  record(v, v.current, v.article, false, location.href);
  updateChrome(v);
  highlight(v, v.current, v.article, Boolean(v.article));
  ready(v);
  if (missing.length) {
    Promise.all(missing.map((n) => fragment(v, n)))
      .then(() => {
        if (!v.busy && sameSpread(spreadOf(v, v.current), initial)) {
          draw(v, initial);
          updateChrome(v);
          highlight(v, v.current, v.article, currentMissing && Boolean(v.article));
        }
      })
      .catch(() => undefined);
  }
  prefetch(v);
}

function start(el: Elements, d: ViewerData): void {
  const v = createViewer(el, d);
  // An article's link comes without its page in place (the page is fetched like any other).
  const initialSlot = el.book.querySelector<HTMLElement>('.ep-slot');
  if (initialSlot?.dataset.n && initialSlot.querySelector('.ep-page')) v.fragments.set(Number(initialSlot.dataset.n), initialSlot.innerHTML.trim());
  bindLinks(v);
  bindNavigator(v);
  bindHeadlines();
  bindPageScript(el.book);
  bindPageHits(el.book);
  setupOffline();
  bindKeyboard(v);
  bindGestures(v);
  bindResize(v);
  (window as unknown as { epViewer?: ViewerApi }).epViewer = {
    refresh: (next, whenReady) => refresh(v, next, whenReady),
    show: (n, a = null) => go(v, n, { article: a }),
    shown: () => pagesOf(v.shown),
  };
  showFirst(v);
}

const data = JSON.parse(document.getElementById('ep-data')?.textContent || 'null') as ViewerData | null;
const found = elements();
if (data && found) start(found, data);
