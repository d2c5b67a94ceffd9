/**
 * The furniture at the top of a page: masthead (报头), folio (页眉), special-report banner.
 * Each parser reads printed text and returns model fields; finding the lines is the caller's job.
 */
import type { Editor, Folio, Masthead } from '../model/schema.js';
import { pageCode, pageNumber } from './patterns.js';

const dateRe = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const isoRe = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/;
const weekdayRe = /(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]/;
const lunarRe =
  /(?:农历|農曆)?\s*([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年\s*(?:闰|閏)?[正一二三四五六七八九十冬腊臘]{1,2}月\s*(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]?|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?))/;
const issueRe = /第\s*(\d{2,6})\s*期/;
const pageCountRe = /(?:今日|本期|今天|本日)\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:版|个版|個版)/;
const publisherRe = /(中共[^\s，,。]{1,20}?(?:主管、?主办|主管主辦|主管、主辦|主办|主辦)|[^\s，,。]{2,20}(?:机关报|機關報))/;
const cnRe = /CN\s*\d{2}\s*[-－]\s*\d{4}(?:\s*\/\s*[A-Z]{1,2})?/;
const postalRe = /(?:邮发代号|郵發代號)\s*[:：]?\s*(\d{1,2}\s*[-－]\s*\d{1,3})/;
const paperNameRe = /^[\u4e00-\u9fff]{2,10}(?:日报|晚报|早报|都市报|商报|时报|晨报|日報|晚報|早報|時報|晨報|新闻|新聞|报|報)$/;

export function isoDate(text: string): string | null {
  const m = dateRe.exec(text) ?? isoRe.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A year outside 1800–2199 is no newspaper date (and would not print as four digits).
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1800 || y > 2199) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isPaperName(text: string): boolean {
  return paperNameRe.test(text.trim());
}

/** How many masthead features a line carries (date, 农历, 期号, 版数, publisher, CN, 邮发代号, weekday). */
export function mastheadFeatures(text: string): number {
  return [dateRe, weekdayRe, lunarRe, issueRe, pageCountRe, publisherRe, cnRe, postalRe].filter((re) => re.test(text))
    .length;
}

export function parseMasthead(paper: string | null, lines: string[]): Masthead {
  const text = lines.join(' ');
  const english = lines.find((l) => /^[A-Za-z][A-Za-z .'-]{3,}$/.test(l.trim()));
  const count = pageCountRe.exec(text);
  return {
    paper,
    englishName: english ? english.trim() : null,
    date: isoDate(text),
    weekday: weekdayRe.exec(text)?.[0] ?? null,
    lunarDate: lunarRe.exec(text)?.[1]?.replace(/\s+/g, '') ?? null,
    issueNumber: issueRe.exec(text) ? Number(issueRe.exec(text)![1]) : null,
    pageCount: count ? pageNumber(count[1]!) : null,
    publisher: publisherRe.exec(text)?.[1] ?? null,
    cn: cnRe.exec(text)?.[0]?.replace(/\s+/g, ' ') ?? null,
    postalCode: postalRe.exec(text)?.[1]?.replace(/\s+/g, '') ?? null,
  };
}

const EDITOR_ROLES = [
  '责任编辑', '責任編輯', '美术编辑', '美術編輯', '见习编辑', '見習編輯', '版式设计', '版式設計', '版式', '组版', '組版',
  '校对', '校對', '美编', '美編', '编辑', '編輯', '制图', '製圖',
];
const editorRe = new RegExp(
  `(${EDITOR_ROLES.join('|')})\\s*[:：]\\s*([\\u4e00-\\u9fff·]{2,4}(?:[ 　]+[\\u4e00-\\u9fff]{2,3}(?=[ 　]|$)(?![ 　]*[:：]))*)`,
  'g',
);
const phoneRe = /(?:电话|電話|热线|熱線)\s*[:：]\s*([\d-]{5,})/;
const folioNumberRe = /^(?:第\s*([A-Z]?[0-9一二三四五六七八九十]{1,3})\s*版|([A-Z]?\d{1,2}))\s*(?:版)?[\s·|｜]+([\u4e00-\u9fff]{2,6})(?=\s|$)/;

/** How many folio features a line carries (page number + section, date, phone, editors). */
export function folioFeatures(text: string): number {
  let n = 0;
  if (folioNumberRe.test(text.trim())) n += 2;
  if (dateRe.test(text)) n++;
  if (phoneRe.test(text)) n++;
  editorRe.lastIndex = 0;
  if (editorRe.test(text)) n++;
  editorRe.lastIndex = 0;
  return n;
}

/** The page code a folio line prints ("A02 要闻" → "A02", "第3版 时评" → "03"), or null. */
export function folioCode(lines: string[]): string | null {
  const num = folioNumberRe.exec(lines.join(' ').trim());
  return num ? pageCode(num[1] ?? num[2] ?? '') : null;
}

export function parseFolio(lines: string[]): Folio {
  const text = lines.join(' ');
  const editors: Editor[] = [];
  editorRe.lastIndex = 0;
  for (let m = editorRe.exec(text); m; m = editorRe.exec(text)) {
    for (const name of m[2]!.split(/[ 　]+/).filter(Boolean)) editors.push({ role: m[1]!, name });
  }
  const num = folioNumberRe.exec(text.trim());
  return {
    number: num ? pageNumber(num[1] ?? num[2] ?? '') : null,
    date: isoDate(text),
    weekday: weekdayRe.exec(text)?.[0] ?? null,
    section: num ? num[3]! : null,
    phone: phoneRe.exec(text)?.[1] ?? null,
    editors,
  };
}
