import { describe, it, expect } from 'vitest';
import * as fc from 'fast-check';
import * as fontkit from 'fontkit';
import { fileURLToPath } from 'node:url';
import {
  setParagraph,
  breakOpportunities,
  kinsokuViolations,
  isOrphanLine,
  type Metrics,
  type SetOptions,
  type SetLine,
} from '../src/layout/text/index.js';

/** Han and full-width punctuation 1 em, ASCII 0.5 em. */
const stub: Metrics = { advance: (cp) => (cp < 0x80 ? 0.5 : 1) };
/** Like `stub`, but curly quotes are proportional (0.5 em) and so not compressible. */
const narrowQuotes: Metrics = {
  advance: (cp) => (cp < 0x80 || (cp >= 0x2018 && cp <= 0x201d) ? 0.5 : 1),
};

/** Size 10 pt, so 1 em = 10 pt. */
function set(text: string, width: number, extra: Partial<SetOptions> = {}): SetLine[] {
  return setParagraph(text, { metrics: stub, size: 10, width, ...extra });
}
const texts = (lines: SetLine[]) => lines.map((l) => l.text);
function expectXs(actual: number[], expected: number[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, i) => expect(x, `xs[${i}]`).toBeCloseTo(expected[i]!, 6));
}

describe('break opportunities', () => {
  it('allows breaks next to quotes between Han characters', () => {
    // 他说“你好”我们: before “ (2) and after ” (6) are allowed, inside the quotes' sticky sides not.
    expect(breakOpportunities('他说“你好”我们')).toEqual([1, 2, 4, 6, 7]);
  });

  it('never starts a line with a no-start mark', () => {
    for (const ch of '、，。．：；！？”’）》〉】」』〕〗］｝·・～-–－%‰℃°′″') {
      expect(breakOpportunities(`甲${ch}乙`), ch).not.toContain(1);
    }
  });

  it('never ends a line with a no-end mark', () => {
    for (const ch of '“‘（《〈【「『〔〖［｛/￥$£') {
      expect(breakOpportunities(`甲${ch}乙`), ch).not.toContain(2);
    }
  });

  it('keeps —— and …… whole', () => {
    expect(breakOpportunities('甲——乙')).toEqual([1, 3]);
    const e = breakOpportunities('甲……乙');
    expect(e).not.toContain(2);
    expect(e).toContain(3);
  });

  it('keeps a number with its counter or unit from the unit table', () => {
    for (const unit of ['场', '台', '家', '所', '项', '户', '路', '批', '份', '公']) {
      const text = `举办32${unit}活动`;
      // Breaks after 举 and 办 (before the number), none between the number and its unit.
      expect(breakOpportunities(text), text).not.toContain(4);
    }
  });

  it('keeps numbers with decimal point, unit and percent', () => {
    expect(breakOpportunities('约8.6万元')).toEqual([1, 5]);
    const p = breakOpportunities('增长21.3%左右');
    expect(p.filter((b) => b >= 3 && b <= 6)).toEqual([]);
    expect(p).toContain(2);
    expect(p).toContain(7);
    expect(breakOpportunities('CN 43-0005')).toEqual([]);
    expect(breakOpportunities('于2023年后')).toEqual([1, 6]);
  });

  it('keeps Latin words whole, hyphenated ones too', () => {
    expect(breakOpportunities('用hello和well-known')).toEqual([1, 6, 7]);
  });

  it('keeps a jump reference whole', () => {
    expect(breakOpportunities('见▶下转02版①')).toEqual([1]);
    expect(breakOpportunities('见▲上接 01版②')).toEqual([1]);
    expect(breakOpportunities('见（下转第2版）')).toEqual([1]);
  });

  it('reports a required break after a line feed', () => {
    expect(breakOpportunities('ab\ncd')).toContain(3);
  });
});

