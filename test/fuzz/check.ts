/**
 * What each stage must keep. The model must hold the text the documents carry; the frames every text
 * field of the model that the layout draws; each page PDF, the edition PDF and each HTML page the text
 * of their frames. A shortfall is a finding naming the stage, the page or article and the characters.
 */
import type { Article, Edition, Page } from '../../src/model/index.js';
import type { FramePage } from '../../src/layout/index.js';
import { bylineInBody } from '../../src/layout/compose/headings.js';
import { canon, lost } from './canon.js';

export type Stage = 'model' | 'frames' | 'page-pdf' | 'edition-pdf' | 'html' | 'identity' | 'diagnostic';

export interface Finding {
  stage: Stage;
  /** Page number, article id or file the finding concerns. */
  where: string;
  /** Characters missing (0 for findings that are not about text). */
  missing: number;
  detail: string;
  /** Output findings: every missing character is one the fonts have no glyph for (layout reported it). */
  glyphless?: boolean;
}

/** The text fields of an article that the layout sets. */
export function articleTexts(a: Article): string[] {
  const out: string[] = [];
  for (const s of [a.logo, a.kicker, a.headline, a.deck]) if (s) out.push(s);
  // A byline that the first paragraph's dateline holds is set once, there (its characters are the body's).
  if (!bylineInBody(a)) {
    if (a.byline) out.push(a.byline);
    if (a.dateline && !(a.byline ?? '').includes(a.dateline)) out.push(a.dateline);
    if (!a.byline) for (const au of a.authors) out.push(au.name);
  }
  for (const b of a.body) {
    if (b.text) out.push(b.text);
    for (const item of b.items ?? []) out.push(item);
    if (b.caption) out.push(b.caption);
    if (b.credit) out.push(b.credit);
  }
  for (const j of a.jumps) if (!j.generated) out.push(j.text);
  return out;
}

/** Text of the page outside its articles that the layout sets: banner, teasers, page credits. */
export function pageTexts(p: Page): string[] {
  const out: string[] = [];
  if (p.banner) out.push(p.banner.title, ...(p.banner.subtitle ? [p.banner.subtitle] : []));
  for (const t of p.teasers) out.push(t.headline);
  out.push(...p.credits);
  return out;
}

/** Everything of the model that can be drawn (articles, furniture), for the check against the documents. */
export function modelTexts(e: Edition): string[] {
  const out: string[] = [];
  for (const p of e.pages) {
    out.push(...pageTexts(p));
    if (p.masthead?.paper) out.push(p.masthead.paper);
    if (p.folio?.section) out.push(p.folio.section);
    for (const a of p.articles) out.push(...articleTexts(a));
  }
  return out;
}

const INVALID = /[\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/**
 * The documents' text is in the model; noncharacters and lone surrogates are not (the parser reports
 * them and puts U+FFFD in their place, so every output shows the same character).
 */
export function checkModel(expect: string[], edition: Edition): Finding[] {
  const findings: Finding[] = [];
  const texts = modelTexts(edition);
  const s = lost(expect, texts);
  if (s.count > 0) findings.push({ stage: 'model', where: 'edition', missing: s.count, detail: s.sample });
  const invalid = texts.flatMap((t) => t.match(INVALID) ?? []);
  if (invalid.length > 0) {
    const names = [...new Set(invalid)].slice(0, 4).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
    findings.push({ stage: 'model', where: 'edition', missing: invalid.length, detail: `noncharacters or lone surrogates kept in the model: ${names.join(', ')}` });
  }
  return findings;
}

const linesOf = (pages: FramePage[], pick: (box: FramePage['boxes'][number]) => boolean) =>
  pages.flatMap((p) => p.boxes.filter(pick).flatMap((b) => b.lines.map((l) => l.text)));

/** Every article's text in the boxes of that article (all its parts); the page furniture on the page. */
export function checkFrames(edition: Edition, frames: FramePage[]): Finding[] {
  const findings: Finding[] = [];
  for (const page of edition.pages) {
    for (const a of page.articles) {
      const s = lost(articleTexts(a), linesOf(frames, (b) => b.article === a.id));
      if (s.count > 0) findings.push({ stage: 'frames', where: a.id, missing: s.count, detail: s.sample });
    }
  }
  edition.pages.forEach((page, i) => {
    const frame = frames[i];
    const s = lost(pageTexts(page), frame ? linesOf([frame], (b) => b.article === null) : []);
    if (s.count > 0) findings.push({ stage: 'frames', where: `page ${page.number ?? i + 1}`, missing: s.count, detail: s.sample });
  });
  return findings;
}

export const frameText = (page: FramePage): string[] => page.boxes.flatMap((b) => b.lines.map((l) => l.text));

/** An output (a PDF's or an HTML page's text) against the frame pages it draws. */
export function checkOutput(stage: Stage, frames: FramePage[], text: string, glyphless: ReadonlySet<string> = new Set()): Finding[] {
  const s = lost(frames.flatMap(frameText), text);
  const where = frames.length === 1 ? `page ${frames[0]!.number}` : 'edition';
  if (s.count === 0) return [];
  return [{ stage, where, missing: s.count, detail: s.sample, glyphless: s.chars.every((c) => glyphless.has(c)) }];
}

/** The characters the layout reported as having no glyph (rule missing-glyph), in canonical form. */
export function glyphlessCharacters(diagnostics: { rule: string; message: string }[]): Set<string> {
  const out = new Set<string>();
  for (const d of diagnostics) {
    const m = d.rule === 'missing-glyph' ? /\(U\+([0-9A-F]{4,6})\)/.exec(d.message) : null;
    if (m) out.add(canon(String.fromCodePoint(Number.parseInt(m[1]!, 16))));
  }
  return out;
}

/** Frame pages are named (output files, viewer addresses) by their code: no two may share one. */
export function checkIdentity(frames: FramePage[]): Finding[] {
  const seen = new Map<string, number>();
  for (const f of frames) seen.set(f.code, (seen.get(f.code) ?? 0) + 1);
  return [...seen]
    .filter(([, n]) => n > 1)
    .map(([code, n]) => ({ stage: 'identity' as const, where: `page ${code}`, missing: 0, detail: `${n} pages share code ${code}` }));
}
