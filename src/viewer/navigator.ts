/**
 * The page navigator: opened and closed with its button (beside the page on wide screens, over it on
 * phones), and redrawn for a new layout, keeping thumbnails on screen until their new image has loaded.
 */
import type { Viewer } from './context.js';
import { apply, measure } from './zoom.js';

export function setNav(v: Viewer, open: boolean, fromLink = false): void {
  if (fromLink && v.mode === 'spread') return;
  document.body.classList.toggle('ep-nav-open', open);
  document.body.classList.toggle('ep-nav-closed', !open);
  v.el.navBtn.setAttribute('aria-expanded', String(open));
}

export function navOpen(v: Viewer): boolean {
  return v.mode === 'spread' ? !document.body.classList.contains('ep-nav-closed') : document.body.classList.contains('ep-nav-open');
}

export function bindNavigator(v: Viewer): void {
  v.el.navBtn.addEventListener('click', () => {
    setNav(v, !navOpen(v));
    measure(v);
    apply(v);
    if (navOpen(v)) v.el.nav.querySelector<HTMLElement>('a[aria-current="page"]')?.focus({ preventScroll: true });
  });
}

function thumbnail(a: HTMLAnchorElement, w: number, h: number, thumb: string | undefined): void {
  let img = a.querySelector('img');
  if (!img) {
    img = document.createElement('img');
    img.alt = '';
    img.decoding = 'async';
    a.append(img);
  }
  img.width = 120;
  img.height = Math.round((120 * h) / w);
  if (!thumb || img.getAttribute('src') === thumb) return;
  if (!img.getAttribute('src')) img.src = thumb;
  else {
    const next = new Image();
    const target = img;
    next.onload = () => (target.src = thumb);
    next.src = thumb;
  }
}

/** The navigator's list for the current pages. */
export function renderNav(v: Viewer): void {
  const list = v.el.nav.querySelector('ol');
  if (!list) return;
  const old = new Map<string, HTMLAnchorElement>();
  for (const a of list.querySelectorAll<HTMLAnchorElement>('a[data-page]')) old.set(a.dataset.page!, a);
  const items = v.d.pages.map((p) => {
    const li = document.createElement('li');
    const a = old.get(String(p.n)) ?? document.createElement('a');
    a.href = p.href;
    a.dataset.page = String(p.n);
    thumbnail(a, p.w, p.h, p.thumb);
    for (const span of a.querySelectorAll('span')) span.remove();
    const num = document.createElement('span');
    num.className = 'ep-nav-n';
    num.textContent = `第${p.label}版`;
    a.append(num);
    if (p.section) {
      const sec = document.createElement('span');
      sec.className = 'ep-nav-sec';
      sec.textContent = p.section;
      a.append(sec);
    }
    li.append(a);
    return li;
  });
  list.replaceChildren(...items);
}