describe('line filling', () => {
  it('fills full-width lines exactly', () => {
    const text = '甲乙丙丁戊己庚辛壬癸'.repeat(2) + '子丑寅卯辰';
    const lines = set(text, 100);
    expect(lines.map((l) => [...l.text].length)).toEqual([10, 10, 5]);
    expectXs(lines[0]!.xs, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(lines.map((l) => l.width)).toEqual([100, 100, 50]);
    expect(lines.map((l) => l.last)).toEqual([false, false, true]);
    expect(lines.some((l) => l.loose)).toBe(false);
  });

  it('indents the first line in em', () => {
    const lines = set('甲乙丙丁戊己庚辛壬癸子丑', 100, { indent: 2 });
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛', '壬癸子丑']);
    expect(lines[0]!.xs[0]).toBe(20);
    expect(lines[0]!.width).toBeCloseTo(100, 6);
    expect(lines[1]!.xs[0]).toBe(0);
  });

  it('aligns center and end without stretching', () => {
    expectXs(set('甲乙', 100, { align: 'center' })[0]!.xs, [40, 50]);
    expectXs(set('甲乙', 100, { align: 'end' })[0]!.xs, [80, 90]);
    const start = set('甲乙丙丁戊己庚辛壬，癸子丑', 100, { align: 'start' });
    expect(start[0]!.text).toBe('甲乙丙丁戊己庚辛壬，');
    expectXs(start[0]!.xs, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(start[0]!.width).toBeCloseTo(95, 6);
  });

  it('ends a line at a line feed without justifying it', () => {
    const lines = set('甲乙\n丙丁', 100);
    expect(texts(lines)).toEqual(['甲乙\n', '丙丁']);
    expect(lines[0]!.width).toBe(20);
    expect(lines[0]!.last).toBe(false);
  });
});

describe('punctuation compression', () => {
  it('sets two adjacent full-width marks in 1.5 em', () => {
    expectXs(set('甲乙。”丙丁', 1000)[0]!.xs, [0, 10, 20, 25, 35, 45]);
    expectXs(set('甲”，乙', 1000)[0]!.xs, [0, 10, 15, 25]);
    expectXs(set('甲）、乙', 1000)[0]!.xs, [0, 10, 15, 25]);
  });

  it('shifts an opening mark left when it follows another opening mark', () => {
    expectXs(set('甲（“乙', 1000)[0]!.xs, [0, 10, 15, 25]);
  });

  it('removes the leading half em of an opening mark at line start', () => {
    const [line] = set('“甲乙”', 1000);
    expectXs(line!.xs, [-5, 5, 15, 25]);
    expect(line!.width).toBeCloseTo(30, 6);
  });

  it('sets a closing mark at the end of a justified line half-width', () => {
    const lines = set('甲乙丙丁戊己庚辛壬，癸子丑寅', 100);
    expect(lines[0]!.text).toBe('甲乙丙丁戊己庚辛壬，');
    // 9.5 em of content spread over 9 gaps to fill 10 em; the comma's blank hangs past nothing.
    const step = 10 + 5 / 9;
    expect(lines[0]!.xs[1]).toBeCloseTo(step, 6);
    expect(lines[0]!.xs[9]).toBeCloseTo(9 * step, 6);
    expect(lines[0]!.width).toBeCloseTo(100, 6);
  });

  it('does not compress a proportional (narrow) quote', () => {
    const m = { metrics: narrowQuotes, size: 10, width: 1000 };
    expectXs(setParagraph('甲。”乙', m)[0]!.xs, [0, 10, 20, 25]);
    expectXs(setParagraph('“甲”', m)[0]!.xs, [0, 5, 15]);
  });

  it('compresses with the real Noto Serif SC advances', () => {
    const file = fileURLToPath(
      new URL(
        '../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
        import.meta.url,
      ),
    );
    const font = fontkit.openSync(file) as unknown as {
      unitsPerEm: number;
      glyphForCodePoint(cp: number): { advanceWidth: number };
    };
    const cache = new Map<number, number>();
    const noto: Metrics = {
      advance(cp) {
        let w = cache.get(cp);
        if (w === undefined) {
          w = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
          cache.set(cp, w);
        }
        return w;
      },
    };
    const opts = { metrics: noto, size: 10, width: 1000, align: 'start' as const };
    // ：“ and 。” pair up; the final ” loses its trailing blank.
    const [line] = setParagraph('他说：“明天见。”', opts);
    expectXs(line!.xs, [0, 10, 20, 25, 35, 45, 55, 65, 70]);
    expect(line!.width).toBeCloseTo(75, 6);
    // The middle dot is narrow in this font: nothing to compress.
    const dot = noto.advance(0xb7);
    expect(dot).toBeLessThan(0.9);
    expectXs(setParagraph('甲·乙', opts)[0]!.xs, [0, 10, 10 + dot * 10]);
    // Justified body text: every line but the last is flush with the measure.
    const body = setParagraph('这是一段用来检查两端对齐的正文，其中有“引号”、数字2024和English单词。'.repeat(6), {
      metrics: noto,
      size: 9,
      width: 117,
      indent: 2,
    });
    expect(body.length).toBeGreaterThan(5);
    for (const l of body.slice(0, -1)) expect(Math.abs(l.width - 117)).toBeLessThanOrEqual(0.05);
    expect(kinsokuViolations(texts(body))).toBe(0);
  });
});

describe('禁则', () => {
  it('pushes in first: compresses a comma on the line so the line-end comma fits', () => {
    const lines = set('甲乙丙，丁戊己庚辛壬，癸子丑', 100);
    expect(texts(lines)).toEqual(['甲乙丙，丁戊己庚辛壬，', '癸子丑']);
    expectXs(lines[0]!.xs, [0, 10, 20, 30, 35, 45, 55, 65, 75, 85, 95]);
    expect(lines[0]!.width).toBeCloseTo(100, 6);
  });

  it('pushes in an opening quote so the closing quote stays on the line', () => {
    const lines = set('甲乙丙“丁”戊己庚', 50);
    expect(texts(lines)).toEqual(['甲乙丙“丁”', '戊己庚']);
    expectXs(lines[0]!.xs, [0, 10, 20, 25, 35, 45]);
  });

  it('pushes out when nothing can be compressed, and spreads the line', () => {
    const lines = set('甲乙丙丁戊己庚辛壬癸，子丑寅', 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛壬', '癸，子丑寅']);
    expectXs(lines[0]!.xs, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * 11.25));
    expect(lines[0]!.loose).toBe(false);
  });

  it('moves an opening quote to the next line and removes its leading blank there', () => {
    const lines = set('甲乙丙丁戊“己庚”辛', 50);
    expect(texts(lines)).toEqual(['甲乙丙丁戊', '“己庚”辛']);
    expect(lines[1]!.xs[0]).toBe(-5);
  });

  it('does not end a line with an opening bracket', () => {
    const lines = set('甲乙丙丁（戊己）庚辛壬癸', 50);
    expect(lines[0]!.text).toBe('甲乙丙丁');
    expect(kinsokuViolations(texts(lines))).toBe(0);
  });

  it('counts lines that break the rules', () => {
    expect(kinsokuViolations(['，甲乙', '甲乙“', '甲乙。', '“甲乙', ' 甲 '])).toBe(2);
    expect(kinsokuViolations(['）甲（'])).toBe(1);
  });
});

describe('unbreakable units', () => {
  it('moves a Latin word down whole', () => {
    expect(texts(set('甲乙丙丁戊己庚辛hello世界', 100))).toEqual(['甲乙丙丁戊己庚辛', 'hello世界']);
  });

  it('keeps a number with its unit', () => {
    expect(texts(set('甲乙丙丁戊己庚辛8.6万元', 100))).toEqual(['甲乙丙丁戊己庚辛', '8.6万元']);
    expect(texts(set('甲乙丙丁戊己庚辛壬21.3%', 100))).toEqual(['甲乙丙丁戊己庚辛壬', '21.3%']);
  });

  it('keeps a jump reference whole', () => {
    const lines = set('甲乙丙丁戊己▶下转02版①', 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己', '▶下转02版①']);
    expect(lines[0]!.loose).toBe(true);
    expect(lines[0]!.width).toBeCloseTo(100, 6);
  });

  it('keeps —— whole', () => {
    expect(texts(set('甲乙丙丁戊己庚辛壬——癸子', 100))).toEqual(['甲乙丙丁戊己庚辛壬', '——癸子']);
  });

  it('splits a unit only when it alone is wider than the measure', () => {
    const lines = set('abcdefghijklmnopqrstuvwxyz', 50);
    expect(texts(lines)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('splits a unit wider than the measure a little earlier rather than leave one letter of it alone on the last line', () => {
    // 21 letters at 10 a line: split where each line is full, the last holds "u" alone (孤字).
    const lines = set('issuu.com/australiany', 50);
    expect(lines.length).toBe(3);
    expect(lines.some((l) => isOrphanLine(l.text))).toBe(false);
    expect(lines.map((l) => l.text).join('')).toBe('issuu.com/australiany');
  });
});

describe('justification', () => {
  it('stretches Latin word spaces first', () => {
    const lines = set('abcd efgh ijkl mnop qrst', 100);
    expect(texts(lines)).toEqual(['abcd efgh ijkl mnop ', 'qrst']);
    const xs = lines[0]!.xs;
    expect(xs[1]! - xs[0]!).toBeCloseTo(5, 6); // letters keep their spacing
    expect(xs[5]!).toBeCloseTo((2 + 0.5 + 0.5 / 3) * 10, 6); // each space takes a third of 0.5 em
    expect(xs[19]!).toBeCloseTo(100, 6); // the trailing space hangs at the edge
    expect(lines[0]!.width).toBeCloseTo(100, 6);
    expect(lines[0]!.loose).toBe(false);
  });

  it('adds the ¼-em Han–Latin gap, not at line start or next to punctuation', () => {
    expectXs(set('中文ABC中文', 1000)[0]!.xs, [0, 10, 22.5, 27.5, 32.5, 40, 50]);
    expectXs(set('中，A', 1000)[0]!.xs, [0, 10, 20]);
    const lines = set('甲乙丙丁戊己庚辛壬癸Ab', 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛壬癸', 'Ab']);
    expectXs(lines[0]!.xs, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(lines[1]!.xs[0]).toBe(0);
  });

  it('spreads evenly over every gap, Han–Latin gaps opening by at most 0.13 em', () => {
    const lines = set('甲乙丙丁戊己ab庚——辛壬', 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己ab庚', '——辛壬']);
    const xs = lines[0]!.xs;
    // 1.5 em to add over 7 gaps (not inside "ab"): 0.214 each is more than the two Han–Latin gaps may
    // take, so they open by 0.13 em and the five others share the rest.
    const other = (1.5 - 2 * 0.13) / 5;
    expect(xs[1]! - xs[0]!).toBeCloseTo((1 + other) * 10, 6);
    expect(xs[6]! - xs[5]!).toBeCloseTo((1 + 0.25 + 0.13) * 10, 6);
    expect(xs[7]! - xs[6]!).toBeCloseTo(5, 6);
    expect(xs[8]! - xs[7]!).toBeCloseTo((0.5 + 0.25 + 0.13) * 10, 6);
    expect(lines[0]!.width).toBeCloseTo(100, 6);
    expect(lines[0]!.loose).toBe(false);
  });

  it('tightens the gaps between ideographs a little rather than leaving a number with its unit a loose line', () => {
    // 8 Han + 2021年 + two Han–Latin gaps pushed in to ⅛ em = 11.25 em on an 11-em line: ¼ em over 7 gaps.
    const lines = set('甲乙丙丁戊己庚辛2021年壬癸子', 110);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛2021年', '壬癸子']);
    const xs = lines[0]!.xs;
    for (let i = 1; i < 8; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(10 - 2.5 / 7, 6);
    expect(xs[8]! - xs[7]!).toBeCloseTo(10 + 1.25, 6);
    expect(lines[0]!.width).toBeCloseTo(110, 6);
    expect(lines[0]!.loose).toBe(false);
    // More than 0.04 em a gap is not taken: the number goes down and the line is spread.
    expect(texts(set('甲乙丙2021年辛壬癸', 60))[0]).toBe('甲乙丙');
  });

  it('spreads a short shortfall over all gaps alike, Han–Latin gaps included', () => {
    const one = set('甲乙丙丁戊己ab庚辛壬癸子', 97);
    // First line: 8 Han + ab + 2 gaps = 9.5 em, 0.2 em short (壬 too would need its Han gaps closed
    // past MAX_TIGHTEN): spread over its gaps, the Han–Latin ones opening as much as the others.
    expect(one[0]!.text).toBe('甲乙丙丁戊己ab庚辛');
    const xs = one[0]!.xs;
    const per = (xs[1]! - xs[0]!) / 10 - 1;
    expect(per).toBeGreaterThan(0);
    expect((xs[6]! - xs[5]!) / 10 - 1 - 0.25).toBeCloseTo(per, 6);
  });

  it('pushes a Han–Latin gap in to ⅛ em before pushing a number out', () => {
    // 8 Han + "12" (1 em) + two ¼-em gaps = 9.5 em on a 9.3-em measure: the gaps close by 0.1 em each.
    const lines = set('甲乙丙丁12戊己庚辛壬癸', 93);
    expect(lines[0]!.text).toBe('甲乙丙丁12戊己庚辛');
    expect(lines[0]!.width).toBeCloseTo(93, 6);
  });

  it('spreads a push-out over several lines instead of leaving one loose line', () => {
    // A first-fit breaker would set 10 + 8 characters, the second line needing 2 em over 7 gaps.
    const lines = set('甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未abcdefghijklmnopqr', 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛壬', '癸子丑寅卯辰巳午未', 'abcdefghijklmnopqr']);
    expect(lines.map((l) => l.loose)).toEqual([false, false, false]);
    expect(lines[1]!.xs[8]).toBeCloseTo(90, 6);
  });

  it('marks a line loose beyond maxStretch but still justifies it', () => {
    const lines = set('甲乙丙——', 40);
    expect(texts(lines)).toEqual(['甲乙丙', '——']);
    expectXs(lines[0]!.xs, [0, 15, 30]);
    expect(lines[0]!.width).toBeCloseTo(40, 6);
    expect(lines[0]!.loose).toBe(true);
    expect(set('甲乙丙——', 40, { maxStretch: 0.5 })[0]!.loose).toBe(false);
  });
});

describe('孤字', () => {
  it('recognises an orphan line', () => {
    expect(isOrphanLine('甲。')).toBe(true);
    expect(isOrphanLine('甲')).toBe(true);
    expect(isOrphanLine('”甲。”')).toBe(true);
    expect(isOrphanLine('甲乙。')).toBe(false);
    expect(isOrphanLine('ab')).toBe(false);
    expect(isOrphanLine('——')).toBe(false);
    expect(isOrphanLine('')).toBe(false);
  });

  it('pulls a character down so the last line is not alone, and re-justifies the line above', () => {
    const text = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌。';
    const lines = set(text, 100);
    expect(texts(lines)).toEqual(['甲乙丙丁戊己庚辛壬癸', '子丑寅卯辰巳午未申', '酉戌。']);
    expectXs(lines[1]!.xs, [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * 11.25));
    expect(lines[1]!.width).toBeCloseTo(100, 6);
    expect(lines.some((l) => isOrphanLine(l.text) && l.last)).toBe(false);
  });
});

// Random paragraphs built from pieces of every kind the breaker handles.
const pieces = [
  ...'甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地人和中文新闻',
  ...'，。、；：！？“”‘’（）《》【】「」·～—…%',
  'abc', 'Hello', 'well-known', '2023', '8.6', '21.3%', '万', '年', ' ', ' ', '——', '……',
  '▶下转02版①', 'CN 43-0005', 'x', '7', '.', ',', '/', '$', '😀', '𠀀',
];
const paragraph = fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((a) => a.join(''));

describe('invariants', () => {
  it('never drops, reorders or overflows', () => {
    fc.assert(
      fc.property(
        paragraph,
        fc.constantFrom(35, 60, 95, 117, 200),
        fc.constantFrom('justify', 'start', 'center', 'end') as fc.Arbitrary<SetOptions['align']>,
        fc.constantFrom(0, 2),
        (text, width, align, indent) => {
          const lines = setParagraph(text, { metrics: stub, size: 9, width, align, indent });
          expect(lines.map((l) => l.text).join('')).toBe(text);
          lines.forEach((l, k) => {
            const cps = [...l.text];
            expect(l.xs.length).toBe(cps.length);
            for (let i = 1; i < l.xs.length; i++) expect(l.xs[i]!).toBeGreaterThanOrEqual(l.xs[i - 1]! - 1e-9);
            if (cps.length > 1) expect(l.width).toBeLessThanOrEqual(width + 0.05);
            expect(l.last).toBe(k === lines.length - 1);
            // A line with one visible character has no gap to open.
            const visible = [...l.text.trim()].length;
            if (align === 'justify' && !l.last && !l.text.endsWith('\n') && visible > 1) {
              expect(Math.abs(l.width - width)).toBeLessThanOrEqual(0.05);
            }
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('performance', () => {
  it('reports µs per character (not asserted)', () => {
    const base =
      '株洲市今年计划新开工项目120个，总投资8.6万亿元，同比增长21.3%。记者从会上获悉，“十四五”期间，' +
      '全市将重点推进（轨道交通）建设——包括CN 43-0005等project编号……市民表示：“我们很期待。”';
    let text = '';
    while ([...text].length < 8000) text += base;
    text = [...text].slice(0, 8000).join('');
    const opts: SetOptions = { metrics: stub, size: 9, width: 117, indent: 2 };
    for (let i = 0; i < 20; i++) setParagraph(text, opts);
    const runs = 50;
    const t0 = performance.now();
    let lines = 0;
    for (let i = 0; i < runs; i++) lines = setParagraph(text, opts).length;
    const us = ((performance.now() - t0) * 1000) / runs / 8000;
    console.log(`setParagraph: ${us.toFixed(3)} µs/char (8000 chars, ${lines} lines, 13-em column)`);
    expect(lines).toBeGreaterThan(500);
  });
});
