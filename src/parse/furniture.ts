/**
 * The furniture at the top of a page found among its units: masthead (报头), special-report banner,
 * folio (页眉) and teaser block (导读). Each found unit leaves the flow.
 */
import type { Banner, Folio, Masthead, Teaser } from '../model/schema.js';
import { folioCode as folioCode_, folioFeatures, isPaperName, mastheadFeatures, parseFolio, parseMasthead } from './front.js';
import { endsSentence, findTeaserRefs, isTeaserRefLine, visibleLength } from './patterns.js';
import { spaced, teaserPlace, text, type Unit } from './units.js';

export interface Furniture {
  masthead: Masthead | null;
  banner: Banner | null;
  folio: Folio | null;
  teasers: Teaser[];
  folioCode?: string | null;
  units?: Unit[];
}

export function readFurniture(units: Unit[]): Furniture {
  // ── Masthead ──
  let masthead: Masthead | null = null;
  {
    const i = units.findIndex((u) => u.kind !== 'list');
    const u = units[i];
    if (u && i <= 2 && isPaperName(text(u)) && u.lines.length === 1) {
      const lines: string[] = [];
      let j = i + 1;
      while (j < units.length && units[j]!.kind === 'para' && (mastheadFeatures(spaced(units[j]!)) > 0 || /^[A-Za-z .'-]+$/.test(text(units[j]!)))) {
        lines.push(...units[j]!.lines);
        j++;
      }
      if (mastheadFeatures(lines.join(' ')) >= 2) {
        masthead = parseMasthead(text(u).trim(), lines);
        units.splice(i, j - i);
      }
    }
  }

  // ── Banner of a special report: a heading with a "——…" line under it ──
  let banner: Banner | null = null;
  for (let i = 0; i < Math.min(units.length - 1, 4); i++) {
    const u = units[i]!;
    const next = units[i + 1]!;
    if ((u.kind === 'heading' || u.kind === 'para') && next.kind === 'para' && /^[—─-]{1,2}\s*\S/.test(text(next)) && visibleLength(text(next)) <= 50) {
      banner = { title: spaced(u).trim(), subtitle: text(next).trim() };
      units.splice(i, 2);
      break;
    }
  }

  // ── Folio ──
  let folio: Folio | null = null;
  let folioCode: string | null = null;
  for (let i = 0; i < Math.min(units.length, 5); i++) {
    const u = units[i]!;
    if (u.kind !== 'para') continue;
    const t = spaced(u);
    if (folioFeatures(t) >= 2 && visibleLength(t) <= 120 && !endsSentence(t)) {
      folio = parseFolio(u.lines);
      folioCode = folioCode_(u.lines);
      units.splice(i, 1);
      break;
    }
  }

  // ── Teasers (导读) ──
  const teasers: Teaser[] = [];
  {
    const i = units.findIndex((u, k) => k < 8 && u.kind !== 'list' && /^(?:今日|本期|本报)?(?:导读|導讀|要目)$/.test(text(u).trim()));
    if (i >= 0) {
      let j = i + 1;
      let end = i + 1;
      const pending: Teaser[] = [];
      while (j < units.length) {
        const u = units[j]!;
        const ref = u.kind !== 'list' ? isTeaserRefLine(text(u)) : null;
        if (ref) {
          for (const t of pending) {
            t.page = ref.page;
            t.text = ref.text;
          }
          teasers.push(...pending.splice(0));
          end = j + 1;
          j++;
          continue;
        }
        if ((u.kind === 'heading' || u.kind === 'para') && u.lines.length === 1 && !endsSentence(text(u))) {
          const inline = findTeaserRefs(text(u));
          if (inline.length === 1) {
            const headline = text(u).replace(inline[0]!.text, '').trim();
            const teaser: Teaser = { headline, page: inline[0]!.page, text: inline[0]!.text, article: null };
            teaserPlace.set(teaser, { line: u.line, column: u.column });
            teasers.push(...pending.splice(0), teaser);
            end = j + 1;
            j++;
            continue;
          }
          const teaser: Teaser = { headline: text(u).trim(), page: null, text: null, article: null };
          teaserPlace.set(teaser, { line: u.line, column: u.column });
          pending.push(teaser);
          j++;
          if (pending.length > 4) break;
          continue;
        }
        break;
      }
      units.splice(i, end - i);
    }
  }

  return { masthead, banner, folio, teasers, folioCode, units };
}
