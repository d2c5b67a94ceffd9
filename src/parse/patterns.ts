/**
 * The conventions of Chinese newspaper pages as small, named recognisers: numerals, jumps, teasers,
 * datelines, bylines, photo credits, page credits, metadata lines and junk. Each works on one line of
 * text and knows nothing of the document around it.
 */
import type { Author } from '../model/schema.js';

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
export const hanRe = new RegExp(`[${HAN}]`);
const hanOnly = new RegExp(`^[${HAN}]+$`);

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** "02", "2", "２", "二", "十二", "二十", "二十三", "A3" → 2, 2, 2, 2, 12, 20, 23, 3. */
export function pageNumber(raw: string): number | null {
  let s = raw.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  s = s.replace(/^[A-Za-z]/, '');
  if (/^\d+$/.test(s)) return Number.parseInt(s, 10) || null;
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else current = CN_DIGITS[ch] ?? 0;
  }
  total += current;
  return total > 0 ? total : null;
}

/**
 * A page's identity as printed: section letter + two-digit number. "A1", "a01", "A 3" → "A01"; "01", "1",
 * "一", "十二" → "01", "01", "01", "12"; null when the text is not a page number.
 */
export function pageCode(raw: string): string | null {
  const t = raw.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[Ａ-Ｚａ-ｚ]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^([A-Za-z]?)\s*(.+)$/.exec(t);
  if (!m) return null;
  const n = pageNumber(m[2]!);
  if (n === null || n > 999) return null;
  return `${m[1]!.toUpperCase()}${String(n).padStart(2, '0')}`;
}

/** Order of page codes: section letter first (none before A), then number: 01 < A01 < A02 < B01. */
export function compareCodes(a: string, b: string): number {
  const la = /^[A-Z]/.test(a) ? a[0]! : '';
  const lb = /^[A-Z]/.test(b) ? b[0]! : '';
  if (la !== lb) return la < lb ? -1 : 1;
  return (pageNumber(a) ?? 0) - (pageNumber(b) ?? 0);
}

const NUM = '[A-Za-z]?[0-9０-９零〇一二两三四五六七八九十百]{1,4}';
const MARK = '[①-⑳]';

export interface JumpMatch {
  direction: 'out' | 'in';
  page: number;
  mark: string | null;
  /** The target's page code when the jump names a section letter ("下转A3版" → "A03"). */
  code?: string;
  text: string;
  index: number;
}

const jumpOutRe = new RegExp(
  `[▶►→]?\\s*[（(]?\\s*(?:下转|转)\\s*第?\\s*(${NUM})\\s*版\\s*(${MARK})?\\s*[)）]?`,
  'g',
);
const jumpInRe = new RegExp(`[▲△]?\\s*[（(]?\\s*上接\\s*第?\\s*(${NUM})\\s*版\\s*(${MARK})?\\s*[)）]?`, 'g');

