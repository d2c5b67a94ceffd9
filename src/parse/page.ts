/**
 * Raw blocks → one page of the model: masthead, folio, banner, teasers, articles (headline clusters,
 * datelines and bylines, body blocks, photos, jumps), page credits and metadata. Pure: problems are
 * returned as data with their source positions.
 */
import type { Article, Block, Jump, Page, Teaser } from '../model/schema.js';
import type { ReadResult } from './blocks.js';
import { isoDate } from './front.js';
import { readFurniture } from './furniture.js';
import { repairMojibake } from './mojibake.js';
import { finishBody, imageName, stripResidue } from './body.js';
import { BULLET, jumpPlace, teaserPlace, spaced, text, unitsFrom, type Draft, type Problem, type Unit } from './units.js';
import {
  endsSentence,
  endsWithColon,
  findGarbled,
  hanRe,
  isEnumerated,
  isJumpLine,
  isJunkLine,
  isPageCredit,
  isSloganLike,
  isTeaserRefLine,
  isUrlLine,
  parseAuthorLine,
  parseAuthors,
  parseBylineLine,
  parseDateline,
  parseEndByline,
  parseMetaLine,
  splitCredit,
  visibleLength,
} from './patterns.js';

export type { Problem } from './units.js';

/** Headings one headline cluster takes at most. */
const MAX_CLUSTER_HEADINGS = 4;

