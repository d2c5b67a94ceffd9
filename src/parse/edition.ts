/**
 * Documents → an Edition: decode each file, read its blocks, build its page, order the pages, give
 * articles their stable ids and resolve jumps and teasers into links. Pure: the caller reads the bytes.
 */
import { VFile } from 'vfile';
import type { Diagnostic, Edition, Link, Page } from '../model/schema.js';
import { decode } from './decode.js';
import { describeInvalid, replaceInvalidCharacters } from './characters.js';
import { pickReader } from './readers/index.js';
import { comparePages, linkRepeats, mergePages } from './merge.js';
import { jumpPlace, teaserPlace } from './units.js';
import { buildPage } from './page.js';
import { isTraditional, pageNumber } from './patterns.js';
import { append } from './append.js';

export interface SourceDocument {
  /** Path shown in diagnostics (relative to where the user pointed). */
  path: string;
  bytes: Uint8Array;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** Turn problems into vfile messages (file:line:column, rule id) and then into model diagnostics. */
function toDiagnostics(file: string, problems: { line: number | null; column: number | null; severity: string; rule: string; message: string }[]): Diagnostic[] {
  const vfile = new VFile({ path: file });
  for (const p of problems) {
    const place = p.line ? { line: p.line, column: p.column ?? 1 } : undefined;
    const message = vfile.message(p.message, { place, ruleId: p.rule, source: 'epaper' });
    message.fatal = p.severity === 'error' ? true : p.severity === 'warning' ? false : undefined;
  }
  return vfile.messages.map((m) => ({
    file,
    line: m.line ?? null,
    column: m.column ?? null,
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    rule: m.ruleId ?? 'epaper',
    message: m.reason,
  }));
}

export function slug(name: string): string {
  const base = name.replace(/\.[^./]+$/, '');
  const s = base
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return s || 'edition';
}

/** Invalid code points reported one by one; the rest are counted in one message. */
const MAX_INVALID_REPORTS = 10;

/** One document read as a page (`page`), or as the several pages it holds (`pages`, `page` the first). */
export function parseDocument(doc: SourceDocument): { page: Page; pages: Page[]; diagnostics: Diagnostic[] } {
  const decoded = decode(doc.bytes);
  const problems: { line: number | null; column: number | null; severity: 'error' | 'warning' | 'info'; rule: string; message: string }[] = [];
  if (decoded.binary) throw new InputError(`${doc.path}: this is a binary file, not a text document (Markdown, HTML or a Jekyll post)`, doc.path);
  if (decoded.undecodable > 0) {
    problems.push({
      line: null,
      column: null,
      severity: 'warning',
      rule: 'undecodable-bytes',
      message: `${decoded.undecodable} byte sequence(s) could not be decoded as ${decoded.encoding} and were replaced by U+FFFD; save the file as UTF-8`,
    });
  }
  if (decoded.text.trim() === '') {
    problems.push({ line: 1, column: 1, severity: 'error', rule: 'empty-document', message: 'the document is empty: write the page text or remove the file' });
  }
  const clean = replaceInvalidCharacters(decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const text = clean.text;
  for (const c of clean.found.slice(0, MAX_INVALID_REPORTS)) {
    problems.push({ line: c.line, column: c.column, severity: 'warning', rule: 'invalid-character', message: `${describeInvalid(c.codePoint)} is not a character: replaced by U+FFFD; check how the file was exported` });
  }
  if (clean.found.length > MAX_INVALID_REPORTS) {
    problems.push({ line: null, column: null, severity: 'warning', rule: 'invalid-character', message: `${clean.found.length - MAX_INVALID_REPORTS} more code points that are not characters were replaced by U+FFFD` });
  }
  const input = { bytes: doc.bytes, text, name: doc.path, encoding: decoded.encoding };
  const reader = pickReader(input);
  const reads = reader.readPages?.(input) ?? [reader.read(input)];
  const pages = reads.map((read) => {
    const { page, problems: pageProblems } = buildPage(read, doc.path, decoded.encoding);
    append(problems, pageProblems);
    if (page.articles.length === 0 && text.trim() !== '') {
      const line = read.blocks[0]?.line ?? 1;
      problems.push({ line, column: 1, severity: 'warning', rule: 'no-articles', message: 'no article was recognised on this page' });
    }
    return page;
  });
  return { page: pages[0]!, pages, diagnostics: toDiagnostics(doc.path, problems) };
}

function fileOrder(path: string): number {
  const name = path.split('/').pop() ?? path;
  const m = /(?:^|[^0-9])([A-Z]?\d{1,3})(?=[^0-9]*$)/.exec(name.replace(/\.[^.]+$/, ''));
  return m ? (pageNumber(m[1]!) ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}

/** Similar headlines: one contains the other, or they share a long run of characters. */
function headlinesMatch(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\s“”"‘’《》()（）,，、:：·]/g, '');
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return false;
  if (x.includes(y) || y.includes(x)) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  const n = Math.min(6, short.length);
  for (let i = 0; i + n <= short.length; i++) if (long.includes(short.slice(i, i + n))) return true;
  return false;
}

export function parseEdition(id: string, docs: SourceDocument[]): Edition {
  if (docs.length === 0) throw new InputError(`${id}: no documents to read`, id);
  const parsed = docs.flatMap((doc) => {
    const read = parseDocument(doc);
    return read.pages.map((page, i) => ({ doc, page, diagnostics: i === 0 ? read.diagnostics : [] }));
  });
  // Order: page codes, masthead/folio page numbers, then file names.
  parsed.sort((a, b) => comparePages(a.page, b.page, (p) => fileOrder(p.source.file)) || a.doc.path.localeCompare(b.doc.path));
  const pages = mergePages(parsed.map((p) => p.page));
  const diagnostics = parsed.flatMap((p) => p.diagnostics);

  // Page numbers: known ones stay; a multi-page edition numbers the rest by position.
  if (pages.length > 1) {
    pages.forEach((p, i) => {
      if (p.number === null) p.number = fileOrder(p.source.file) !== Number.MAX_SAFE_INTEGER ? fileOrder(p.source.file) : i + 1;
    });
  }
  pages.forEach((p, pi) => p.articles.forEach((a, ai) => (a.id = `p${pi + 1}-a${ai + 1}`)));

  const links = [...resolveLinks(pages, diagnostics), ...linkRepeats(pages)];
  const allText = pages.flatMap((p) => p.articles.flatMap((a) => [a.headline ?? '', ...a.body.map((b) => b.text ?? b.caption ?? '')])).join('');
  const first = pages[0]!;
  return {
    id,
    paper:
      pages.find((p) => p.paper)?.paper ??
      first.masthead?.paper ??
      pages.find((p) => p.source.meta['来源'])?.source.meta['来源'] ??
      paperFromDatelines(pages),
    date: pages.find((p) => p.date)?.date ?? null,
    lang: isTraditional(allText) ? 'zh-Hant' : 'zh-CN',
    pages,
    links,
    diagnostics,
  };
}

export function resolveLinks(pages: Page[], diagnostics: Diagnostic[]): Link[] {
  const links: Link[] = [];
  const byNumber = new Map<number, Page>();
  const byCode = new Map<string, Page>();
  for (const p of pages) if (p.number !== null && !byNumber.has(p.number)) byNumber.set(p.number, p);
  for (const p of pages) if (p.code && !byCode.has(p.code)) byCode.set(p.code, p);
  const pageOf = (n: number | null, code?: string | null) => (code ? byCode.get(code) : undefined) ?? (n !== null ? byNumber.get(n) : undefined);
  const warn = (page: Page, line: number | null, column: number | null, rule: string, message: string) =>
    diagnostics.push({ file: page.source.file, line, column, severity: 'warning', rule, message });

  for (const page of pages) {
    for (const article of page.articles) {
      for (const jump of article.jumps) {
        const target = pageOf(jump.page, jump.code);
        let match: string | null = null;
        if (target) {
          const want = jump.direction === 'out' ? 'in' : 'out';
          const candidates = target.articles.filter((a) =>
            a.jumps.some((j) => j.direction === want && j.page === page.number && (j.mark === jump.mark || (j.mark === null && jump.mark === null))),
          );
          const loose = candidates.length
            ? candidates
            : target.articles.filter((a) => a.jumps.some((j) => j.direction === want && j.page === page.number && (j.mark === null || jump.mark === null)));
          if (loose.length === 1) match = loose[0]!.id;
          else if (loose.length > 1) match = loose.find((a) => article.headline && a.headline && headlinesMatch(a.headline, article.headline))?.id ?? loose[0]!.id;
          if (match && jump.direction === 'in') article.continues = match;
        }
        const resolved = match !== null;
        links.push({
          kind: 'jump',
          from: { page: page.number, article: article.id },
          to: { page: jump.page, article: match },
          mark: jump.mark,
          resolved,
        });
        if (!resolved) {
          const at = jumpPlace.get(jump) ?? article.source;
          warn(
            page,
            at?.line ?? null,
            at?.column ?? null,
            'dangling-jump',
            `"${jump.text}" points to page ${jump.page}, ${target ? `but no article there ${jump.direction === 'out' ? 'continues' : 'jumps'} with ${jump.mark ?? 'that mark'}` : 'which is not in this edition'}`,
          );
        }
      }
    }
    for (const teaser of page.teasers) {
      const target = pageOf(teaser.page);
      const article = target?.articles.find((a) => a.headline && headlinesMatch(a.headline, teaser.headline)) ?? null;
      teaser.article = article?.id ?? null;
      const resolved = target !== undefined;
      links.push({
        kind: 'teaser',
        from: { page: page.number, article: null },
        to: { page: teaser.page, article: article?.id ?? null },
        mark: null,
        resolved,
      });
      if (!resolved) {
        const at = teaserPlace.get(teaser);
        warn(page, at?.line ?? null, at?.column ?? null, 'dangling-teaser', `teaser "${teaser.headline.slice(0, 24)}" points to page ${teaser.page ?? '?'}, which is not in this edition`);
      }
    }
  }
  return links;
}

/** "株洲日报讯" → 株洲日报: the paper named by its own datelines. */
function paperFromDatelines(pages: Page[]): string | null {
  for (const p of pages) {
    for (const a of p.articles) {
      const m = a.dateline ? /^(.{2,10}?(?:日报|晚报|早报|都市报|日報|晚報|時報|时报))(?:讯|訊)$/.exec(a.dateline) : null;
      if (m) return m[1]!;
    }
  }
  return null;
}
