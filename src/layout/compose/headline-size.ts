/**
 * The headline-size rule, in one place: which headline role an article gets, the sizes tried for it,
 * the cost of each size step and of extra lines, and the line breaks between phrases.
 */
import type { StyleRole } from '../template/schema.js';
import { fullWidthPunctuation, type SetLine } from '../text/index.js';
import { setText, type Ctx, type HeadMeasure } from './context.js';
import type { HeadlineRole } from './module-types.js';

/** Cost per headline line beyond two. */
export const HEADLINE_LINE_COST = 80;

/** Headline sizes tried, as factors of the role's size, before accepting more than two lines. */
export const HEADLINE_STEPS = [1, 0.9, 0.8, 0.7, 0.6];

/** Larger sizes tried first for the lead headline of a short page. */
export const LARGE_STEPS = [1.5, 1.35, 1.2, 1.1];

/** Cost of a two-line headline broken inside a phrase when its text has phrases (parts between spaces). */
export const MID_PHRASE_COST = 4;

/** Cost per size step a headline is set below its role's size. */
export const HEADLINE_STEP_COST = 1.5;

/**
 * The headline role of an article: the lead's for the page's first article, a full headline for a
 * story filling half the article area's depth (R grid lines) or more, else the small one.
 */
export function headlineRole(lead: boolean, bodyRows: number, R: number): HeadlineRole {
  if (lead) return 'headline-lead';
  return bodyRows >= 0.5 * R ? 'headline' : 'headline-small';
}

/** Phrases of a headline: the parts between its spaces (a space marks a phrase break in a headline). */
export function phrases(text: string): string[] {
  return text.split(/[ \u3000]+/).filter((s) => s.length > 0);
}

/**
 * A headline in at most two lines: its role's size, or a step smaller when it needs more than two lines
 * or when a smaller size lets it break between phrases. Larger steps are tried first on short pages.
 */
export function headlineLines(ctx: Ctx, text: string, style: HeadlineRole, W: number, large: boolean): { lines: SetLine[]; size: number; penalty: number } {
  // Marks mapped once for the whole headline, so that quotes pair across its phrases.
  text = fullWidthPunctuation(text);
  const st = ctx.t.styles[style];
  const small = ctx.t.styles['headline-small'].size;
  const factors = large ? [...LARGE_STEPS, ...HEADLINE_STEPS] : HEADLINE_STEPS;
  const sizes = factors.map((f) => st.size * f);
  for (const f of HEADLINE_STEPS) if (small * f < sizes[sizes.length - 1]! - 0.01) sizes.push(small * f);
  const first = large ? LARGE_STEPS.length : 0;
  const m = measureHeadline(ctx, text, style);
  const one = (size: number) => (m.full * size) / st.size <= W + 0.01;
  const set = (t: string, size: number) => setText(ctx, t, style, W, { align: 'start', indent: 0, size });
  if (large) {
    // The largest size that sets it in one line, else in two even lines broken between phrases.
    let even: { lines: SetLine[]; size: number; penalty: number } | null = null;
    for (let i = 0; i < first; i++) {
      const size = sizes[i]!;
      if (one(size)) return { lines: set(text, size), size, penalty: 0 };
      if (even) continue;
      let split: SetLine[] | null = null;
      if (m.parts.length > 1) split = phraseSplit(ctx, m, style, W, size);
      else {
        const lines = set(text, size);
        if (lines.length === 2) split = balanceLines(ctx, text, style, W, size, lines);
      }
      if (split && Math.min(split[0]!.width, split[1]!.width) >= 0.6 * Math.max(split[0]!.width, split[1]!.width)) even = { lines: split, size, penalty: 0 };
    }
    if (even) return even;
  }
  let best: { lines: SetLine[]; size: number; penalty: number } | null = null;
  for (let i = first; i < sizes.length; i++) {
    const size = sizes[i]!;
    const step = (i - first) * HEADLINE_STEP_COST;
    if (best && step >= best.penalty) break;
    if (one(size)) {
      best = { lines: set(text, size), size, penalty: step };
      break;
    }
    const split = m.parts.length > 1 ? phraseSplit(ctx, m, style, W, size) : null;
    if (split) {
      best = { lines: split, size, penalty: step };
      break;
    }
    const lines = set(text, size);
    if (lines.length === 1) {
      best = { lines, size, penalty: step };
      break;
    }
    if (lines.length > 2) continue;
    const cand = { lines: balanceLines(ctx, text, style, W, size, lines), size, penalty: step + (m.parts.length > 1 ? MID_PHRASE_COST : 0) };
    if (!best || cand.penalty < best.penalty) best = cand;
  }
  if (best) return best;
  const size = sizes[sizes.length - 1]!;
  const lines = set(text, size);
  return { lines, size, penalty: sizes.length * HEADLINE_STEP_COST + Math.max(0, lines.length - 2) * HEADLINE_LINE_COST };
}

export function measureHeadline(ctx: Ctx, text: string, style: StyleRole): HeadMeasure {
  const key = `${style}\u0000${text}`;
  const cached = ctx.measures.get(key);
  if (cached) return cached;
  const width = (t: string) => setText(ctx, t, style, 1e6, { align: 'start', indent: 0 })[0]?.width ?? 0;
  const parts = phrases(text);
  const heads: number[] = [0];
  const tails: number[] = [0];
  for (let i = 1; i < parts.length; i++) {
    heads.push(width(parts.slice(0, i).join(' ')));
    tails.push(width(parts.slice(i).join(' ')));
  }
  const m = { parts, full: width(text), heads, tails };
  ctx.measures.set(key, m);
  return m;
}

/** Two lines broken between phrases, each fitting the measure, as even as possible; or null. */
export function phraseSplit(ctx: Ctx, m: HeadMeasure, style: StyleRole, W: number, size: number): SetLine[] | null {
  const scale = size / ctx.t.styles[style].size;
  let best = -1;
  let bestW = Infinity;
  for (let i = 1; i < m.parts.length; i++) {
    const w = Math.max(m.heads[i]!, m.tails[i]!) * scale;
    if (w <= W + 0.01 && w < bestW) {
      bestW = w;
      best = i;
    }
  }
  if (best < 0) return null;
  const a = setText(ctx, m.parts.slice(0, best).join(' '), style, W, { align: 'start', indent: 0, size });
  const b = setText(ctx, m.parts.slice(best).join(' '), style, W, { align: 'start', indent: 0, size });
  return a.length === 1 && b.length === 1 ? [a[0]!, b[0]!] : null;
}

/** Two-line headlines: the narrowest measure that still takes two lines, so the lines are even. */
export function balanceLines(ctx: Ctx, text: string, style: StyleRole, W: number, size: number, lines: SetLine[]): SetLine[] {
  // From half the natural width upwards, a character at a time, to the first measure giving two lines.
  const full = (measureHeadline(ctx, text, style).full * size) / ctx.t.styles[style].size;
  for (let w = full / 2 + 0.6 * size, i = 0; w < W && i < 4; w += size, i++) {
    const trial = setText(ctx, text, style, w, { align: 'start', indent: 0, size });
    if (trial.length <= 2) return trial;
  }
  return lines;
}
