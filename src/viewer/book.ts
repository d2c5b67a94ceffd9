/**
 * The book on the stage: the slots of the pages on screen, drawn at once, with a page turn (a leaf
 * turning over half of a spread) on wide screens, or a slide on phones.
 */
import type { Spread, Viewer } from './context.js';
import { pagesOf } from './spreads.js';
import { apply, measure, stageSize } from './zoom.js';

const TURN_MS = 650;
const SLIDE_MS = 200;

function slot(v: Viewer, n: number | null, x: number, reuse?: Map<number, HTMLElement>, replace = false): HTMLElement {
  const kept = n != null ? reuse?.get(n) : undefined;
  const el = kept ?? document.createElement('div');
  el.className = 'ep-slot';
  el.style.left = `${x}px`;
  if (n != null) {
    const p = v.info.get(n)!;
    el.dataset.n = String(n);
    el.style.width = `${p.w}px`;
    el.style.height = `${p.h}px`;
    if (!kept || replace) el.innerHTML = v.fragments.get(n) ?? '';
  } else {
    el.classList.add('ep-empty');
    el.style.width = `${v.unitW}px`;
    el.style.height = `${v.unitH}px`;
  }
  return el;
}

/** Put the pages of spread s on the book (no animation); `replace` redraws pages already there. */
export function draw(v: Viewer, s: Spread, replace = false): void {
  const { book, stage } = v.el;
  const hadFocus = book.contains(document.activeElement);
  const pages = pagesOf(s);
  v.units = v.mode === 'spread' && pages.length === 2 ? 2 : 1;
  const reuse = new Map<number, HTMLElement>();
  for (const el of book.querySelectorAll<HTMLElement>(':scope > .ep-slot[data-n]')) reuse.set(Number(el.dataset.n), el);
  const nodes: HTMLElement[] = [];
  if (v.units === 2) nodes.push(slot(v, s[0] ?? null, 0, reuse, replace), slot(v, s[1] ?? null, v.unitW, reuse, replace));
  else nodes.push(slot(v, pages[0] ?? null, 0, reuse, replace));
  book.replaceChildren(...nodes);
  const stillFocused = hadFocus && book.contains(document.activeElement);
  book.dataset.mode = v.mode;
  v.shown = s;
  measure(v);
  apply(v);
  if (hadFocus && !stillFocused) stage.focus({ preventScroll: true });
}

function leafFace(v: Viewer, n: number | null, back: boolean): HTMLElement {
  const face = document.createElement('div');
  face.className = back ? 'ep-face ep-face-back' : 'ep-face';
  if (n != null) face.innerHTML = v.fragments.get(n) ?? '';
  return face;
}

/** Spread page turn: a leaf turns over the right (forward) or left (backward) half of the book. */
export async function turn(v: Viewer, from: Spread, to: Spread, forward: boolean): Promise<void> {
  const { book } = v.el;
  v.units = 2;
  const under: Spread = forward ? [from[0] ?? null, to[1] ?? null] : [to[0] ?? null, from[1] ?? null];
  book.replaceChildren(slot(v, under[0] ?? null, 0), slot(v, under[1] ?? null, v.unitW));
  const leaf = document.createElement('div');
  leaf.className = `ep-leaf ${forward ? 'ep-leaf-fwd' : 'ep-leaf-back'}`;
  leaf.style.left = forward ? `${v.unitW}px` : '0px';
  leaf.style.width = `${v.unitW}px`;
  leaf.style.height = `${v.unitH}px`;
  leaf.inert = true;
  leaf.append(leafFace(v, forward ? (from[1] ?? null) : (from[0] ?? null), false), leafFace(v, forward ? (to[0] ?? null) : (to[1] ?? null), true));
  book.append(leaf);
  book.classList.add('ep-turning', 'ep-glide');
  measure(v);
  apply(v);
  const angle = forward ? -180 : 180;
  const anim = leaf.animate(
    [
      { transform: 'perspective(6000px) rotateY(0deg)' },
      { transform: `perspective(6000px) rotateY(${angle / 2}deg) scaleY(1.015)`, offset: 0.5 },
      { transform: `perspective(6000px) rotateY(${angle}deg)` },
    ],
    { duration: TURN_MS, easing: 'ease-in-out', fill: 'forwards' },
  );
  await anim.finished.catch(() => undefined);
  book.classList.remove('ep-turning');
  draw(v, to);
  setTimeout(() => book.classList.remove('ep-glide'), 320);
}

/** Phone page change: the page slides out and the next slides in. */
export async function slide(v: Viewer, to: Spread, forward: boolean, dragged: number): Promise<void> {
  const { track } = v.el;
  const { W } = stageSize(v);
  const out = forward ? -W : W;
  await track.animate([{ transform: `translateX(${dragged}px)` }, { transform: `translateX(${out}px)` }], { duration: SLIDE_MS, easing: 'ease-in' }).finished.catch(() => undefined);
  draw(v, to);
  await track.animate([{ transform: `translateX(${-out}px)` }, { transform: 'translateX(0px)' }], { duration: SLIDE_MS, easing: 'ease-out' }).finished.catch(() => undefined);
  track.style.transform = '';
}
