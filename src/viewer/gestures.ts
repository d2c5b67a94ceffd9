/**
 * Pointer gestures on the stage: Ctrl+wheel zooms and the wheel pans when zoomed; a double click or a
 * double tap zooms in or back out; one finger drags (pans when zoomed, else swipes to the next or
 * previous page on phones); two fingers pinch.
 */
import { reveal } from './articles.js';
import { isZoomed, MAX_ZOOM, motion, type Viewer } from './context.js';
import { go } from './navigation.js';
import { pagesOf, sameSpread, spreadOf, stepFrom } from './spreads.js';
import { apply, panBy, resetZoom, stageSize, zoomAt } from './zoom.js';

interface Gesture {
  x0: number;
  y0: number;
  t0: number;
  bx0: number;
  by0: number;
  moved: boolean;
  multi: boolean;
  type: string;
  dist0: number;
  zoom0: number;
  mx0: number;
  my0: number;
  dx: number;
}

/** Zooms in at a point of the stage, or back out when zoomed. */
function toggleZoom(v: Viewer, clientX: number, clientY: number): void {
  const r = v.el.stage.getBoundingClientRect();
  if (isZoomed(v)) resetZoom(v);
  else zoomAt(v, 2.5, clientX - r.left, clientY - r.top);
}

function bindWheel(v: Viewer): void {
  const { stage } = v.el;
  stage.addEventListener(
    'wheel',
    (ev) => {
      const r = stage.getBoundingClientRect();
      if (ev.ctrlKey) {
        ev.preventDefault();
        zoomAt(v, v.zoom * Math.exp(-ev.deltaY * 0.01), ev.clientX - r.left, ev.clientY - r.top);
      } else if (isZoomed(v)) {
        ev.preventDefault();
        panBy(v, -ev.deltaX, -ev.deltaY);
      }
    },
    { passive: false },
  );
  let lastPointerType = 'mouse';
  stage.addEventListener('pointerdown', (ev) => (lastPointerType = ev.pointerType), true);
  stage.addEventListener('dblclick', (ev) => {
    if (lastPointerType !== 'mouse' || (ev.target as Element).closest('a[href], button')) return;
    toggleZoom(v, ev.clientX, ev.clientY);
  });
}

class Pointers {
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private gesture: Gesture | null = null;
  private lastTap: { t: number; x: number; y: number } | null = null;

  constructor(private readonly v: Viewer) {}

  private mid(): { x: number; y: number; dist: number } {
    const ps = [...this.pointers.values()];
    const a = ps[0]!;
    const b = ps[1] ?? a;
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, dist: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
  }

  private rebase(): void {
    const g = this.gesture;
    if (!g) return;
    const m = this.mid();
    const r = this.v.el.stage.getBoundingClientRect();
    Object.assign(g, { x0: m.x, y0: m.y, mx0: m.x - r.left, my0: m.y - r.top, dist0: m.dist, zoom0: this.v.zoom, bx0: this.v.bx, by0: this.v.by });
  }

  private capture(id: number): void {
    try {
      this.v.el.stage.setPointerCapture(id);
    } catch {
      // the pointer is gone already
    }
  }

  down(ev: PointerEvent): void {
    const v = this.v;
    if (ev.pointerType === 'mouse' && (ev.button !== 0 || !isZoomed(v))) return;
    this.pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (this.pointers.size === 1) {
      this.gesture = { x0: ev.clientX, y0: ev.clientY, t0: ev.timeStamp, bx0: v.bx, by0: v.by, moved: false, multi: false, type: ev.pointerType, dist0: 1, zoom0: v.zoom, mx0: 0, my0: 0, dx: 0 };
    } else if (this.gesture) {
      this.gesture.multi = true;
      this.gesture.moved = true;
      v.el.track.style.transform = '';
      for (const id of this.pointers.keys()) if (!v.el.stage.hasPointerCapture(id)) this.capture(id);
    }
    this.rebase();
  }

