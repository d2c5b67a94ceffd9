/**
 * Pages of one edition that are one printed page: a 版面 page (node_N.htm) and the content pages of its
 * articles (content_NNN.htm) share a page code and become one page — the node page's folio and title
 * order, the content pages' articles in place of the bare titles. Pages are then ordered by code.
 */
import type { Article, Page } from '../model/schema.js';
import { compareCodes } from './patterns.js';

const isNode = (p: Page) => p.source.format === 'founder-node' || p.source.format === 'people-node';
const isStub = (a: Article) => a.body.length === 0 && a.jumps.length === 0 && a.headline !== null;
const norm = (s: string | null) => (s ?? '').replace(/[\s“”"‘’《》()（）,，、:：·—-]/g, '');

function mergeGroup(group: Page[]): Page {
  const base = group.find(isNode) ?? group[0]!;
  const others = group.filter((p) => p !== base);
  const full = [...base.articles.filter((a) => !isStub(a)), ...others.flatMap((p) => p.articles)];
  const used = new Set<Article>();
  const articles: Article[] = [];
  // The titles of the node page in printed order, each replaced by its content page when there is one.
  for (const a of base.articles) {
    if (!isStub(a)) continue;
    const match = full.find((f) => !used.has(f) && ((a.ref && f.ref === a.ref) || norm(f.headline) === norm(a.headline)));
    if (match) used.add(match);
    articles.push(match ?? a);
  }
  for (const f of full) if (!used.has(f)) articles.push(f);
  const files = group.map((p) => p.source.file);
  return {
    ...base,
    section: base.section ?? others.find((p) => p.section)?.section ?? null,
    date: base.date ?? others.find((p) => p.date)?.date ?? null,
    ...(group.some((p) => p.paper) ? { paper: base.paper ?? others.find((p) => p.paper)?.paper ?? null } : {}),
    masthead: base.masthead ?? others.find((p) => p.masthead)?.masthead ?? null,
    folio: base.folio ?? others.find((p) => p.folio)?.folio ?? null,
    banner: base.banner ?? others.find((p) => p.banner)?.banner ?? null,
    teasers: group.flatMap((p) => p.teasers),
    credits: group.flatMap((p) => p.credits),
    articles,
    source: { ...base.source, meta: { ...Object.assign({}, ...others.map((p) => p.source.meta)), ...base.source.meta, ...(group.length > 1 ? { files: files.join(' ') } : {}) } },
  };
}

/** One page per page code (pages without a code stay as they are), in code order A01 < A02 < B01. */
export function mergePages(pages: Page[]): Page[] {
  const byCode = new Map<string, Page[]>();
  const out: (Page | string)[] = [];
  for (const p of pages) {
    if (!p.code) {
      out.push(p);
      continue;
    }
    const g = byCode.get(p.code);
    if (g) g.push(p);
    else {
      byCode.set(p.code, [p]);
      out.push(p.code);
    }
  }
  const merged = out.map((x) => (typeof x === 'string' ? (byCode.get(x)!.length > 1 ? mergeGroup(byCode.get(x)!) : byCode.get(x)![0]!) : x));
  return merged;
}

/** Page order: by code when both pages have one, else by number. */
export function comparePages(a: Page, b: Page, fallback: (p: Page) => number): number {
  if (a.code && b.code) return compareCodes(a.code, b.code);
  return (a.number ?? fallback(a)) - (b.number ?? fallback(b));
}

/**
 * The same article stored whole on two pages (a pad edition saves a front-page story that continues
 * inside on both): the later copy continues the earlier one. Returns the links, one per repeat.
 */
export function linkRepeats(pages: Page[]): import('../model/schema.js').Link[] {
  const links: import('../model/schema.js').Link[] = [];
  const seen = new Map<string, { page: Page; article: Article }>();
  const bodyKey = (a: Article) => norm(a.body.map((b) => b.text ?? '').join('')).slice(0, 200);
  for (const page of pages) {
    for (const a of page.articles) {
      if (!a.headline || a.body.length === 0) continue;
      const key = `${norm(a.headline)}|${bodyKey(a).slice(0, 60)}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { page, article: a });
        continue;
      }
      if (first.page === page || a.continues) continue;
      a.continues = first.article.id;
      links.push({ kind: 'jump', from: { page: page.number, article: a.id }, to: { page: first.page.number, article: first.article.id }, mark: null, resolved: true });
    }
  }
  return links;
}
