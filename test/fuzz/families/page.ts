/**
 * Newspaper pages as data (a page spec), drawn at random, and written out in every source format the
 * parser reads: Markdown, 数字报 HTML, plain-text dumps and Jekyll posts. `payload` lists the readable
 * text a spec holds, which every stage must keep.
 */
import type { Rng } from '../rng.js';
import { dateline, headline, paragraph, personName, sentence, type TextOptions } from '../text.js';

export type BodySpec =
  | { kind: 'p'; text: string }
  | { kind: 'sub'; text: string }
  | { kind: 'list'; items: string[]; ordered: boolean }
  | { kind: 'quote'; text: string }
  | { kind: 'photo'; caption: string; credit: string }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'jump'; text: string };

export interface ArticleSpec {
  kicker: string | null;
  headline: string;
  deck: string | null;
  dateline: string | null;
  body: BodySpec[];
}

export interface PageSpec {
  /** Folio line printed at the top ("A01版 · 要闻 …"), or null. */
  folio: string | null;
  articles: ArticleSpec[];
}

export interface PageOptions extends TextOptions {
  articles?: number;
  blocks?: number;
  /** Most characters in one paragraph. */
  paragraphChars?: number;
}

function bodyBlock(rng: Rng, options: PageOptions): BodySpec {
  const kind = rng.weighted({ p: 12, sub: 1, list: 1, quote: 1, photo: 1, table: 0.5 });
  const max = options.paragraphChars ?? 400;
  switch (kind) {
    case 'sub':
      return { kind, text: headline(rng, rng.int(2, 5)) };
    case 'list': {
      const items = Array.from({ length: rng.int(1, 6) }, () => sentence(rng, rng.int(2, 8), options));
      return { kind, items, ordered: rng.chance(0.5) };
    }
    case 'quote':
      return { kind, text: paragraph(rng, rng.logInt(10, 200), options) };
    case 'photo':
      return { kind, caption: `图为${sentence(rng, rng.int(3, 8))}`, credit: `记者 ${personName(rng)} 摄` };
    case 'table': {
      const cols = rng.int(2, 4);
      const rows = Array.from({ length: rng.int(1, 5) }, () => Array.from({ length: cols }, () => (rng.chance(0.5) ? headline(rng, rng.int(1, 2)) : `${rng.int(1, 9999)}`)));
      return { kind, rows };
    }
    default:
      return { kind: 'p', text: paragraph(rng, rng.logInt(20, max), options) };
  }
}

export function randomArticle(rng: Rng, options: PageOptions = {}): ArticleSpec {
  const blocks = options.blocks ?? rng.logInt(1, 12);
  const body: BodySpec[] = [{ kind: 'p', text: paragraph(rng, rng.logInt(20, options.paragraphChars ?? 400), options) }];
  for (let i = 1; i < blocks; i++) body.push(bodyBlock(rng, options));
  return {
    kicker: rng.chance(0.15) ? headline(rng, rng.int(2, 4)) : null,
    headline: headline(rng),
    deck: rng.chance(0.15) ? headline(rng, rng.int(3, 6)) : null,
    dateline: rng.chance(0.6) ? dateline(rng) : null,
    body,
  };
}

export function randomPage(rng: Rng, options: PageOptions = {}): PageSpec {
  const n = options.articles ?? rng.logInt(1, 6);
  return { folio: null, articles: Array.from({ length: n }, () => randomArticle(rng, options)) };
}

/** The readable text of a page: what must survive every stage. */
export function payload(page: PageSpec): string[] {
  const out: string[] = [];
  for (const a of page.articles) {
    for (const s of [a.kicker, a.headline, a.deck]) if (s) out.push(s);
    for (const b of a.body) {
      if (b.kind === 'list') out.push(...b.items);
      else if (b.kind === 'photo') out.push(b.caption, b.credit);
      else if (b.kind === 'table') out.push(...b.rows.flat());
      else if (b.kind !== 'jump') out.push(b.text);
    }
  }
  return out;
}

// ── Markdown ────────────────────────────────────────────────────────────────────────────────────

function markdownBlock(b: BodySpec, depth: number): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'sub':
      return `${'#'.repeat(Math.min(6, depth + 1))} ${b.text}`;
    case 'list':
      return b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `- ${item}`)).join('\n');
    case 'quote':
      return `> ${b.text}`;
    case 'photo':
      return `![](images/photo.jpg)\n${b.caption} ${b.credit}`;
    case 'table':
      return b.rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
    case 'jump':
      return b.text;
  }
}

