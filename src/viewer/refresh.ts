/**
 * A new layout of the edition on screen in place (the editor preview): the same page, zoom and pan, no
 * animation; the navigator's thumbnails follow once the edits pause.
 */
import { articleEl, markArticle } from './articles.js';
import { draw } from './book.js';
import { updateChrome } from './chrome.js';
import { setEdition, type Viewer } from './context.js';
import { fragment } from './fragments.js';
import { record } from './history.js';
import { run } from './navigation.js';
import { renderNav } from './navigator.js';
import type { ViewerData } from './protocol.js';
import { pagesOf, spreadOf } from './spreads.js';

let navTimer = 0;

export async function refresh(v: Viewer, next: ViewerData, ready?: Promise<unknown>): Promise<void> {
  const gen = ++v.generation;
  while (v.busy) {
    await new Promise((r) => setTimeout(r, 16));
    if (gen !== v.generation) return;
  }
  v.busy = true;
  try {
    setEdition(v, next);
    if (v.order.length === 0) return;
    v.fragments.clear();
    v.loading.clear();
    if (!v.info.has(v.current)) v.current = [...v.order].reverse().find((n) => n <= v.current) ?? v.first;
    const s = spreadOf(v, v.current);
    const texts = await Promise.all(pagesOf(s).map((n) => fragment(v, n)));
    await ready?.catch(() => undefined);
    if (gen !== v.generation) return;
    pagesOf(s).forEach((n, i) => v.fragments.set(n, texts[i]!.trim()));
    draw(v, s, true);
    if (v.article && !articleEl(v, v.current, v.article)) v.article = null;
    markArticle(v, v.current, v.article);
    record(v, v.current, v.article, false);
    updateChrome(v);
    clearTimeout(navTimer);
    // Thumbnails follow once the edits pause: making them must not slow the next update down.
    navTimer = window.setTimeout(() => {
      renderNav(v);
      updateChrome(v);
    }, 2000);
  } finally {
    v.busy = false;
  }
  if (v.pending) void run(v);
}
