/**
 * Names and addresses of what a server shows: printed page labels and sections, Chinese dates, issue
 * numbers and titles, and every URL of the URL scheme (see index.ts). Pure functions of a SiteEdition.
 */
import type { Edition } from '../model/schema.js';
import { pageSlug } from '../layout/index.js';
import type { FramePage } from '../layout/types.js';
import type { SiteEdition } from './types.js';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2023-02-01 → 2023年2月1日 星期三 */
export function chineseDate(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日 ${WEEKDAYS[d.getUTCDay()]}`;
}

export function issueNumber(e: SiteEdition): number | null {
  for (const p of e.edition.pages) if (p.masthead?.issueNumber != null) return p.masthead.issueNumber;
  return null;
}

export function editionTitle(e: SiteEdition): string {
  return [e.edition.paper ?? '电子报', e.edition.date ?? ''].filter(Boolean).join(' ');
}

/*
 * Pages are named n, their 1-based position in the edition's frames. What a reader sees and what URLs
 * say is the page's code (FramePage.code, "A01", "03"): pageLabel and pageSegment.
 */

/** The frame page at position n, or undefined. */
export function framePage(e: SiteEdition, n: number): FramePage | undefined {
  return Number.isInteger(n) && n >= 1 ? e.edition.layout.pages[n - 1] : undefined;
}

/** The model page drawn on frame page n. */
export function modelPage(e: SiteEdition, n: number): Edition['pages'][number] | undefined {
  return framePage(e, n) ? e.edition.pages[n - 1] : undefined;
}

/** "01", "A01" …: the code of frame page n, as printed in 第…版. */
export function pageLabel(e: SiteEdition, n: number): string {
  return framePage(e, n)?.code ?? String(n).padStart(2, '0');
}

/** The name of frame page n in URLs: "A01", or "3" for a page numbered 03 (see pageSlug). */
export function pageSegment(e: SiteEdition, n: number): string {
  const page = framePage(e, n);
  return page ? pageSlug(page.code) : String(n);
}

/** The frame page a URL segment names ("A01", "a01", "3", "03"), or undefined. */
export function pageAt(e: SiteEdition, segment: string | undefined): number | undefined {
  if (!segment || segment.length > 16) return undefined;
  const want = /^\d+$/.test(segment) ? String(Number(segment)) : segment.toUpperCase();
  const i = e.edition.layout.pages.findIndex((p) => pageSlug(p.code).toUpperCase() === want);
  return i >= 0 ? i + 1 : undefined;
}

/** The frame page of a page code (a link's FramePage.code), or undefined. */
export function pageOfCode(e: SiteEdition, code: string): number | undefined {
  const i = e.edition.layout.pages.findIndex((p) => p.code === code);
  return i >= 0 ? i + 1 : undefined;
}

export function pageSection(e: SiteEdition, n: number): string | null {
  const p = modelPage(e, n);
  return p?.section ?? p?.folio?.section ?? null;
}

/** "第03版 要闻": how a page is named in links. */
export function pageName(e: SiteEdition, n: number): string {
  const section = pageSection(e, n);
  return `第${pageLabel(e, n)}版${section ? ` ${section}` : ''}`;
}

/** Whether an article has a box on frame page n. */
export function hasArticle(e: SiteEdition, n: number, article: string): boolean {
  return framePage(e, n)?.boxes.some((b) => b.article === article) ?? false;
}

/** Articles of frame page n in the order their first box appears. */
export function articlesOn(e: SiteEdition, n: number): { id: string; headline: string | null }[] {
  const seen = new Set<string>();
  const out: { id: string; headline: string | null }[] = [];
  for (const b of framePage(e, n)?.boxes ?? []) {
    if (!b.article || seen.has(b.article)) continue;
    seen.add(b.article);
    const a = e.edition.pages.flatMap((p) => p.articles).find((x) => x.id === b.article);
    out.push({ id: b.article, headline: a?.headline ?? null });
  }
  return out;
}

/* ---------- URLs ---------- */

const enc = encodeURIComponent;

/** URL of the viewer of an edition, at its first page. */
export function editionHref(id: string): string {
  return `/e/${enc(id)}/`;
}

/** URL of the viewer at frame page n (and an article on it). */
export function viewerHref(e: SiteEdition, n: number, article?: string | null): string {
  const base = editionHref(e.id);
  if (n <= 1 && !article) return base;
  return `${base}${enc(pageSegment(e, n))}/${article ? enc(article) : ''}`;
}

/** URL of the article view of an article on frame page n. */
export function readHref(e: SiteEdition, n: number, article: string, query = ''): string {
  return `/e/${enc(e.id)}/${enc(pageSegment(e, n))}/${enc(article)}/read${query}`;
}

/** URL of the share card of frame page n (or of an article on it). */
export function shareHref(e: SiteEdition, n: number, article?: string | null): string {
  return `/e/${enc(e.id)}/share/${enc(pageSegment(e, n))}${article ? `/${enc(article)}` : ''}.png`;
}

/** "?v=<rev>" for an edition served with a revision (the editor preview), else "". */
export function revQuery(e: SiteEdition): string {
  return e.rev ? `?v=${enc(e.rev)}` : '';
}

export function fragmentHref(e: SiteEdition, n: number): string {
  return `/e/${enc(e.id)}/pages/${enc(pageSegment(e, n))}.html${revQuery(e)}`;
}

export function thumbHref(e: SiteEdition, n: number): string {
  return `/e/${enc(e.id)}/thumbs/${enc(pageSegment(e, n))}.webp${revQuery(e)}`;
}

export function pdfHref(e: SiteEdition, n: number): string | null {
  const file = e.pdfs.get(n);
  return file ? `/e/${enc(e.id)}/pdf/${enc(file)}${revQuery(e)}` : null;
}

export function editionPdfHref(e: SiteEdition): string | null {
  return e.editionPdf ? `/e/${enc(e.id)}/pdf/edition.pdf` : null;
}

export function apiHref(id?: string): string {
  return id === undefined ? '/api/editions' : `/api/editions/${enc(id)}`;
}

/** Photo URL inside a page (relative to the viewer's <base>), with the images' revision when there is one. */
export function imageHref(e: SiteEdition, file: string): string {
  const path = `images/${file.split('/').map(enc).join('/')}`;
  return e.imageRev ? `${path}?v=${enc(e.imageRev)}` : path;
}

export function previewEventsHref(id: string): string {
  return `/e/${enc(id)}/events`;
}