export function toMarkdown(page: PageSpec, depth = 1): string {
  const parts: string[] = [];
  if (page.folio) parts.push(page.folio);
  for (const a of page.articles) {
    if (a.kicker) parts.push(a.kicker);
    parts.push(`${'#'.repeat(depth)} ${a.headline}`);
    if (a.deck) parts.push(a.deck);
    a.body.forEach((b, i) => parts.push(i === 0 && a.dateline && b.kind === 'p' ? a.dateline + b.text : markdownBlock(b, depth)));
  }
  return parts.join('\n\n') + '\n';
}

/** A Jekyll post: the first headline as the front-matter title, the rest as Markdown. */
export function toJekyll(page: PageSpec, rng: Rng): string {
  const [first, ...rest] = page.articles;
  const lines = ['---', 'layout: post', `title: ${JSON.stringify(first?.headline ?? '')}`, `date: 2024-0${rng.int(1, 9)}-1${rng.int(0, 9)} 08:00:00 +0800`];
  if (rng.chance(0.5)) lines.push('categories: [本地, 新闻]', `author: ${personName(rng)}`);
  lines.push('---', '');
  const body = first ? toMarkdown({ folio: null, articles: [first] }).replace(/^# .*\n\n/, '') : '';
  return lines.join('\n') + body + '\n' + toMarkdown({ folio: null, articles: rest }, 2);
}

/** A plain-text dump (PDF text export): headlines as bare lines, paragraphs indented with 　　. */
export function toText(page: PageSpec): string {
  const parts: string[] = [];
  if (page.folio) parts.push(page.folio);
  for (const a of page.articles) {
    if (a.kicker) parts.push(a.kicker);
    parts.push(a.headline);
    if (a.deck) parts.push(a.deck);
    a.body.forEach((b, i) => {
      const text =
        b.kind === 'list' ? b.items.map((t) => `●${t}`).join('\n') : b.kind === 'photo' ? `${b.caption} ${b.credit}` : b.kind === 'table' ? b.rows.map((r) => r.join('　')).join('\n') : b.text;
      parts.push(`　　${i === 0 && a.dateline ? a.dateline : ''}${text}`);
    });
  }
  return parts.join('\n\n') + '\n';
}

// ── HTML ────────────────────────────────────────────────────────────────────────────────────────

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function htmlBlock(b: BodySpec, rng: Rng): string {
  const e = (s: string) => escapeHtml(s);
  switch (b.kind) {
    case 'p':
      return rng.chance(0.2) ? `<p><font face="宋体">${e(b.text)}</font></p>` : `<p>${e(b.text)}</p>`;
    case 'sub':
      return rng.chance(0.5) ? `<h3>${e(b.text)}</h3>` : `<p><strong>${e(b.text)}</strong></p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((t) => `<li>${e(t)}</li>`).join('')}</${tag}>`;
    }
    case 'quote':
      return `<blockquote><p>${e(b.text)}</p></blockquote>`;
    case 'photo':
      return `<p><img src="images/photo.jpg"></p><p>${e(b.caption)} ${e(b.credit)}</p>`;
    case 'table':
      return `<table>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</table>`;
    case 'jump':
      return `<p>${e(b.text)}</p>`;
  }
}

/** A 数字报 or portal page: the articles in <div>s or table cells, now and then with loose text lines. */
export function toHtml(page: PageSpec, rng: Rng): string {
  const style = rng.weighted({ div: 3, table: 1, loose: 1 });
  const articles = page.articles.map((a) => {
    const head = [a.kicker ? `<h4>${escapeHtml(a.kicker)}</h4>` : '', `<h1>${escapeHtml(a.headline)}</h1>`, a.deck ? `<h2>${escapeHtml(a.deck)}</h2>` : ''].join('');
    if (style === 'loose') {
      const lines = a.body.map((b, i) => (b.kind === 'p' ? `${i === 0 && a.dateline ? escapeHtml(a.dateline) : ''}${escapeHtml(b.text)}` : htmlBlock(b, rng)));
      return `${head}\n<div class="content">\n${lines.join('\n')}\n</div>`;
    }
    const body = a.body.map((b, i) => (i === 0 && a.dateline && b.kind === 'p' ? htmlBlock({ kind: 'p', text: a.dateline + b.text }, rng) : htmlBlock(b, rng)));
    const inner = `${head}\n${body.join('\n')}`;
    return style === 'table' ? `<table><tr><td class="article">${inner}</td></tr></table>` : `<div class="article">${inner}</div>`;
  });
  const folio = page.folio ? `<div class="folio">${escapeHtml(page.folio)}</div>\n` : '';
  const nav = rng.chance(0.3) ? '<nav><a href="/">返回首页</a></nav><script>var x = "<p>不是正文</p>";</script>\n' : '';
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>数字报</title></head><body>\n${nav}${folio}${articles.join('\n')}\n</body></html>\n`;
}
