/**
 * What text exports of newspaper pages print around their articles, line by line: page headers
 * (1957年7月20日人民日报 第3版, 第3版(要闻), 01版:要闻), 专栏/栏目/版面 labels, page lists, dates in their
 * spellings (dotted, Minguo, Chinese numerals), site navigation and wiki chrome.
 */
import { pageCode, pageNumber, visibleLength } from '../patterns.js';

export interface Line {
  text: string;
  /** 1-based line number in the file. */
  line: number;
  column: number;
}

export function linesOf(text: string): Line[] {
  return text.split('\n').map((raw, i) => {
    const trimmed = raw.replace(/[\s\u00a0\u3000]+$/u, '');
    const lead = trimmed.length - trimmed.replace(/^[\s\u00a0\u3000]+/u, '').length;
    return { text: trimmed.trim(), line: i + 1, column: lead + 1 };
  });
}

const CN_NUM = '〇零一二三四五六七八九十O○';
const cnYear = (s: string) => Number([...s].map((c) => '〇零一二三四五六七八九'.indexOf(c === 'O' || c === '○' ? '〇' : c)).map((d) => (d <= 0 ? 0 : d - 1)).join(''));

/** Dates as text exports print them: 2025.12.22, 1986-10-04, 19861011, 中華民國91年3月19日, 二O一一年十二月三十日, 2 0 1 3 年. */
export function looseDate(raw: string): string | null {
  const t = raw.replace(/(\d)\s+(?=\d|年|月|日)/g, '$1').replace(/(年|月)\s+(?=\d)/g, '$1');
  const iso = (y: number, m: number, d: number) =>
    m >= 1 && m <= 12 && d >= 1 && d <= 31 && y > 1800 && y < 2200 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
  let m = /(?:中華民國|中华民国|民國|民国)\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(t);
  if (m) return iso(Number(m[1]) + 1911, Number(m[2]), Number(m[3]));
  m = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})(?:\s*[/／]\s*\d{1,2})?\s*日/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?<!\d)(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(`([${CN_NUM}]{4})年([${CN_NUM}]{1,3})月([${CN_NUM}]{1,3})日`).exec(t);
  if (m) return iso(cnYear(m[1]!), pageNumber(m[2]!.replace(/[O○]/g, '〇')) ?? 0, pageNumber(m[3]!.replace(/[O○]/g, '〇')) ?? 0);
  m = /(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export interface PageHeader {
  paper?: string;
  date?: string;
  code?: string;
  number?: number;
  section?: string;
}

const PAPER = '[\\u4e00-\\u9fff]{2,10}?(?:日报|晚报|早报|晨报|商报|时报|军报|青年报|日報|晚報|早報|時報|新報|新报)';

/**
 * A line that is a page header or folio: "1951年9月15日人民日报 第1版", "第1版(要闻)", "第 1 版", "01版:要闻",
 * "人民日报2025.12.22星期一", "解放军报>19861011", "版面:头版". Null when the line is not one.
 */
export function pageHeader(text: string): PageHeader | null {
  const t = text.trim();
  let m = new RegExp(`^(.{0,14}?\\d{1,2}\\s*日)\\s*(${PAPER})\\s*第\\s*([A-Z]?\\d{1,3})\\s*版$`).exec(t);
  if (m) return { date: looseDate(m[1]!) ?? undefined, paper: m[2]!, code: pageCode(m[3]!)!, number: pageNumber(m[3]!)! };
  m = /^第\s*([A-Z]?\d{1,3}|[一二三四五六七八九十]{1,3})\s*版\s*(?:[(（]\s*([^()（）]*?)\s*[)）])?$/.exec(t);
  if (m) return { code: pageCode(m[1]!)!, number: pageNumber(m[1]!)!, ...(m[2] ? { section: m[2] } : {}) };
  m = /^([A-Z]?\d{1,3})\s*版\s*[:：]\s*(\S.{0,30})$/.exec(t);
  if (m) return { code: pageCode(m[1]!)!, number: pageNumber(m[1]!)!, section: m[2]!.trim() };
  m = new RegExp(`^(${PAPER})\\s*(?:>|＞)?\\s*(\\d{4}[.\\-/]?\\d{1,2}[.\\-/]?\\d{1,2})\\s*(?:星期[一二三四五六日天])?$`).exec(t);
  if (m && looseDate(m[2]!)) return { paper: m[1]!, date: looseDate(m[2]!)! };
  m = /^(?:版面|版次)\s*[:：]\s*(\S{1,12})$/.exec(t);
  if (m) {
    const code = /^[A-Z]?\d{1,3}$/.test(m[1]!) ? pageCode(m[1]!) : null;
    return code ? { code, number: pageNumber(m[1]!)! } : { section: m[1]! };
  }
  return null;
}

/** "专栏:", "专栏:国际短讯", "栏目:本报评论员": the column label of the item under it. */
export function columnLabel(text: string): { key: string; value: string } | null {
  const m = /^(专栏|專欄|栏目|欄目)\s*[:：]\s*(.{0,20})$/.exec(text.trim());
  return m ? { key: m[1]!, value: m[2]!.trim() } : null;
}

const NAV_WORDS = /^(?:首页|首頁|主頁|主页|要闻|要聞|新闻|新聞|社論|社论|評論|评论|国际|國際|體育|体育|經濟|经济|副刊|港聞|影視|中國|中国|財經|财经|娱乐|娛樂|回首頁|回首页|即時新聞|图片|圖片|视频|視頻|專題報導|专题|專題|自由廣場|報社簡介|今日新聞|目录|目錄|[·•|｜])$/;

/** A navigation line: many short items set apart by spaces or dots. */
export function isNavLine(text: string): boolean {
  const t = text.trim();
  if (/^\[?\s*(?:前往新版面|顯示全部題目|显示全部题目|昔日明報|返回|回首頁|返回首页|上一页|下一页|打印|關閉|关闭)\s*\]?$/.test(t)) return true;
  const parts = t.split(/\s*[·•|｜]\s*|\s{2,}|\s/).filter(Boolean);
  if (parts.length < 4) return false;
  const short = parts.filter((p) => visibleLength(p) <= 6).length;
  const known = parts.filter((p) => NAV_WORDS.test(p)).length;
  return short === parts.length && (known >= 2 || /\s{2,}|·/.test(t)) && !/[，。！？,]/.test(t);
}

/** DokuWiki and archive chrome: "年月日:1986:19861011:…", "上一日:…", "分析思考>19861011", "目录". */
export function isWikiChrome(text: string): boolean {
  return /^(?:[^\s:>]{1,8}:\d{4}:\d{8}|上一日\s*[:：]|下一日\s*[:：]|[^\s>]{1,8}>\d{8}$|目录$|目錄$|Page\s+\d+$)/.test(text.trim());
}