  move(ev: PointerEvent): void {
    const v = this.v;
    const g = this.gesture;
    if (!g || !this.pointers.has(ev.pointerId)) return;
    this.pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    const m = this.mid();
    const dx = m.x - g.x0;
    const dy = m.y - g.y0;
    if (!g.moved && Math.hypot(dx, dy) > 8) {
      g.moved = true;
      this.capture(ev.pointerId);
    }
    if (!g.moved) return;
    if (this.pointers.size >= 2) {
      const r = v.el.stage.getBoundingClientRect();
      const nz = Math.max(1, Math.min(MAX_ZOOM, (g.zoom0 * m.dist) / g.dist0));
      const s0 = v.fit * g.zoom0;
      const s1 = v.fit * nz;
      v.zoom = nz;
      v.bx = m.x - r.left - ((g.mx0 - g.bx0) * s1) / s0;
      v.by = m.y - r.top - ((g.my0 - g.by0) * s1) / s0;
      apply(v);
    } else if (isZoomed(v)) {
      v.bx = g.bx0 + dx;
      v.by = g.by0 + dy;
      apply(v);
    } else if (!g.multi && g.type !== 'mouse' && v.mode === 'single' && !v.busy) {
      const atEdge = (dx > 0 && pagesOf(v.shown)[0] === v.first) || (dx < 0 && pagesOf(v.shown)[0] === v.last);
      g.dx = atEdge ? dx / 4 : dx;
      v.el.track.style.transform = `translateX(${g.dx}px)`;
    }
  }

  end(ev: PointerEvent): void {
    const v = this.v;
    if (!this.pointers.has(ev.pointerId)) return;
    this.pointers.delete(ev.pointerId);
    const g = this.gesture;
    if (!g) return;
    if (this.pointers.size > 0) return this.rebase();
    this.gesture = null;
    if (v.zoom < 1.05 && v.zoom !== 1) {
      v.zoom = 1;
      apply(v);
    }
    if (g.moved) v.suppressClickUntil = performance.now() + 400;
    if (ev.type === 'pointercancel') {
      v.el.track.style.transform = '';
      return;
    }
    if (g.moved && !g.multi && g.type !== 'mouse' && !isZoomed(v)) return this.swiped(ev, g);
    if (!g.moved && !g.multi && g.type !== 'mouse' && ev.timeStamp - g.t0 < 350) this.tapped(ev);
  }

  /** The end of a swipe: to the next or previous page when it went far or fast enough, else back. */
  private swiped(ev: PointerEvent, g: Gesture): void {
    const v = this.v;
    const dx = ev.clientX - g.x0;
    const dy = ev.clientY - g.y0;
    const { W } = stageSize(v);
    const far = Math.abs(dx) > Math.max(40, W * 0.12) && Math.abs(dx) > 1.5 * Math.abs(dy);
    const fast = Math.abs(dx) > 30 && Math.abs(dx) > 2 * Math.abs(dy) && ev.timeStamp - g.t0 < 250;
    const target = dx < 0 ? stepFrom(v, v.current, 1) : stepFrom(v, v.current, -1);
    if ((far || fast) && !sameSpread(spreadOf(v, target), v.shown)) {
      void go(v, target, { dragged: v.mode === 'single' ? g.dx : 0 });
      return;
    }
    if (g.dx !== 0 && motion()) {
      v.el.track.animate([{ transform: `translateX(${g.dx}px)` }, { transform: 'translateX(0px)' }], { duration: 150, easing: 'ease-out' });
    }
    v.el.track.style.transform = '';
  }

  /** A tap; the second of two quick taps close together zooms. */
  private tapped(ev: PointerEvent): void {
    const last = this.lastTap;
    if (last && ev.timeStamp - last.t < 320 && Math.hypot(ev.clientX - last.x, ev.clientY - last.y) < 30) {
      this.lastTap = null;
      this.v.suppressClickUntil = performance.now() + 400;
      toggleZoom(this.v, ev.clientX, ev.clientY);
    } else {
      this.lastTap = { t: ev.timeStamp, x: ev.clientX, y: ev.clientY };
    }
  }
}

export function bindGestures(v: Viewer): void {
  const { stage, book } = v.el;
  bindWheel(v);
  const pointers = new Pointers(v);
  stage.addEventListener('pointerdown', (ev) => pointers.down(ev));
  stage.addEventListener('pointermove', (ev) => pointers.move(ev));
  stage.addEventListener('pointerup', (ev) => pointers.end(ev));
  stage.addEventListener('pointercancel', (ev) => pointers.end(ev));
  stage.addEventListener('scroll', () => {
    stage.scrollTop = 0;
    stage.scrollLeft = 0;
  });
  stage.addEventListener('focusin', (ev) => {
    const el = ev.target as HTMLElement;
    if (el !== stage && isZoomed(v) && book.contains(el)) reveal(v, el, false);
  });
}
