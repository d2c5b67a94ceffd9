/** Which pages are shown together: spreads of two facing pages on wide screens, single pages on phones. */
import type { Spread, Viewer } from './context.js';

export function spreadOf(v: Viewer, n: number): Spread {
  if (v.mode === 'single') return [n];
  const i = v.order.indexOf(n);
  if (i <= 0) return [null, v.order[0]!];
  const left = i % 2 === 1 ? i : i - 1;
  return [v.order[left] ?? null, v.order[left + 1] ?? null];
}

export const pagesOf = (s: Spread): number[] => s.filter((n): n is number => n != null);
export const sameSpread = (a: Spread, b: Spread): boolean => a.length === b.length && a.every((n, i) => n === b[i]);

/** The page a step of `dir` spreads (or pages) away from n, clamped to the edition. */
export function stepFrom(v: Viewer, n: number, dir: number): number {
  const s = pagesOf(spreadOf(v, n));
  const edge = dir > 0 ? s[s.length - 1]! : s[0]!;
  const i = v.order.indexOf(edge) + dir;
  return v.order[Math.max(0, Math.min(v.order.length - 1, i))]!;
}

/** "第01版 要闻，第02版 经济": how a spread is announced. */
export function spreadLabel(v: Viewer, s: Spread): string {
  return pagesOf(s)
    .map((n) => {
      const p = v.info.get(n)!;
      return `第${p.label}版${p.section ? ` ${p.section}` : ''}`;
    })
    .join('，');
}
