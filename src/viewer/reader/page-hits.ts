/**
 * Search hits on the page view: the phrases of ?hl= (as the search results link them) are looked for
 * in each article's lines on every page drawn, joined in reading order so that a phrase broken over
 * two lines is found, and every line holding part of a hit is marked (class ep-hit).
 */
import { highlightQuery } from './highlight.js';

/** Marks the lines of a page that hold part of a phrase; returns the marked lines. */
export function markHits(page: Element, phrases: string[]): Element[] {
  const groups = new Map<string | Element, Element[]>();
  for (const box of page.querySelectorAll<HTMLElement>('.ep-box')) {
    const key = box.dataset.article ?? box;
    const lines = [...box.querySelectorAll('.l')];
    const list = groups.get(key);
    if (list) list.push(...lines);
    else groups.set(key, lines);
  }
  const marked: Element[] = [];
  for (const lines of groups.values()) {
    let text = '';
    const starts: number[] = [];
    for (const l of lines) {
      starts.push(text.length);
      text += l.textContent ?? '';
    }
    for (const phrase of phrases) {
      for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
        const end = at + phrase.length;
        lines.forEach((l, i) => {
          const s = starts[i] as number;
          const e = i + 1 < starts.length ? (starts[i + 1] as number) : text.length;
          if (s < end && e > at && !l.classList.contains('ep-hit')) {
            l.classList.add('ep-hit');
            marked.push(l);
          }
        });
      }
    }
  }
  return marked;
}

export function bindPageHits(book: HTMLElement): void {
  const phrases = highlightQuery();
  if (!phrases.length) return;
  const mark = (root: ParentNode) => {
    const pages = root instanceof HTMLElement && root.matches('.ep-page') ? [root] : [...root.querySelectorAll('.ep-page')];
    for (const p of pages) markHits(p, phrases);
  };
  new MutationObserver((records) => {
    for (const r of records) for (const node of r.addedNodes) if (node instanceof HTMLElement) mark(node);
  }).observe(book, { childList: true, subtree: true });
  mark(book);
}
