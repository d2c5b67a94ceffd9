/**
 * Keys: ← → turn pages (pan when zoomed), ↑ ↓ pan, PageUp / PageDown, Home / End, + - 0 zoom, Escape
 * closes the navigator on phones or zooms back out. Keys typed into form fields are left alone.
 */
import { isZoomed, type Viewer } from './context.js';
import { go, nextPage, prevPage } from './navigation.js';
import { navOpen, setNav } from './navigator.js';
import { panBy, resetZoom, zoomBy, zoomOutBy } from './zoom.js';

const STEP = 80;

/** What a key does; false when the viewer has no use for it. */
function onKey(v: Viewer, key: string): boolean {
  const zoomed = isZoomed(v);
  switch (key) {
    case 'ArrowRight':
      if (zoomed) panBy(v, -STEP, 0);
      else void nextPage(v);
      return true;
    case 'ArrowLeft':
      if (zoomed) panBy(v, STEP, 0);
      else void prevPage(v);
      return true;
    case 'ArrowDown':
    case 'ArrowUp':
      if (!zoomed) return false;
      panBy(v, 0, key === 'ArrowDown' ? -STEP : STEP);
      return true;
    case 'PageDown':
      void nextPage(v);
      return true;
    case 'PageUp':
      void prevPage(v);
      return true;
    case 'Home':
      void go(v, v.first);
      return true;
    case 'End':
      void go(v, v.last);
      return true;
    case '+':
    case '=':
      zoomBy(v, 1.25);
      return true;
    case '-':
      zoomOutBy(v, 1.25);
      return true;
    case '0':
      resetZoom(v);
      return true;
    case 'Escape': {
      const phoneNav = v.mode === 'single' && navOpen(v);
      if (!zoomed && !phoneNav) return false;
      if (phoneNav) setNav(v, false);
      else resetZoom(v);
      return true;
    }
    default:
      return false;
  }
}

export function bindKeyboard(v: Viewer): void {
  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target as HTMLElement | null;
    if (t?.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (onKey(v, ev.key)) ev.preventDefault();
  });
}