/** Every jump line in a text ("▶下转 02版①", "（上接第一版）", "(转第二版)"). */
export function findJumps(text: string): JumpMatch[] {
  const out: JumpMatch[] = [];
  for (const [re, direction] of [
    [jumpOutRe, 'out'],
    [jumpInRe, 'in'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const page = pageNumber(m[1]!);
      if (page === null) continue;
      // "转" alone is a common verb: accept it only as "(转…版)", "转第…版" or directly after a mark.
      const printed = m[0].trim();
      if (direction === 'out' && !/下转|第|[（(▶►→]/.test(printed)) continue;
      const code = /^[A-Za-z]/.test(m[1]!.trim()) ? pageCode(m[1]!) : null;
      out.push({ direction, page, mark: m[2] ?? null, ...(code ? { code } : {}), text: printed, index: m.index + m[0].indexOf(printed) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

export interface TeaserRefMatch {
  page: number;
  text: string;
  index: number;
}

const teaserRe = new RegExp(
  `[（(]?\\s*(?:相关)?(?:报道|報道|详|詳|全文|文|图文)?[见見]\\s*第?\\s*(${NUM})\\s*版\\s*[)）]?|>{2,3}\\s*第?\\s*(${NUM})\\s*版`,
  'g',
);

/** "报道见 08 版", "详见03版", "（相关报道见第5版）", ">>>02版". */
export function findTeaserRefs(text: string): TeaserRefMatch[] {
  const out: TeaserRefMatch[] = [];
  teaserRe.lastIndex = 0;
  for (let m = teaserRe.exec(text); m; m = teaserRe.exec(text)) {
    const page = pageNumber(m[1] ?? m[2] ?? '');
    if (page === null) continue;
    const printed = m[0].trim();
    out.push({ page, text: printed, index: m.index + m[0].indexOf(printed) });
  }
  return out;
}

/** The whole line is a teaser reference (nothing else on it but punctuation). */
export function isTeaserRefLine(text: string): TeaserRefMatch | null {
  const refs = findTeaserRefs(text);
  if (refs.length !== 1) return null;
  const rest = text.replace(refs[0]!.text, '').replace(/[\s、，,。.;；:：]/g, '');
  return rest === '' ? refs[0]! : null;
}

/** A line that is only a jump ("▶下转 02版①"). */
export function isJumpLine(text: string): JumpMatch | null {
  const jumps = findJumps(text);
  if (jumps.length !== 1) return null;
  return text.replace(jumps[0]!.text, '').trim() === '' ? jumps[0]! : null;
}

// ── Datelines and bylines ──────────────────────────────────────────────────────────────────────

export const ROLES = [
  '全媒体记者', '全媒體記者', '全媒记者', '全媒記者', '融媒体记者', '融媒記者', '见习记者', '見習記者', '特约记者', '特約記者', '首席记者', '本报记者', '本報記者',
  '记者', '記者', '实习生', '實習生', '通讯员', '通訊員', '摄影', '攝影', '评论员', '評論員', '编辑', '編輯', '摄', '攝',
];
const ROLE_ALT = ROLES.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

const datelineRe = new RegExp(
  `^([${HAN}A-Za-z·]{1,12}?(?:讯|訊|电|電))\\s*([（(]([^（()）]{1,80})[)）])?`,
);

export interface Dateline {
  /** "株洲日报讯", "本报讯", "新华社北京1月31日电". */
  dateline: string;
  /** What stood in the brackets: "全媒体记者/罗欣 通讯员/吴章芹". */
  byline: string | null;
  authors: Author[];
  /** Length of the dateline prefix in the paragraph. */
  length: number;
}

/** A paragraph opening with a dateline: "株洲日报讯(全媒体记者/罗欣) …", "本报讯（记者 王晓明）…". */
export function parseDateline(raw: string): Dateline | null {
  // "【新华社重庆十四日电】", "【本報悉尼訊】": the dateline in lenticular brackets.
  const bracketed = /^【([^【】]{2,24})】/.exec(raw);
  const text = bracketed ? bracketed[1]! + raw.slice(bracketed[0].length) : raw;
  const offset = bracketed ? 2 : 0;
  // Datelines with a date: "新华社北京1月31日电（记者 …）", "本报北京9月8日讯".
  const dated = new RegExp(`^([${HAN}]{2,10}[${HAN}]{0,6}\\d{1,2}月\\d{1,2}日(?:电|電|讯|訊))\\s*([（(]([^（()）]{1,80})[)）])?`).exec(text);
  const m = dated ?? datelineRe.exec(text);
  if (!m) return null;
  const head = m[1]!;
  if (!dated && !/(?:报|報|社|台|网|網|本报|本報)(?:[\u4e00-\u9fff]{2,4})?(?:讯|訊)$|(?:社|台)[\u4e00-\u9fff\d]{0,10}(?:电|電)$/.test(head)) return null;
  if (/^[员員]/.test(text.slice(head.length))) return null;
  if (bracketed && !/(?:电|電|讯|訊)$/.test(bracketed[1]!)) return null;
  if (offset) {
    const inner = m[3] ?? null;
    const authors = inner ? parseAuthors(inner) : [];
    return { dateline: head, byline: inner && authors.length ? inner : null, authors, length: m[0].length + offset };
  }
  const inner = m[3] ?? null;
  const authors = inner ? parseAuthors(inner) : [];
  if (inner && authors.length === 0) return { dateline: head, byline: null, authors, length: head.length };
  return { dateline: head, byline: inner, authors, length: m[0].length };
}

function roleSuffix(token: string): string | null {
  for (const role of ROLES) if (token.endsWith(role)) return role;
  return null;
}

/** "全媒体记者/廖喜张 通讯员/吴章芹", "记者 王晓明 通讯员 李红梅", "紅網時刻新聞 記者 劉志雄 攝影 李長宏 長沙報道". */
export function parseAuthors(text: string): Author[] {
  const tokens = text
    .replace(/[□■]/g, ' ')
    .split(/[\s/／·・:：　,，、]+/)
    .filter(Boolean);
  const authors: Author[] = [];
  let role: string | null = null;
  for (const token of tokens) {
    // "记者王理略": the role glued before the name.
    const prefix = ROLES.find((r) => token.startsWith(r) && token.length > r.length);
    if (prefix && !roleSuffix(token)) {
      const name = token.slice(prefix.length);
      if (hanOnly.test(name) && name.length >= 2 && name.length <= 4) {
        role = prefix;
        authors.push({ role, name });
        continue;
      }
    }
    const suffix = roleSuffix(token);
    if (suffix) {
      role = suffix === '攝' ? '攝影' : suffix === '摄' ? '摄影' : suffix;
      const rest = token.slice(0, -suffix.length);
      // "张三摄" — a name glued to the photo role.
      if ((suffix === '摄' || suffix === '攝') && rest && hanOnly.test(rest) && rest.length <= 4) {
        authors.push({ role, name: rest });
      }
      continue;
    }
    if (/(?:报道|報道|电|電|讯|訊)$/.test(token) && token.length > 2) continue;
    if (role && hanOnly.test(token) && token.length >= 2 && token.length <= 4) authors.push({ role, name: token });
    else if (role && /^[A-Za-z][A-Za-z .-]{1,30}$/.test(token)) authors.push({ role, name: token });
  }
  return authors;
}

const bylineLineRe = new RegExp(`(?:${ROLE_ALT})`);

/** A line that is only a byline ("株洲日报·掌上株洲记者·邓伟勇", "紅網時刻新聞 記者 劉志雄 攝影 李長宏 長沙報道"). */
export function parseBylineLine(text: string): { byline: string; authors: Author[] } | null {
  const t = text.trim();
  if (t.length > 60 || /[。！？!?；;]/.test(t)) return null;
  if (!bylineLineRe.test(t) || splitCredit(t)) return null;
  if (parseDateline(t)) return null;
  const authors = parseAuthors(t);
  if (authors.length === 0) return null;
  // Most of the line must be roles, names and the outlet: no sentence around them.
  const covered = authors.reduce((n, a) => n + a.name.length + (a.role?.length ?? 0), 0);
  if (covered < t.replace(/\s/g, '').length * 0.3) return null;
  return { byline: t, authors };
}

/** A commentary author alone under the headline: "朱理平", "□ 朱理平", "本报评论员". */
export function parseAuthorLine(text: string): { byline: string; authors: Author[] } | null {
  const t = text.trim();
  const name = t.replace(/^[□■⊙☉◎○●]\s*/, '');
  if (/^(?:本报|本報)?(?:特约)?(?:评论员|評論員)$/.test(name)) return { byline: t, authors: [{ role: '评论员', name }] };
  if (hanOnly.test(name) && name.length >= 2 && name.length <= 4) return { byline: t, authors: [{ role: null, name }] };
  return null;
}

/**
 * A credit line closing an article: "(文/图 刘玺东 易赛楠)", "（王煌忠／台中報導）", "（本报记者 张三）".
 */
export function parseEndByline(text: string): { byline: string; authors: Author[]; rest: string } | null {
  const t = text.trim();
  const m = /[（(]\s*([^()（）]{2,40})\s*[)）]$/.exec(t);
  if (!m) return null;
  const rest = t.slice(0, m.index).trim();
  if (rest !== '' && !endsSentence(rest)) return null;
  const found = endByline(m[1]!.trim());
  return found ? { ...found, rest } : null;
}

function endByline(inner: string): { byline: string; authors: Author[] } | null {
  const wenTu = /^(文\s*[/／]\s*图|文\s*[/／]\s*圖|图\s*[/／]\s*文|圖\s*[/／]\s*文|文|图|圖)\s*[/／:：\s]\s*(.+)$/.exec(inner);
  if (wenTu) {
    const names = wenTu[2]!.split(/[\s、,，]+/).filter((n) => hanOnly.test(n) && n.length >= 2 && n.length <= 4);
    const role = wenTu[1]!.replace(/\s/g, '');
    return names.length ? { byline: inner, authors: names.map((name) => ({ role, name })) } : null;
  }
  const report = /^([\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})*)\s*[/／]\s*[\u4e00-\u9fff]{2,8}(?:報導|报道|報道)$/.exec(inner);
  if (report) return { byline: inner, authors: report[1]!.split('、').map((name) => ({ role: '記者', name })) };
  return null;
}

// ── Photos and credits ─────────────────────────────────────────────────────────────────────────

const creditTailRe = new RegExp(
  `((?:[${HAN}A-Za-z]{0,16}[/／]\\s*|[${HAN}]{0,12}(?:记者|通讯员|摄影队|攝影隊|摄影师|攝影師|摄影|記者|通訊員|攝影)\\s+)?[${HAN}A-Za-z·]{2,12}(?:\\s*[/／])?\\s*[摄攝]|(?:图|圖|图片|圖片)\\s*[/／:：]\\s*[${HAN}A-Za-z·]{2,16}|[（(](?:资料图片|資料圖片|资料图|資料圖)[)）])\\s*$`,
);

/** Split "…进行。株洲日报全媒体记者/张媛 摄" into caption and credit; null when no credit ends the text. */
const bracketCreditRe = new RegExp(
  `[（(]\\s*((?:[^（()）]{0,30}?[\\s/／])?[${HAN}A-Za-z·]{2,12}\\s*(?:[/／]\\s*)?(?:摄|攝|供图|供圖|发|發|摄影|攝影)|(?:图|圖|图片|圖片)\\s*[/／:：]\\s*[^（()）]{2,20}|AAP|AP|AFP|Reuters|路透社|美联社|法新社|新华社|新華社)\\s*[)）]\\s*$`,
);
const gluedCreditRe = new RegExp(`(?<=[。！？!?])\\s*([${HAN}]{2,4}(?:摄|攝))\\s*$`);

/** Every credit form ends in 摄/攝, a closing bracket or a name character. */
const creditEndRe = new RegExp(`[摄攝)）${HAN}A-Za-z·]$`);

export function splitCredit(text: string): { caption: string | null; credit: string } | null {
  const t = text.trim();
  if (!creditEndRe.test(t)) return null;
  // "…咨询服务。（湖北日报全媒记者 柯皓 摄）", "…（新华社发）", "…(AAP)": a bracketed credit ends the caption.
  const bracket = bracketCreditRe.exec(t);
  if (bracket) {
    const caption = t.slice(0, bracket.index).trim();
    return { caption: caption === '' ? null : caption, credit: bracket[1]!.trim() };
  }
  // "…墬落身亡。王煌忠攝": a name and 摄 glued after the last sentence.
  const glued = gluedCreditRe.exec(t);
  if (glued) return { caption: t.slice(0, glued.index).trim(), credit: glued[1]! };
  const m = creditTailRe.exec(t);
  if (!m) return null;
  let credit = m[1]!.trim();
  let caption = t.slice(0, m.index).trim();
  // The credit must not swallow the caption's last sentence: it starts after the last sentence mark.
  const cut = Math.max(credit.lastIndexOf('。'), credit.lastIndexOf('，'), credit.lastIndexOf(','));
  if (cut >= 0) {
    caption = (caption + credit.slice(0, cut + 1)).trim();
    credit = credit.slice(cut + 1).trim();
  }
  if (!/[/／]|^(?:图|圖)|资料|資料/.test(credit) && !/\s[摄攝]$/.test(credit) && !/(?:记者|記者|通讯员|通訊員|摄影|攝影)\s*[\u4e00-\u9fff·]{2,4}[摄攝]$/.test(credit)) return null;
  return { caption: caption === '' ? null : caption, credit };
}

const pageCreditRe = /^(?:本版|本期|本页)(?:制图|製圖|图片|圖片|摄影|攝影|设计|設計|插图|插圖|漫画|漫畫)\s*[/／:：]\s*\S.{0,30}$/;

/** "本版制图/左骏", "本版图片/…". */
export function isPageCredit(text: string): boolean {
  return pageCreditRe.test(text.trim());
}

// ── Metadata and junk ──────────────────────────────────────────────────────────────────────────

const META_KEYS: Record<string, string> = {
  来源: '来源', 來源: '来源', 文章来源: '来源', 文章來源: '来源',
  编辑: '编辑', 編輯: '编辑', 责编: '责编', 責編: '责编', 责任编辑: '责任编辑', 責任編輯: '责任编辑',
  作者: '作者', 浏览量: '浏览量', 瀏覽量: '浏览量', 阅读量: '浏览量', 閱讀量: '浏览量', 点击: '浏览量', 點擊: '浏览量',
  发布时间: '时间', 發佈時間: '时间', 时间: '时间', 時間: '时间',
};
const metaKeyAlt = Object.keys(META_KEYS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const metaPairRe = new RegExp(`(${metaKeyAlt})\\s*[:：][ \\u00a0]?([^|｜\\s:：]*)`, 'g');
const timestampRe = /\b(\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)/;

/**
 * A web page's metadata line ("2023-01-18 14:08:19 來源:紅網 | 編輯:王珈 | 作者: 瀏覽量:4202",
 * "责编:王珈", "（文章来源：株洲日报）"). Returns the pairs, or null when the line is not metadata.
 */
export function parseMetaLine(text: string): Record<string, string> | null {
  const t = text.trim().replace(/^[（(【\[]|[)）】\]]$/g, '');
  if (t.length > 160) return null;
  const pairs: Record<string, string> = {};
  let covered = 0;
  metaPairRe.lastIndex = 0;
  for (let m = metaPairRe.exec(t); m; m = metaPairRe.exec(t)) {
    // A pair opens the line or follows a separator: "…学生；時間：…" inside a sentence is text.
    if (m.index > 0 && !/[\s|｜\u00a0]/.test(t[m.index - 1]!)) continue;
    pairs[META_KEYS[m[1]!]!] = m[2]!;
    covered += m[0].length;
  }
  const ts = timestampRe.exec(t);
  if (ts) {
    pairs['时间'] ??= ts[1]!;
    covered += ts[0].length;
  }
  if (Object.keys(pairs).length === 0) return null;
  const rest = t.replace(/[\s|｜\u00a0]/g, '').length;
  // Almost all of the line must be key:value pairs and a timestamp.
  return covered >= rest * 0.6 ? pairs : null;
}

const JUNK_WORDS = [
  '头条', '頭條', '聚焦', '专题', '專題', '我要报料', '我要報料', '下载APP', '下載APP', '下载客户端', '下載客戶端',
  '返回首页', '返回首頁', '返回顶部', '返回頂部', '分享到', '打印本页', '关闭窗口', '關閉窗口', '上一篇', '下一篇',
];
const junkRes = [
  /^扫一扫|^掃一掃|^长按识别|^長按識別|^关注我们|^關注我們/,
  /^\[?返回[^\]]{0,12}\]?(?:\(.*?\))?(?:\s*[｜|]\s*\[?返回[^\]]{0,12}\]?(?:\(.*?\))?)*$/,
  /^<?https?:\/\/\S+>?$/,
  /^\/\/\S+$/,
  /(?:彩票|博彩|娱乐城|娛樂城|棋牌|百家乐|百家樂)(?:注册|註冊|开户|開戶|平台|平臺|官网|官網)?$/,
];

/** Navigation, share links, "返回首页", "扫一扫关注…", ads. */
export function isJunkLine(text: string): boolean {
  const t = text.trim();
  if (t === '' || /^[•·●\-–—|｜\s]+$/.test(t)) return true;
  if (JUNK_WORDS.includes(t.replace(/\s+/g, ''))) return true;
  const words = t.split(/\s+/);
  if (words.length > 1 && words.every((w) => JUNK_WORDS.includes(w))) return true;
  return junkRes.some((re) => re.test(t));
}

export function isUrlLine(text: string): string | null {
  const m = /^<?(https?:\/\/\S+?)>?$/.exec(text.trim());
  return m ? m[1]! : null;
}

// ── Sentences ──────────────────────────────────────────────────────────────────────────────────

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '…', '；', ';', '．']);
const CLOSERS = new Set(['”', '’', '」', '』', '》', '）', ')', '】', '"', "'"]);

/** The text ends a sentence: 。！？… possibly followed by closing quotes or brackets. */
export function endsSentence(text: string): boolean {
  const chars = [...text.trimEnd()];
  let i = chars.length - 1;
  while (i >= 0 && CLOSERS.has(chars[i]!)) i--;
  return i >= 0 && SENTENCE_END.has(chars[i]!);
}

/** The text ends with a colon (a list or a quotation follows). */
export function endsWithColon(text: string): boolean {
  return /[:：]\s*$/.test(text);
}

/** Printed length in characters, ignoring spaces. */
/** Characters (code points) other than white space. */
export function visibleLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
    if (c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : c >= 0x80 && isSpaceAbove7f(c)) continue;
    n++;
  }
  return n;
}

/** JavaScript's \s above ASCII. */
function isSpaceAbove7f(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** "新时代 新征程 新伟业", "打造“三个高地” 走在前列": short groups set apart by spaces — a column logo. */
export function isSloganLike(lines: string[]): boolean {
  const groups = lines.flatMap((l) => l.trim().split(/\s+/)).filter(Boolean);
  if (groups.length < 2 || groups.length > 4) return false;
  return groups.every((g) => {
    const n = [...g.replace(/[“”"‘’「」『』]/g, '')].length;
    return n >= 2 && n <= 8 && !/[，。、,;；：:！？]/.test(g);
  });
}

/** Subhead label lines in interviews: "產業:制造名城更加有實有名", "民生：…". */
export function isLabelSubhead(text: string): boolean {
  const t = text.trim();
  if (visibleLength(t) > 32 || endsSentence(t)) return false;
  return new RegExp(`^[${HAN}]{2,4}\\s*[:：丨|｜]\\s*\\S`).test(t);
}

/** Numbered subheads: "1. 突出…", "一、…", "（一）…", "A. …", "1 聚焦…". */
export function isEnumerated(text: string): boolean {
  return /^(?:\d{1,2}[.、．\s]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[A-Za-z][.、．]\s?)/.test(
    text.trim(),
  );
}

export function isHanOnly(text: string): boolean {
  return hanOnly.test(text);
}

// ── Garbled text ───────────────────────────────────────────────────────────────────────────────

const SUSPICIOUS = /[\uE000-\uF8FF\uFFFD]|[?？][!！]?(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[∈∏∑√∞∩∪≈≡∫∮]|(?<=[\u3400-\u9fff])[A-Za-z](?=[\u3400-\u9fff])|[?]\/[a-z]+>/g;

export interface GarbledRun {
  index: number;
  text: string;
}

/**
 * Runs that look like text decoded with the wrong code page: private-use characters, U+FFFD, "?"
 * glued to Han characters, math symbols or single Latin letters between Han characters.
 */
export function findGarbled(text: string): GarbledRun[] {
  const hits: number[] = [];
  SUSPICIOUS.lastIndex = 0;
  for (let m = SUSPICIOUS.exec(text); m; m = SUSPICIOUS.exec(text)) hits.push(m.index);
  if (hits.length === 0) return [];
  // A single Latin letter between Han characters alone is not enough; it needs company.
  const runs: GarbledRun[] = [];
  let start = hits[0]!;
  let end = hits[0]!;
  let count = 1;
  const flush = () => {
    const from = Math.max(0, start - 3);
    const to = Math.min(text.length, end + 4);
    const run = text.slice(from, to);
    if (count >= 2 || /[\uE000-\uF8FF\uFFFD]/.test(run)) runs.push({ index: from, text: run });
  };
  for (const h of hits.slice(1)) {
    if (h - end <= 12) {
      end = h;
      count++;
    } else {
      flush();
      start = end = h;
      count = 1;
    }
  }
  flush();
  return runs;
}

// ── Traditional script ─────────────────────────────────────────────────────────────────────────

const TRADITIONAL_CHARACTERS =
  '們個來說時會這對發經過還點為從與國學開關見長門問間東車書馬鳥魚龍網頁條題報導體聞記攝編輯讀議論讓產業進實務當區強設農現區興頭歲黨戰產際際場歡廣廠縣鄉鎮聯層質應態營張驗檢觀擊聽聲隊響幣價貨運輸鐵橋灣島濟員團標準優勢動場';
/** 1 at the code unit of each of those characters (all in the BMP). */
const TRADITIONAL = new Uint8Array(0x10000);
for (let i = 0; i < TRADITIONAL_CHARACTERS.length; i++) TRADITIONAL[TRADITIONAL_CHARACTERS.charCodeAt(i)] = 1;

/** True when the text is written in traditional characters. */
export function isTraditional(text: string): boolean {
  let han = 0;
  let trad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // The ranges of HAN, read as code units (none of them holds surrogates).
    if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
      han++;
      trad += TRADITIONAL[c]!;
    }
  }
  return han > 0 && trad / han > 0.03;
}
