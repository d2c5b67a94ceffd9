/** Announcements for screen readers through the live region. */
import type { Viewer } from './context.js';

export function announce(v: Viewer, text: string): void {
  v.el.live.textContent = '';
  setTimeout(() => (v.el.live.textContent = text), 30);
}
