/**
 * Text pulled out of print PDFs (issuu-style front pages): vertical-text punctuation, characters spaced
 * out by the extraction (2 0 1 3 年, 表 示), █ for spaces, page markers (Page 1), masthead lines with prices,
 * 農曆 dates and 第11020號, teasers ending in page codes (… p04, 詳情見於 A11), tables flattened to one
 * value per line. The text is normalised, the masthead and teasers are taken out, and the rest is read
 * as a plain-text export.
 */
import type { PageHints, RawBlock, ReadResult } from '../blocks.js';
import { block } from '../blocks.js';
import type { Masthead, Teaser } from '../../model/schema.js';
import { parseMasthead } from '../front.js';
import { pageCode, pageNumber, visibleLength } from '../patterns.js';
import type { Reader } from './types.js';
import { readPlainText } from './plain-text.js';
import { looseDate } from './text-lines.js';
import { paperFromTitle } from './site.js';
import { pdfPageParts } from './pdf-pages.js';

const VERTICAL: Record<string, string> = {
  '︽': '《', '︾': '》', '﹁': '「', '﹂': '」', '﹃': '『', '﹄': '』', '︵': '（', '︶': '）', '︿': '〈', '﹀': '〉',
  '︹': '〔', '︺': '〕', '︻': '【', '︼': '】', '︐': '，', '︑': '、', '︒': '。', '︓': '：', '︔': '；', '︕': '！', '︖': '？',
};

/** How much the text looks like a PDF extraction: one point per kind of sign. */
function pdfSigns(text: string): number {
  const head = text.slice(0, 8000);
  return [
    /^Page\s+\d+\s*$/m,
    /\d\s\d\s\d\s\d\s*年/,
    /[︽︾﹁﹂︵︶﹃﹄]/,
    /█/,
    /^\$?\d+\.\d{2}\s+\d\s+\d{6}\s+\d{6}/m,
    /(?:農曆|农历)|第\s*\d{3,6}\s*[號号]/,
    /\bp\d{2}\}?\s*$/m,
  ].filter((re) => re.test(head)).length;
}

export const pdfTextReader: Reader = {
  name: 'pdf-text',
  sniff({ text, name }) {
    if (/^\s*</.test(text) && !/\.txt$/i.test(name)) return 0;
    const n = pdfSigns(text);
    return n >= 2 ? 0.8 : n === 1 && /\.txt$/i.test(name) ? 0.3 : 0;
  },
  read({ text }) {
    return readPdfText(text);
  },
  readPages({ text }) {
    return readPdfPages(text);
  },
};

/** Opening marks of Chinese text, after which the extraction may leave a space. */
const OPENING = '《「『（【〔〈“‘';

/** Closing marks and pauses of Chinese text, before which the extraction may leave a space. */
const CLOSING = '》」』）】〕〉”’，。、；：！？,;:!?';

/** Pauses inside a sentence, after which the extraction may leave a space (a full stop's space may end a paragraph). */
const PAUSES = '，、；：,;:';

const SPACE_AFTER_OPENING = new RegExp(`(?<=[${OPENING}]) +(?=[\u4e00-\u9fff\u3000-\u303f${OPENING}])`, 'g');
const SPACE_BEFORE_CLOSING = new RegExp(`(?<=[\u4e00-\u9fff\u3000-\u303f${CLOSING}]) +(?=[${CLOSING}])`, 'g');
const SPACE_AFTER_PAUSE = new RegExp(`(?<=[\u4e00-\u9fff\u3000-\u303f${CLOSING}][${PAUSES}]) +(?=[\u4e00-\u9fff${OPENING}])`, 'g');

/**
 * Undo extraction damage that is certain: vertical punctuation, █ spaces, digits spaced apart, runs of
 * spaced Han, and spaces inside brackets and quotes, before a pause after Chinese text and after a
 * pause inside a sentence (《 左右大局 》, 李慧玲 , 突然).
 */
export function normalisePdfText(text: string): string {
  return text
    .replace(/[︽︾﹁﹂﹃﹄︵︶︿﹀︹︺︻︼︐︑︒︓︔︕︖]/g, (c) => VERTICAL[c] ?? c)
    .replace(SPACE_AFTER_OPENING, '')
    .replace(SPACE_BEFORE_CLOSING, '')
    .replace(SPACE_AFTER_PAUSE, '')
    .replace(/█+/g, ' ')
    .replace(/(?<=\d) (?=\d|年|月|日)/g, '')
    .replace(/(?<=[年月]) (?=\d)/g, '')
    .replace(/(?<=星) (?=期)|(?<=期) (?=[一二三四五六日])/g, '')
    // "李 慧 玲 指 經 歷": three or more single Han characters set apart by spaces are one word.
    .replace(/(?:[\u4e00-\u9fff] ){2,}[\u4e00-\u9fff]/g, (run) => run.replace(/ /g, ''));
}