export interface PageResult {
  page: Page;
  problems: Problem[];
}
export function buildPage(read: ReadResult, file: string, encoding: string): PageResult {
  const problems: Problem[] = [];
  const warn = (u: { line: number; column: number } | null, rule: string, message: string, severity: Problem['severity'] = 'warning') =>
    problems.push({ line: u?.line ?? null, column: u?.column ?? null, severity, rule, message });
  for (const p of read.problems) problems.push(p);

  const meta: Record<string, string> = {};
  let units = unitsFrom(read.blocks);

  // Front matter: the title becomes the headline, the date the page date.
  const fm = read.frontMatter;
  let fmDate: string | null = null;
  if (fm) {
    for (const [k, v] of Object.entries(fm)) {
      if (v === null || v === undefined) continue;
      meta[k] = v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(', ') : String(v);
    }
    const title = typeof fm.title === 'string' ? fm.title.trim() : null;
    const rawDate = fm.date instanceof Date ? fm.date.toISOString() : typeof fm.date === 'string' ? fm.date : null;
    if (rawDate) fmDate = isoDate(rawDate);
    if (title) {
      units.unshift({
        kind: 'heading', depth: 1, lines: [title], items: [], ordered: false, strong: false, quote: false,
        jump: null, line: 2, column: 1, gapBefore: 0,
      });
    }
  }

  // Metadata, page credits, links and junk leave the flow.
  const credits: string[] = [];
  const kept: Unit[] = [];
  for (const u of units) {
    if (u.kind === 'para') {
      const t = spaced(u);
      const url = isUrlLine(t);
      if (url) {
        meta.url ??= url;
        continue;
      }
      if (isJunkLine(t) || u.lines.every((l) => isJunkLine(l))) {
        warn(u, 'junk-removed', `removed navigation or advertising text: ${t.slice(0, 30)}`, 'info');
        continue;
      }
      const pairs = parseMetaLine(t);
      if (pairs && visibleLength(t) < 120) {
        for (const [k, v] of Object.entries(pairs)) if (v) meta[k] = v;
        continue;
      }
      if (u.lines.length === 1 && isPageCredit(t)) {
        credits.push(t.trim());
        continue;
      }
    }
    kept.push(u);
  }
  units = kept;

  // A web page with no heading at all: its first short line is the headline.
  if (!units.some((u) => u.kind === 'heading')) {
    const first = units.findIndex((u) => u.kind === 'para');
    const u = units[first];
    if (u && u.lines.length === 1 && visibleLength(text(u)) <= 60 && !endsSentence(text(u)) && !parseDateline(text(u))) {
      units[first] = { ...u, kind: 'heading', depth: 1 };
    }
  }

  const structured = read.hints?.structured === true;
  const furniture = structured
    ? { masthead: null, banner: null, folio: null, teasers: [] as Teaser[] }
    : readFurniture(units);
  units = furniture.units ?? units;
  const { banner, folio, teasers } = furniture;
  const masthead = furniture.masthead ?? read.hints?.masthead ?? null;
  for (const t of read.hints?.teasers ?? []) {
    teaserPlace.set(t.teaser, { line: t.line, column: 1 });
    teasers.push(t.teaser);
  }

  // ── Articles ──
  const drafts: Draft[] = [];
  const articleDepths = new Set<number>();
  let current: Draft | null = null;
  let pendingIn: Jump[] = [];

  const kickerish = (u: Unit | undefined): boolean => {
    if (!u || u.kind !== 'para' || u.lines.length > 3 || u.strong) return false;
    const t = text(u);
    if (visibleLength(t) > 60 || endsSentence(t) || endsWithColon(t)) return false;
    if (parseDateline(t) || parseBylineLine(t) || parseAuthorLine(t) || isJumpLine(t) || splitCredit(t) || isTeaserRefLine(t)) return false;
    if (BULLET.test(t)) return false;
    return true;
  };
  const startsBody = (u: Unit | undefined): boolean => {
    if (!u || u.kind !== 'para') return false;
    const t = text(u);
    return !!(parseDateline(t) || parseBylineLine(t) || parseAuthorLine(t));
  };

  const newDraft = (u: Unit | null): Draft => {
    const d: Draft = {
      article: {
        id: '', kicker: null, headline: null, deck: null, byline: null, dateline: null, authors: [], body: [],
        jumps: [], logo: null, continues: null, source: u ? { line: u.line, column: u.column } : undefined,
      },
      raw: [],
      depth: 0,
      hasBody: false,
      pendingIn: [],
    };
    d.article.jumps.push(...pendingIn);
    pendingIn = [];
    drafts.push(d);
    return d;
  };

  // A display line inside an article: figures and symbols ("3+3+2", "98%"), or a very short heading
  // set bigger than the article's own headline.
  const isCallout = (u: Unit, d: Draft) => {
    const t = text(u).trim();
    if (visibleLength(t) > 12) return false;
    if (!hanRe.test(t)) return true;
    return u.kind === 'heading' && u.depth < d.depth && visibleLength(t) <= 6 && !isEnumerated(t);
  };

  // A headline cluster a reader marked (kicker, headline, deck roles): taken exactly as marked.
  let clusterEnd = 0;
  const readCluster = (start: number): Draft => {
    const first = units[start]!;
    const d = newDraft(first);
    if (first.ref) d.article.ref = first.ref;
    const a = d.article;
    let k = start;
    for (; k < units.length; k++) {
      const v = units[k]!;
      const t = spaced(v).trim();
      if (v.role === 'headline') {
        if (a.headline !== null || a.deck !== null) break;
        a.headline = t;
        a.source = { line: v.line, column: v.column };
      } else if (v.role === 'kicker') {
        if (a.headline !== null) break;
        a.kicker = a.kicker ? `${a.kicker} ${t}` : t;
      } else if (v.role === 'deck') {
        a.deck = a.deck ? `${a.deck} ${t}` : t;
      } else break;
    }
    clusterEnd = k;
    return d;
  };

  let i = 0;
  while (i < units.length) {
    const u = units[i]!;

    if (u.role === 'kicker' || u.role === 'headline' || u.role === 'deck') {
      current = readCluster(i);
      i = clusterEnd;
      continue;
    }
    if (u.role === 'byline' && current) {
      const t = spaced(u).trim();
      const dl = parseDateline(t);
      current.article.byline ??= dl?.byline ?? t;
      current.article.authors.push(...(dl ? dl.authors : (parseBylineLine(t)?.authors ?? parseAuthorLine(t)?.authors ?? parseAuthors(t))));
      i++;
      continue;
    }
    if (u.articleStart && current && (current.hasBody || current.article.headline)) current = newDraft(u);
    if (u.role === 'subhead') {
      if (!current) current = newDraft(u);
      addBody(current, u, { type: 'subhead', text: spaced(u).trim(), level: 1 });
      i++;
      continue;
    }

    if (u.kind === 'jump') {
      const jump: Jump = { ...u.jump!, generated: false };
      jumpPlace.set(jump, { line: u.line, column: u.column });
      const nextIsHead = units[i + 1]?.kind === 'heading' || kickerish(units[i + 1]);
      if (jump.direction === 'in' && (!current || current.hasBody) && nextIsHead) pendingIn.push(jump);
      else if (current) current.article.jumps.push(jump);
      else pendingIn.push(jump);
      i++;
      continue;
    }

    // A headline cluster: headings, with at most two short plain lines before and one after.
    if (structured && u.kind === 'heading') {
      if (!current) current = newDraft(u);
      addBody(current, u, { type: 'subhead', text: text(u).trim(), level: 1 });
      i++;
      continue;
    }
    const clusterStart = (() => {
      if (structured) return false;
      if (u.kind === 'heading') return true;
      if (!kickerish(u)) return false;
      // A headline never stands without text: the line under it is its body, not the next kicker.
      if (current && !current.hasBody && current.article.headline) return false;
      for (let k = i + 1; k <= i + 2 && k < units.length; k++) {
        if (units[k]!.kind === 'heading') return true;
        if (!kickerish(units[k])) return false;
      }
      return false;
    })();

    if (clusterStart) {
      const run: Unit[] = [];
      let k = i;
      let seenHeading = false;
      let after = 0;
      let headingCount = 0;
      while (k < units.length) {
        const v = units[k]!;
        if (v.kind === 'heading') {
          // Column logo, kicker, headline, deck: a run of more headings starts further articles.
          if ((seenHeading && after > 0) || headingCount === MAX_CLUSTER_HEADINGS) break;
          headingCount++;
          seenHeading = true;
          run.push(v);
          k++;
          continue;
        }
        if (!kickerish(v)) break;
        if (seenHeading) {
          // One short line under the headline is a deck, unless it is the start of the text.
          if (after >= 1) break;
          after++;
        }
        run.push(v);
        k++;
      }
      // A short line under a headline that is directly followed by another heading is that article's
      // text, not a deck.
      if (after > 0 && units[k]?.kind === 'heading' && run[run.length - 1]!.kind === 'para') {
        run.pop();
        k--;
      }
      const next = units[k];
      const headings = run.filter((v) => v.kind === 'heading');
      const minDepth = Math.min(...headings.map((h) => h.depth));

      if (current && current.hasBody) {
        if (run.length === 1 && isCallout(u, current) && !startsBody(next)) {
          addBody(current, u, { type: 'callout', text: text(u).trim() });
          i = k;
          continue;
        }
        const hasPlain = run.some((v) => v.kind === 'para');
        const articleLike =
          startsBody(next) ||
          hasPlain ||
          (!isEnumerated(text(headings[0]!)) && (minDepth <= current.depth || articleDepths.has(minDepth)));
        if (!articleLike) {
          for (const h of run) {
            addBody(current, h, { type: 'subhead', text: text(h).trim(), level: Math.max(1, h.depth - current.depth) });
          }
          i = k;
          continue;
        }
      }

      // A new article from the cluster.
      const hIndex = run.findIndex((v) => v.kind === 'heading' && v.depth === minDepth);
      const head = run[hIndex]!;
      const d = newDraft(run[0]!);
      d.depth = head.depth;
      d.article.headline = spaced(head).trim();
      d.article.source = { line: head.line, column: head.column };
      const before = run.slice(0, hIndex);
      const afterHead = run.slice(hIndex + 1);
      if (before.length > 0) {
        const kick = before[before.length - 1]!;
        const logoUnits = before.slice(0, -1);
        if (isSloganLike(kick.lines) && logoUnits.length === 0) logoUnits.push(kick);
        else d.article.kicker = spaced(kick).trim();
        if (logoUnits.length) d.article.logo = logoUnits.map(spaced).join(' ').trim();
      }
      if (afterHead.length > 0) d.article.deck = afterHead.map(spaced).join(' ').trim();
      articleDepths.add(head.depth);
      current = d;
      i = k;
      continue;
    }

    if (u.kind === 'image') {
      if (!current) current = newDraft(u);
      addBody(current, u, { type: 'photo', text: null, caption: null, credit: null, src: imageName(u.src ?? '') });
      i++;
      continue;
    }

    if (u.kind === 'list') {
      if (!current) current = newDraft(u);
      addBody(current, u, { type: 'list', text: null, items: u.items, ordered: u.ordered });
      i++;
      continue;
    }

    // A paragraph.
    const t = text(u);
    const dateline = parseDateline(t);
    if (dateline && current && current.hasBody && !structured) {
      warn(u, 'headline-missing', 'a dateline starts a new article here, but its headline is missing', 'info');
      current = newDraft(u);
    }
    if (!current) current = newDraft(u);
    const a = current.article;
    const noTextYet = !current.hasBody || (structured && !current.raw.some((r) => r.block.type === 'paragraph' && r.unit.role !== 'caption'));
    if (dateline && !a.dateline && noTextYet) {
      a.dateline = dateline.dateline;
      if (dateline.byline) a.byline = dateline.byline;
      a.authors.push(...dateline.authors);
    }
    if (!a.byline && current.raw.length <= 2 && !dateline && u.role !== 'caption') {
      const by = parseBylineLine(t) ?? (current.raw.length === 0 && a.headline ? parseAuthorLine(t) : null);
      if (by) {
        a.byline = by.byline;
        a.authors.push(...by.authors);
        i++;
        continue;
      }
    }
    addBody(current, u, { type: u.quote ? 'quote' : 'paragraph', text: stripResidue(t, u, warn) });
    i++;
  }
  if (pendingIn.length) {
    const d = current ?? newDraft(null);
    d.article.jumps.push(...pendingIn);
  }

  function addBody(d: Draft, u: Unit, block: Block) {
    block.source = { line: u.line, column: u.column };
    d.raw.push({ unit: u, block });
    d.hasBody = true;
  }

  // ── Per-article clean-up: joins, jumps and teasers inside text, photos, lists, subheads ──
  const articles: Article[] = [];
  for (const d of drafts) {
    // A credit line closing the article ("(文/图 刘玺东 易赛楠)") names its authors.
    for (const r of [...d.raw].reverse().slice(0, 12)) {
      const end = r.block.type === 'paragraph' ? parseEndByline(r.block.text ?? '') : null;
      if (!end) continue;
      if (end.rest === '') d.raw.splice(d.raw.indexOf(r), 1);
      else r.block.text = end.rest;
      d.article.byline ??= end.byline;
      d.article.authors.push(...end.authors.filter((x) => !d.article.authors.some((y) => y.name === x.name)));
      break;
    }
    const body = finishBody(d, teasers, warn, read.hints?.captionsMarked === true);
    d.article.body = body;
    if (!d.article.headline && body.length === 0 && d.article.jumps.length === 0) continue;
    articles.push(d.article);
  }

  // Mojibake that the round trip repairs, then garbled text that stays as it is.
  const repair = (value: string | null | undefined, at: { line: number; column: number } | undefined): string | null | undefined => {
    if (!value) return value;
    const r = repairMojibake(value);
    for (const x of r.repairs) {
      warn(at ?? null, 'mojibake-repaired', `"${x.original}" was UTF-8 text decoded as ${x.codePage.toUpperCase()}; repaired to "${x.repaired}"`);
    }
    return r.text;
  };
  for (const a of articles) {
    a.headline = repair(a.headline, a.source) ?? null;
    a.kicker = repair(a.kicker, a.source) ?? null;
    a.deck = repair(a.deck, a.source) ?? null;
    for (const b of a.body) {
      if (b.text) b.text = repair(b.text, b.source) ?? null;
      if (b.caption) b.caption = repair(b.caption, b.source) ?? null;
    }
  }
  // Garbled text anywhere in the page's text.
  const scan = (value: string | null | undefined, at: { line: number; column: number } | undefined) => {
    if (!value) return;
    for (const run of findGarbled(value)) {
      warn(
        at ? { line: at.line, column: at.column } : null,
        'garbled-text',
        `text looks wrongly decoded: "${run.text}" — check the source's encoding; it is kept as it is`,
      );
    }
  };
  for (const a of articles) {
    scan(a.headline, a.source);
    for (const b of a.body) {
      scan(b.text, b.source);
      scan(b.caption, b.source);
      for (const item of b.items ?? []) scan(item, b.source);
    }
  }

  const hints = read.hints ?? {};
  Object.assign(meta, hints.meta ?? {});
  const number = hints.number ?? (masthead ? 1 : (folio?.number ?? null));
  const page: Page = {
    number,
    code: hints.code ?? furniture.folioCode ?? null,
    section: hints.section ?? folio?.section ?? banner?.title ?? null,
    date: hints.date ?? masthead?.date ?? folio?.date ?? fmDate ?? (meta['时间'] ? isoDate(meta['时间']) : null),
    ...(hints.paper || masthead?.paper ? { paper: hints.paper ?? masthead?.paper ?? null } : {}),
    masthead,
    folio,
    banner,
    teasers,
    articles,
    credits,
    source: { file, format: read.format as Page['source']['format'], encoding, meta },
  };
  return { page, problems };
}

