/** Articles on the book: finding one, bringing it into view (panning or zooming in), highlighting it. */
import { isZoomed, MAX_ZOOM, motion, type Viewer } from './context.js';
import { panBy, stageSize, zoomAt } from './zoom.js';

export function articleEl(v: Viewer, n: number, a: string): HTMLElement | null {
  const root = v.el.book.querySelector(`.ep-slot[data-n="${n}"]`);
  if (!root) return null;
  const q = CSS.escape(a);
  return root.querySelector<HTMLElement>(`.ep-article[data-article="${q}"]`) ?? root.querySelector<HTMLElement>(`[data-article="${q}"]:not([data-jump])`);
}

/** Stage-relative bounds of an element of the book (an article's boxes, or the element itself). */
function bounds(v: Viewer, el: HTMLElement): { left: number; top: number; width: number } {
  const sr = v.el.stage.getBoundingClientRect();
  const parts = el.querySelectorAll('i');
  const rects = parts.length ? [...parts].map((i) => i.getBoundingClientRect()) : [el.getBoundingClientRect()];
  const left = Math.min(...rects.map((b) => b.left)) - sr.left;
  const top = Math.min(...rects.map((b) => b.top)) - sr.top;
  const right = Math.max(...rects.map((b) => b.right)) - sr.left;
  return { left, top, width: right - left };
}

/** Bring an element of the book into view: when zoomed, pan to it; when it is small on a phone, zoom in on it. */
export function reveal(v: Viewer, el: HTMLElement, zoomIn: boolean): void {
  const { W, H } = stageSize(v);
  let b = bounds(v, el);
  if (zoomIn && !isZoomed(v) && v.mode === 'single' && v.fit < 0.5 && b.width > 0) {
    const target = Math.min(MAX_ZOOM, Math.max(1, (W * 0.96) / b.width), 1 / v.fit);
    if (target > 1.2) {
      zoomAt(v, target, b.left, b.top);
      b = bounds(v, el);
    }
  }
  if (isZoomed(v)) {
    const dx = b.width < W ? W / 2 - (b.left + b.width / 2) : 8 - b.left;
    panBy(v, dx, H * 0.08 - b.top);
  }
}

/** Clears the highlighted article and marks article `a` of page n (quietly, without flash or focus). */
export function markArticle(v: Viewer, n: number, a: string | null): HTMLElement | null {
  for (const el of v.el.book.querySelectorAll('[aria-current="true"]')) el.removeAttribute('aria-current');
  const el = a ? articleEl(v, n, a) : null;
  el?.setAttribute('aria-current', 'true');
  return el;
}

export function highlight(v: Viewer, n: number, a: string | null, focus: boolean): void {
  const el = markArticle(v, n, a);
  if (!el) return;
  el.classList.remove('ep-flash');
  void el.offsetWidth;
  if (motion()) el.classList.add('ep-flash');
  if (focus) el.focus({ preventScroll: true });
  reveal(v, el, focus);
}
