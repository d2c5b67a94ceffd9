/**
 * Where one PDF-text export holds several pages: at form feeds, and at page headers printed on every
 * page — a line that is only the page number, with or without the section ("02", "要聞 04", "A3 城事"),
 * next to a date line, or an extraction marker "Page 3". Pure: lines in, page parts out.
 */
import { pageCode, pageNumber, visibleLength } from '../patterns.js';
import { looseDate } from './text-lines.js';

export interface PdfPagePart {
  /** First and past-the-last line index (0-based) of the part. */
  start: number;
  end: number;
  /** Header lines of the part (folio and date), taken out of its text. */
  header: number[];
  number: number | null;
  code: string | null;
  section: string | null;
  date: string | null;
}

/** Fewer visible characters than this since the last break: a header there is the same page's. */
const MIN_PAGE_CHARS = 200;

const FOLIO = /^(?:([\u4e00-\u9fff]{2,4})\s*)?([A-Z]?\d{1,3})(?:\s*([\u4e00-\u9fff]{2,4}))?$/;
const MARKER = /^Page\s+(\d{1,3})$/i;

interface Header {
  at: number;
  lines: number[];
  number: number | null;
  code: string | null;
  section: string | null;
  date: string | null;
}

/** The non-empty lines nearest to line i: up to n before and n after it. */
function neighbours(lines: string[], i: number, n: number): number[] {
  const out: number[] = [];
  for (let j = i - 1, k = 0; j >= 0 && k < n; j--) if (lines[j]!.trim()) (out.push(j), k++);
  for (let j = i + 1, k = 0; j < lines.length && k < n; j++) if (lines[j]!.trim()) (out.push(j), k++);
  return out;
}

/** A line of a page header giving the date: short, no sentence punctuation ("2013年11月19日•星期二 www.…"). */
function isDateLine(line: string): boolean {
  return visibleLength(line) <= 40 && !/[，。、；！？,;]/.test(line) && looseDate(line) !== null;
}

/** A page header at line i, or null. */
function headerAt(lines: string[], i: number): Header | null {
  const t = lines[i]!.trim();
  const marker = MARKER.exec(t);
  if (marker) return { at: i, lines: [i], number: Number(marker[1]), code: pageCode(marker[1]!), section: null, date: null };
  const m = FOLIO.exec(t);
  if (!m || (m[1] && m[3])) return null;
  const dated = neighbours(lines, i, 2).filter((j) => isDateLine(lines[j]!));
  if (dated.length === 0) return null;
  const all = [i, ...dated].sort((a, b) => a - b);
  return { at: all[0]!, lines: all, number: pageNumber(m[2]!), code: pageCode(m[2]!), section: m[1] ?? m[3] ?? null, date: looseDate(lines[dated[0]!]!) };
}

/**
 * The pages of a PDF-text export, in order; one part (the whole text, no header) when it holds one
 * page. A page starts at a form feed or at a page header with enough text since the last start.
 */
export function pdfPageParts(lines: string[]): PdfPagePart[] {
  const parts: PdfPagePart[] = [{ start: 0, end: lines.length, header: [], number: null, code: null, section: null, date: null }];
  let chars = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const feed = line.includes('\f');
    const h = feed ? null : headerAt(lines, i);
    const current = parts[parts.length - 1]!;
    if (feed && chars > 0) {
      current.end = i;
      parts.push({ start: i, end: lines.length, header: [], number: null, code: null, section: null, date: null });
      chars = 0;
    } else if (h && chars >= MIN_PAGE_CHARS && h.at > current.start) {
      current.end = h.at;
      parts.push({ start: h.at, end: lines.length, header: h.lines, number: h.number, code: h.code, section: h.section, date: h.date });
      chars = 0;
      i = Math.max(i, ...h.lines);
      continue;
    } else if (h && MARKER.test(line.trim()) && current.header.length === 0 && current.number === null) {
      Object.assign(current, { header: h.lines.filter((j) => j >= current.start), number: h.number, code: h.code, section: h.section, date: h.date });
      i = Math.max(i, ...h.lines);
      continue;
    }
    chars += visibleLength(line.replace(/\f/g, ''));
  }
  return parts;
}
