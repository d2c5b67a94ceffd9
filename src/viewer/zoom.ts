/** Fitting the book to the stage, zoom (kept between 1 and MAX_ZOOM) and pan. */
import { isZoomed, MAX_ZOOM, type Viewer } from './context.js';

export function stageSize(v: Viewer): { W: number; H: number } {
  return { W: v.el.stage.clientWidth, H: v.el.stage.clientHeight };
}

/** The scale at which the book fits the stage. */
export function measure(v: Viewer): void {
  const { W, H } = stageSize(v);
  const pad = v.mode === 'spread' ? 20 : 6;
  v.fit = Math.max(0.05, Math.min((W - 2 * pad) / (v.units * v.unitW), (H - 2 * pad) / v.unitH));
}

/** Puts the book at its scale and offset (kept on the stage) and updates the zoom buttons. */
export function apply(v: Viewer): void {
  const { book, stage, zoomInBtn, zoomOutBtn } = v.el;
  const { W, H } = stageSize(v);
  const s = v.fit * v.zoom;
  const w = v.units * v.unitW * s;
  const h = v.unitH * s;
  v.bx = w <= W ? (W - w) / 2 : Math.min(0, Math.max(W - w, v.bx));
  v.by = h <= H ? (H - h) / 2 : Math.min(0, Math.max(H - h, v.by));
  book.style.width = `${v.units * v.unitW}px`;
  book.style.height = `${v.unitH}px`;
  book.style.transform = `translate(${v.bx}px, ${v.by}px) scale(${s})`;
  book.style.setProperty('--ep-zoom', String(s));
  const zoomed = isZoomed(v);
  stage.classList.toggle('ep-zoomed', zoomed);
  zoomOutBtn.disabled = !zoomed;
  zoomInBtn.disabled = v.zoom >= MAX_ZOOM - 0.001;
}

/** Zoom to z (relative to fit) keeping the stage point (cx, cy) still. */
export function zoomAt(v: Viewer, z: number, cx: number, cy: number): void {
  const nz = Math.max(1, Math.min(MAX_ZOOM, z));
  const s0 = v.fit * v.zoom;
  const s1 = v.fit * nz;
  v.bx = cx - ((cx - v.bx) * s1) / s0;
  v.by = cy - ((cy - v.by) * s1) / s0;
  v.zoom = nz;
  apply(v);
}

export function zoomBy(v: Viewer, f: number): void {
  const { W, H } = stageSize(v);
  zoomAt(v, v.zoom * f, W / 2, H / 2);
}

export function resetZoom(v: Viewer): void {
  if (v.zoom === 1) return;
  v.zoom = 1;
  apply(v);
}

/** Zooms out by f, back to fit when that is nearly reached. */
export function zoomOutBy(v: Viewer, f: number): void {
  if (v.zoom / f < 1.05) resetZoom(v);
  else zoomBy(v, 1 / f);
}

export function panBy(v: Viewer, dx: number, dy: number): void {
  v.bx += dx;
  v.by += dy;
  apply(v);
}
