/**
 * Text compared across stages: NFKC, noncharacters and lone surrogates as U+FFFD (what the model is to
 * hold for them), without white space, control and format characters (no stage is asked to draw those).
 * Stages are compared as multisets of code points: a later stage must hold every character of the one
 * before as often (it may add jump lines, folios and repeated headlines). Curly quotes count as the
 * straight ones: the layout sets straight quotes touching Chinese text as “” ‘’ (NFKC keeps those apart),
 * and it never turns a curly quote straight, so a quote missing from a later stage still shows.
 */
export function canon(text: string): string {
  return text
    .replace(/[\p{Cs}\p{Noncharacter_Code_Point}]/gu, '\uFFFD')
    .normalize('NFKC')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[\s\p{Cc}\p{Cf}\p{Z}]/gu, '');
}

export type Counts = Map<number, number>;

export function counts(text: string, into: Counts = new Map()): Counts {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    into.set(cp, (into.get(cp) ?? 0) + 1);
  }
  return into;
}

export interface Shortfall {
  /** Characters of `need` that `have` lacks (counted with multiplicity). */
  count: number;
  /** The distinct characters lacking. */
  chars: string[];
  /** A few of them, as "字 U+5B57 ×3". */
  sample: string;
}

export function shortfall(need: Counts, have: Counts): Shortfall {
  let count = 0;
  const lacking: [number, number][] = [];
  for (const [cp, n] of need) {
    const d = n - (have.get(cp) ?? 0);
    if (d <= 0) continue;
    count += d;
    lacking.push([cp, d]);
  }
  lacking.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const sample = lacking
    .slice(0, 6)
    .map(([cp, d]) => `${String.fromCodePoint(cp)} U+${cp.toString(16).toUpperCase().padStart(4, '0')}${d > 1 ? ` ×${d}` : ''}`)
    .join(', ');
  return { count, sample, chars: lacking.map(([cp]) => String.fromCodePoint(cp)) };
}

/** Characters of the canonical text of `need` that the canonical text of `have` lacks. */
export function lost(need: string | Iterable<string>, have: string | Iterable<string>): Shortfall {
  const c = (s: string | Iterable<string>) => {
    const m: Counts = new Map();
    for (const part of typeof s === 'string' ? [s] : s) counts(canon(part), m);
    return m;
  };
  return shortfall(c(need), c(have));
}
