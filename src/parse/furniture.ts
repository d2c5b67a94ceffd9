/**
 * The furniture at the top of a page found among its units: masthead (报头), special-report banner,
 * folio (页眉) and teaser block (导读). Each found unit leaves the flow.
 */
import type { Banner, Folio, Masthead, Teaser } from '../model/schema.js';
import { folioCode as folioCode_, folioFeatures, isPaperName, mastheadFeatures, parseFolio, parseMasthead } from './front.js';
import { endsSentence, findTeaserRefs, isTeaserRefLine, visibleLength } from './patterns.js';
import { spaced, teaserPlace, text, type Unit } from './units.js';
import { append } from './append.js';

export interface Furniture {
  masthead: Masthead | null;
  banner: Banner | null;
  folio: Folio | null;
  teasers: Teaser[];
  folioCode?: string | null;
  units?: Unit[];
}

export function readFurniture(units: Unit[]): Furniture {
  const masthead = takeMasthead(units);
  const banner = takeBanner(units);
  const { folio, folioCode } = takeFolio(units);
  const teasers = takeTeasers(units);
  return { masthead, banner, folio, teasers, folioCode, units };
}

/** The masthead: the paper's name near the top, with the lines under it that read as masthead text. */
function takeMasthead(units: Unit[]): Masthead | null {
  const i = units.findIndex((u) => u.kind !== 'list');
  const u = units[i];
  if (!(u && i <= 2 && isPaperName(text(u)) && u.lines.length === 1)) return null;
  const lines: string[] = [];
  let j = i + 1;
  while (j < units.length && units[j]!.kind === 'para' && (mastheadFeatures(spaced(units[j]!)) > 0 || /^[A-Za-z .'-]+$/.test(text(units[j]!)))) {
    append(lines, units[j]!.lines);
    j++;
  }
  if (mastheadFeatures(lines.join(' ')) < 2) return null;
  const masthead = parseMasthead(text(u).trim(), lines);
  units.splice(i, j - i);
  return masthead;
}

/** The banner of a special report: a heading with a "——…" line under it. */
function takeBanner(units: Unit[]): Banner | null {
  for (let i = 0; i < Math.min(units.length - 1, 4); i++) {
    const u = units[i]!;
    const next = units[i + 1]!;
    if ((u.kind === 'heading' || u.kind === 'para') && next.kind === 'para' && /^[—─-]{1,2}\s*\S/.test(text(next)) && visibleLength(text(next)) <= 50) {
      const banner = { title: spaced(u).trim(), subtitle: text(next).trim() };
      units.splice(i, 2);
      return banner;
    }
  }
  return null;
}

/** The folio: a short line among the first five with folio features. */
function takeFolio(units: Unit[]): { folio: Folio | null; folioCode: string | null } {
  for (let i = 0; i < Math.min(units.length, 5); i++) {
    const u = units[i]!;
    if (u.kind !== 'para') continue;
    const t = spaced(u);
    if (folioFeatures(t) >= 2 && visibleLength(t) <= 120 && !endsSentence(t)) {
      const folio = parseFolio(u.lines);
      const folioCode = folioCode_(u.lines);
      units.splice(i, 1);
      return { folio, folioCode };
    }
  }
  return { folio: null, folioCode: null };
}

/** The teaser block (导读): its title line and the teaser lines under it. */
function takeTeasers(units: Unit[]): Teaser[] {
  const teasers: Teaser[] = [];
  const i = units.findIndex((u, k) => k < 8 && u.kind !== 'list' && /^(?:今日|本期|本报)?(?:导读|導讀|要目)$/.test(text(u).trim()));
  if (i < 0) return teasers;
  const end = readTeaserLines(units, i + 1, teasers);
  units.splice(i, end - i);
  return teasers;
}

/** Teaser lines from `start` into `teasers`; returns the index after the last one taken. */
function readTeaserLines(units: Unit[], start: number, teasers: Teaser[]): number {
  let j = start;
  let end = start;
  const pending: Teaser[] = [];
  while (j < units.length) {
    const u = units[j]!;
    const ref = u.kind !== 'list' ? isTeaserRefLine(text(u)) : null;
    if (ref) {
      for (const t of pending) {
        t.page = ref.page;
        t.text = ref.text;
      }
      append(teasers, pending.splice(0));
      end = j + 1;
      j++;
      continue;
    }
    if (!((u.kind === 'heading' || u.kind === 'para') && u.lines.length === 1 && !endsSentence(text(u)))) break;
    const inline = findTeaserRefs(text(u));
    if (inline.length === 1) {
      append(teasers, pending.splice(0));
      teasers.push(inlineTeaser(u, inline[0]!));
      end = j + 1;
      j++;
      continue;
    }
    const teaser: Teaser = { headline: text(u).trim(), page: null, text: null, article: null };
    teaserPlace.set(teaser, { line: u.line, column: u.column });
    pending.push(teaser);
    j++;
    if (pending.length > 4) break;
  }
  return end;
}

/** A teaser line that carries its own page reference. */
function inlineTeaser(u: Unit, ref: ReturnType<typeof findTeaserRefs>[number]): Teaser {
  const headline = text(u).replace(ref.text, '').trim();
  const teaser: Teaser = { headline, page: ref.page, text: ref.text, article: null };
  teaserPlace.set(teaser, { line: u.line, column: u.column });
  return teaser;
}
