/** The tools around the page: where the reader is, the page buttons, Back, the PDF link, the navigator's mark. */
import type { Viewer } from './context.js';
import { depth } from './history.js';
import { pagesOf } from './spreads.js';
import { showHeadlines } from './headlines.js';

function updatePdfLink(v: Viewer, pages: number[]): void {
  const link = v.el.pdfLink;
  if (!link) return;
  const p = v.info.get(v.current)!;
  if (p.pdf) {
    link.href = p.pdf;
    link.hidden = false;
    link.removeAttribute('aria-disabled');
    link.setAttribute('download', '');
    link.textContent = v.mode === 'spread' && pages.length > 1 ? `第${p.label}版PDF` : '本版PDF';
  } else {
    link.removeAttribute('href');
    link.hidden = true;
  }
}

/** Marks the pages on screen in the navigator and scrolls the first of them into its view. */
function markNavigator(v: Viewer, pages: number[]): void {
  const nav = v.el.nav;
  let currentLink: HTMLElement | null = null;
  for (const a of nav.querySelectorAll<HTMLAnchorElement>('a[data-page]')) {
    const on = pages.includes(Number(a.dataset.page));
    if (on) {
      a.setAttribute('aria-current', 'page');
      currentLink ??= a;
    } else a.removeAttribute('aria-current');
  }
  if (!currentLink) return;
  const r = currentLink.getBoundingClientRect();
  const lr = nav.getBoundingClientRect();
  if (r.top < lr.top || r.bottom > lr.bottom) nav.scrollTop += r.top - lr.top - (lr.height - r.height) / 2;
  if (r.left < lr.left || r.right > lr.right) nav.scrollLeft += r.left - lr.left - (lr.width - r.width) / 2;
}

export function updateChrome(v: Viewer): void {
  const { where, prevBtn, nextBtn, backBtn } = v.el;
  const p = v.info.get(v.current)!;
  const pages = pagesOf(v.shown);
  where.textContent = pages.map((n) => `第${v.info.get(n)!.label}版`).join(' – ');
  document.title = `${v.d.title} · 第${p.label}版${p.section ? ` ${p.section}` : ''}`;
  prevBtn.disabled = pages[0] === v.first;
  nextBtn.disabled = pages[pages.length - 1] === v.last;
  backBtn.disabled = depth() === 0;
  updatePdfLink(v, pages);
  markNavigator(v, pages);
  showHeadlines(pages);
}
