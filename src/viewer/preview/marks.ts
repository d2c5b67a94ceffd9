/**
 * Marks on the page: a box over each box a problem concerns and a badge per article (or place) with
 * its number of problems, kept at the same size on screen whatever the zoom, drawn again when the
 * viewer puts new pages on the book.
 */
import type { ProblemRect } from '../protocol.js';
import { SEV_LABEL, where, worst, type Item, type Preview } from './context.js';

/** Screen size of the page: marks keep their size on screen whatever the zoom. */
function updateScale(pv: Preview): void {
  const { book, stage } = pv.el;
  if (!book || !stage) return;
  const m = /scale\(([\d.e+-]+)\)/.exec(book.style.transform);
  const s = m ? Number(m[1]) : 1;
  if (s > 0) stage.style.setProperty('--ep-pv-s', String(1 / s));
}

/** Marks the boxes of the selected and the hovered problem. */
export function markBoxes(pv: Preview): void {
  if (!pv.el.book) return;
  for (const box of pv.el.book.querySelectorAll<HTMLElement>('.ep-pv-box')) {
    const keys = box.dataset.keys ?? '';
    box.classList.toggle('ep-pv-sel', pv.selected != null && keys.includes(` ${pv.selected} `));
    box.classList.toggle('ep-pv-hover', pv.hovered != null && pv.hovered !== pv.selected && keys.includes(` ${pv.hovered} `));
  }
}

function boxNode(r: ProblemRect, keys: Item[]): HTMLElement {
  const div = document.createElement('div');
  div.className = r.whole ? 'ep-pv-box ep-pv-whole' : 'ep-pv-box';
  div.dataset.sev = worst(keys);
  div.dataset.keys = ` ${keys.map((k) => k.key).join(' ')} `;
  div.style.left = `${r.x}px`;
  div.style.top = `${r.y}px`;
  div.style.width = `${r.w}px`;
  div.style.height = `${r.h}px`;
  return div;
}

function badgeNode(pv: Preview, r: ProblemRect, keys: Item[]): HTMLElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'ep-pv-badge';
  b.dataset.sev = worst(keys);
  b.dataset.keys = ` ${keys.map((k) => k.key).join(' ')} `;
  b.textContent = String(keys.length);
  b.style.left = `${r.x}px`;
  b.style.top = `${r.y}px`;
  const text = keys.map((k) => `${SEV_LABEL[k.severity]} ${where(k)}：${k.message}`).join('\n');
  b.title = text;
  b.setAttribute('aria-label', `${keys.length}个问题：${text}`);
  b.addEventListener('click', (ev) => {
    ev.preventDefault();
    ev.stopPropagation();
    pv.onBadge(keys[0]!.key);
  });
  return b;
}

/** The boxes and badges of frame page n. */
function marksFor(pv: Preview, n: number): HTMLElement[] {
  const boxes = new Map<string, { r: ProblemRect; keys: Item[] }>();
  const groups = new Map<string, { r: ProblemRect; keys: Item[] }>();
  for (const d of pv.items) {
    const rects = d.rects.filter((r) => r.page === n);
    if (rects.length === 0) continue;
    for (const r of rects) {
      const k = `${r.x},${r.y},${r.w},${r.h}`;
      const b = boxes.get(k);
      if (b) {
        if (!b.keys.includes(d)) b.keys.push(d);
      } else boxes.set(k, { r, keys: [d] });
    }
    const top = rects.reduce((a, r) => (r.y < a.y || (r.y === a.y && r.x < a.x) ? r : a));
    const gk = d.article ?? `${top.x},${top.y}`;
    const g = groups.get(gk);
    if (g) {
      g.keys.push(d);
      if (top.y < g.r.y || (top.y === g.r.y && top.x < g.r.x)) g.r = top;
    } else groups.set(gk, { r: top, keys: [d] });
  }
  return [...[...boxes.values()].map(({ r, keys }) => boxNode(r, keys)), ...[...groups.values()].map(({ r, keys }) => badgeNode(pv, r, keys))];
}

/** Draws the marks of every page on the book whose marks are out of date. */
export function updateLayers(pv: Preview): void {
  const book = pv.el.book;
  if (!book) return;
  updateScale(pv);
  for (const slot of book.querySelectorAll<HTMLElement>(':scope > .ep-slot[data-n]')) {
    const n = Number(slot.dataset.n);
    const key = `${pv.shownRev}|${pv.layerVersion}|${n}`;
    let layer = slot.querySelector<HTMLElement>(':scope > .ep-pv-layer');
    if (layer && layer.dataset.key === key) continue;
    if (!layer) {
      layer = document.createElement('div');
      layer.className = 'ep-pv-layer';
    }
    layer.dataset.key = key;
    layer.replaceChildren(...marksFor(pv, n));
    if (layer.parentElement !== slot) slot.append(layer);
  }
  markBoxes(pv);
}

/** Follows the book: new pages get their marks, a new zoom their size. */
export function watchBook(pv: Preview): void {
  const book = pv.el.book;
  if (!book) return;
  let frame = 0;
  const observer = new MutationObserver((records) => {
    let slots = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target === book) updateScale(pv);
      } else if (!(r.target as Element).closest?.('.ep-pv-layer')) slots = true;
    }
    if (slots && !frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        updateLayers(pv);
      });
    }
  });
  observer.observe(book, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
}