const TEASER_TAIL = /^(.*?)\s*(?:(?:詳情見於|详情见于|詳見|详见|見|见)\s*)?[{(（]?\s*(?:[Pp]\s*(\d{1,2})|([A-Z]\d{1,2})|第?\s*(\d{1,2})\s*版)\s*[})）]?$/;

/** The first page of a PDF-text export. */
export function readPdfText(raw: string): ReadResult {
  return readPdfPages(raw)[0]!;
}

/**
 * Every page a PDF-text export holds (see pdf-pages.ts), each read on the lines of its part (the other
 * lines blank, so that positions stay those of the file), its page header taken out as its number,
 * code, section and date.
 */
export function readPdfPages(raw: string): ReadResult[] {
  const lines = normalisePdfText(raw).split('\n');
  return pdfPageParts(lines).map((part, k) => {
    const own = new Set(part.header);
    const kept = lines.map((l, i) => (i >= part.start && i < part.end && !own.has(i) ? l.replace(/\f/g, '') : ''));
    const result = readPdfPart(kept, k === 0);
    const hints = result.hints!;
    if (part.number !== null) {
      hints.number = part.number;
      hints.code = part.code;
    }
    if (part.section) hints.section = part.section;
    if (part.date) hints.date ??= part.date;
    return result;
  });
}

/** One page: masthead furniture (on the first page) and teasers taken out, the rest read as plain text. */
function readPdfPart(lines: string[], first: boolean): ReadResult {
  const masthead: string[] = [];
  const teasers: { teaser: Teaser; line: number }[] = [];
  let last = '';
  const kept = lines.map((l, i) => {
    const t = l.trim();
    if (t === '') return l;
    // Masthead furniture on the first page: dates, 農曆, 期號, prices, addresses, web addresses.
    if (/^[\p{P}\p{S}\s]+$/u.test(t)) return '';
    if (first && i < 40 && (/^(?:Page\s+\d+|\d[\d_]*_[a-z_ ]+)$/i.test(t) || /^\$\d+\.\d{2}/.test(t) || /(?:農曆|农历|星期|第\s*\d{3,6}\s*[號号期])/.test(t) && visibleLength(t) <= 80 || /^(?:Website|www\.)/i.test(t))) {
      masthead.push(t);
      return '';
    }
    const m = TEASER_TAIL.exec(t);
    if (m && visibleLength(t) <= 40 && (m[2] || m[3]) && !/\d{3,}/.test(m[1] ?? '')) {
      const page = m[2] ? Number(m[2]) : m[3] ? pageNumber(m[3]) : Number(m[4]);
      const headline = (m[1] || last).trim();
      if (headline) teasers.push({ teaser: { headline, page, text: t, article: null }, line: i + 1 });
      return '';
    }
    last = t;
    return l;
  });
  const result = readPlainText(kept.join('\n'), 'pdf-text');
  const hints = result.hints as PageHints & { meta: Record<string, string>; masthead?: Masthead; teasers?: { teaser: Teaser; line: number }[] };
  const date = masthead.map(looseDate).find(Boolean) ?? null;
  const paper = lines.slice(0, 40).map((l) => /([\u4e00-\u9fff]{2,8}(?:日報|日报|新報|新报|時報|时报|晚報|晚报))(?:網|网)?/.exec(l)?.[1]).find(Boolean) ?? paperFromTitle(lines[0] ?? '') ?? null;
  if (masthead.length) {
    const m = parseMasthead(paper, masthead);
    hints.masthead = { ...m, date: m.date ?? date };
    hints.number = 1;
    hints.code = pageCode('1');
  }
  hints.date ??= date;
  hints.paper ??= paper;
  hints.teasers = teasers;
  result.blocks = result.blocks.filter((b: RawBlock) => b.lines.join('').trim() !== '' || b.images.length > 0);
  if (result.blocks.length === 0) {
    const b = block('paragraph', { line: 1, column: 1, endLine: 1 }, { lineOffset: 0, quote: false });
    b.lines = [];
  }
  return result;
}
