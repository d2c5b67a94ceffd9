/**
 * The defects the fuzz suite found, each with the smallest generated input that shows it. A defect
 * test runs each repro through the harness and asks for a passing verdict; the run's figures name
 * the family cases behind each.
 */
import { defaultBound, utf8, type FuzzCase, type FuzzDoc } from './case.js';
import type { CaseResult, Verdict } from './harness.js';
import { encode } from './families/encoding.js';
import { caseFromId } from './families/index.js';
import { nested } from './families/hostile.js';
import { toMarkdown, type PageSpec } from './families/page.js';
import { Rng } from './rng.js';
import { headline, paragraph, run, sentence } from './text.js';

export interface Defect {
  id: string;
  /** What goes wrong, as seen from outside. */
  symptom: string;
  repro(): FuzzCase;
  /** The verdicts of the repro once the defect is fixed (default: ok). */
  fixed?: Verdict[];
  /** The repro takes a minute or more through the whole pipeline: run by `npm run fuzz -- --defects` only. */
  heavy?: boolean;
  /** Set while the defect is open, naming the part of the pipeline it is in; its test waits for the fix. */
  open?: string;
  /** Open defects: whether a failing case result is this defect (so a run can tell it from new ones). */
  shows?(r: CaseResult): boolean;
}

/** A Jekyll-style post whose front-matter title is `length` characters long, over a paragraph. */
const longTitlePost = (id: string, seed: number, length: number, bound?: number): FuzzCase => {
  const r = rng(seed);
  const title = run(r, length);
  const body = paragraph(r, 100);
  return make(id, [{ path: 'post.md', bytes: utf8(`---\ntitle: ${title}\n---\n\n${body}\n`) }], [title, body], bound);
};

const make = (id: string, docs: FuzzDoc[], expect: string[], bound?: number): FuzzCase => ({
  id: `defect/${id}`,
  family: 'defect',
  docs,
  expect,
  bound: bound ?? defaultBound(docs.reduce((n, d) => n + d.bytes.length, 0)),
});

const rng = (seed: number) => new Rng(seed);

/**
 * CPU time, ms, that parse and layout of 5,000 headings may take (the whole pipeline gets the fuzz
 * bound): generous, as a loaded machine stretches CPU time too; the test bounds the search's work by
 * count. About 2 s on a quiet machine.
 */
export const MANY_HEADINGS_BOUND = 8_000;

function page(spec: PageSpec, path = 'page.md'): FuzzDoc {
  return { path, bytes: utf8(toMarkdown(spec)) };
}

/** Paragraphs of the wide-html repro: more than V8 takes as the arguments of one call. */
export const WIDE_PARAGRAPHS = 150_000;

/** One div of WIDE_PARAGRAPHS short paragraphs, none closed, and their texts. */
export function wideHtml(r: Rng): { html: string; expect: string[] } {
  const head = headline(r);
  const texts = Array.from({ length: WIDE_PARAGRAPHS }, (_, i) => `${head.slice(0, 2)}${i}。`);
  return { html: `<html><body><div><h1>${head}</h1>\n${texts.map((t) => `<p>${t}\n`).join('')}</div></body></html>\n`, expect: [head, ...texts] };
}

export const DEFECTS: Defect[] = [
  ...(['div', 'table', 'ul', 'svg', 'span', 'quote-html', 'quote-md'] as const).map((kind) => ({
    id: `nesting-${kind}`,
    symptom: `10,000 levels of ${kind} nesting exhaust the stack (RangeError: Maximum call stack size exceeded)`,
    repro: () => {
      const { text, expect } = nested(kind, 10_000, rng(1));
      return make(`nesting-${kind}`, [{ path: kind.endsWith('-md') ? 'nest.md' : 'nest.html', bytes: utf8(text) }], expect);
    },
  })),
  {
    id: 'nested-table',
    symptom: 'the text of a table inside a table cell is dropped (数字报 pages lay out with nested tables)',
    repro: () => {
      const { text, expect } = nested('table', 2, rng(12));
      return make('nested-table', [{ path: 'tables.html', bytes: utf8(text) }], expect);
    },
  },
  {
    id: 'table-cells',
    symptom: 'the text of an HTML table (a table of figures in an article) is dropped',
    repro: () => {
      const r = rng(13);
      const title = headline(r);
      const lead = paragraph(r, 80);
      const cells = [['项目', '数量'], ['集装箱', '1200']];
      const table = `<table>${cells.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
      return make('table-cells', [{ path: 'table.html', bytes: utf8(`<html><body><h1>${title}</h1><p>${lead}</p>${table}</body></html>`) }], [title, lead, ...cells.flat()]);
    },
  },
  {
    id: 'many-headings',
    heavy: true,
    symptom: '5,000 `#` headings (143 KB) take minutes; they must take at most 2 s',
    repro: () => {
      const r = rng(2);
      const heads = Array.from({ length: 5_000 }, (_, i) => `${headline(r, 3)}${i}`);
      return make('many-headings', [{ path: 'headings.md', bytes: utf8(heads.map((h) => `# ${h}`).join('\n\n') + '\n') }], heads, MANY_HEADINGS_BOUND);
    },
  },
  {
    id: 'front-matter-title',
    fixed: ['rejected'],
    symptom: 'a 100,000-character front-matter title takes close to a minute',
    repro: () => longTitlePost('front-matter-title', 3, 100_000, 10_000),
  },
  {
    id: 'headline-200k',
    fixed: ['rejected'],
    symptom: 'a 200,000-character headline takes over half a minute',
    repro: () => {
      const r = rng(4);
      const title = run(r, 200_000);
      const body = paragraph(r, 100);
      return make('headline-200k', [{ path: 'page.md', bytes: utf8(`# ${title}\n\n${body}\n`) }], [title, body], 10_000);
    },
  },
  {
    id: 'headline-10k',
    fixed: ['rejected'],
    symptom: 'a 10,000-character headline cannot be placed: 50 empty pages and the article is gone, exit 0',
    repro: () => {
      const r = rng(5);
      const title = run(r, 10_000);
      const body = paragraph(r, 300);
      return make('headline-10k', [{ path: 'page.md', bytes: utf8(`# ${title}\n\n${body}\n`) }], [title, body]);
    },
  },
  {
    id: 'continuation-cap',
    heavy: true,
    symptom: 'text that needs more than 50 further pages is discarded with only underfilled-page warnings',
    repro: () => {
      const r = rng(6);
      const title = headline(r);
      const body = Array.from({ length: 4_000 }, () => sentence(r, 12));
      return make('continuation-cap', [{ path: 'long.md', bytes: utf8(`# ${title}\n\n${body.join('\n\n')}\n`) }], [title, ...body], 120_000);
    },
  },
  {
    id: 'utf16-no-bom',
    symptom: 'UTF-16 without a byte-order mark is refused as a binary file',
    repro: () => {
      const r = rng(7);
      const spec: PageSpec = { folio: null, articles: [{ kicker: null, headline: headline(r), deck: null, dateline: null, body: [{ kind: 'p', text: paragraph(r, 200) }] }] };
      const text = toMarkdown(spec);
      return make('utf16-no-bom', [
        { path: 'le.md', bytes: encode(text, 'utf-16le') },
        { path: 'be.md', bytes: encode(text.replace(/^# /, '# 二'), 'utf-16be') },
      ], [spec.articles[0]!.headline, (spec.articles[0]!.body[0] as { text: string }).text]);
    },
  },
  {
    id: 'noncharacters',
    symptom: 'U+FFFE, U+FFFF and lone surrogates reach the model unreported and vanish from the PDFs',
    repro: () => {
      const r = rng(8);
      const a = `${paragraph(r, 40)}\uFFFE${paragraph(r, 40)}\uFFFF${paragraph(r, 40)}`;
      const b = `${paragraph(r, 40)}\uD800${paragraph(r, 40)}\uDFFF${paragraph(r, 40)}`;
      const title = headline(r);
      return make('noncharacters', [
        { path: 'nonchar.md', bytes: utf8(`# ${title}\n\n${a}\n`) },
        { path: 'surrogates.md', bytes: encode(`# ${title}二\n\n${b}\n`, 'utf-16le-bom') },
      ], [title, a, b]);
    },
  },
  {
    id: 'column-joins',
    symptom: 'thousands of paragraphs that end mid-sentence, joined one by one, read again whole at each join (minutes)',
    repro: () => {
      const r = rng(12);
      const parts = Array.from({ length: 3_000 }, () => run(r, 20).replace(/[。！？!?：:，,、；;]+$/u, '') + '的');
      const html = `<html><body><h1>${headline(r)}</h1>\n${parts.map((p) => `<p>${p}</p>`).join('\n')}\n</body></html>\n`;
      return make('column-joins', [{ path: 'joins.html', bytes: utf8(html) }], parts);
    },
  },
  {
    id: 'glyphless-line',
    symptom: 'a line made only of characters the fonts lack is missing from the edition PDF text',
    repro: () => {
      const r = rng(9);
      const title = headline(r);
      const lead = paragraph(r, 80);
      const odd = 'Ꭽᣋꩶ𠀀𪚥';
      return make('glyphless-line', [{ path: 'page.md', bytes: utf8(`# ${title}\n\n${lead}\n\n${odd}\n`) }], [title, lead, odd]);
    },
  },
  {
    id: 'page-codes',
    shows: (r) => r.verdict === 'identity' || (r.verdict === 'loss' && r.findings.every((f) => f.missing === 0 || f.stage === 'identity')),
    symptom: 'pages A01 and B01 get one number: one output file, one viewer address for both',
    repro: () => {
      const r = rng(10);
      const docs = ['A01', 'B01'].map((code) =>
        page({ folio: `${code}版 · 要闻　2024年3月15日　责任编辑：王五`, articles: [{ kicker: null, headline: headline(r), deck: null, dateline: null, body: [{ kind: 'p', text: paragraph(r, 200) }] }] }, `${code}.md`),
      );
      return make('page-codes', docs, []);
    },
  },
  {
    id: 'meta-in-body',
    symptom: 'a body sentence holding "時間：" is taken for a metadata line and leaves the page unreported',
    repro: () => {
      const r = rng(11);
      const title = headline(r);
      const line = `就业交通为高铁学生；時間：全市把完成任务已生态……`;
      const lead = paragraph(r, 100);
      return make('meta-in-body', [{ path: 'page.md', bytes: utf8(`# ${title}\n\n${lead}\n\n${line}\n`) }], [title, lead, line]);
    },
  },
  {
    id: 'wide-html',
    heavy: true,
    fixed: ['ok', 'rejected'],
    symptom: `${WIDE_PARAGRAPHS.toLocaleString('en')} unclosed <p> in one div exhaust the stack in hast-util-to-mdast (RangeError: Maximum call stack size exceeded)`,
    repro: () => {
      const { html, expect } = wideHtml(rng(14));
      return make('wide-html', [{ path: 'wide.html', bytes: utf8(html) }], expect, 600_000);
    },
  },
  {
    id: 'quotes-in-han',
    symptom: 'straight quotes touching Chinese text, set as “” ‘’, counted as lost from the frames',
    repro: () => {
      const r = rng(15);
      const title = headline(r);
      const line = `${sentence(r, 6)}"${run(r, 6)}"${sentence(r, 6)}'${run(r, 4)}'${sentence(r, 6)}`;
      return make('quotes-in-han', [{ path: 'page.md', bytes: utf8(`# ${title}\n\n${line}\n`) }], [title, line]);
    },
  },
  {
    id: 'headline-measure',
    fixed: ['rejected'],
    symptom: 'a 9,800-character front-matter title: measuring it on one unbounded line tried every pair of break points (layout 5–7 s CPU, over the bound)',
    repro: () => longTitlePost('headline-measure', 16, 9_800),
  },
  {
    id: 'holed-retry-variants',
    symptom: 'a page tried again as a short page priced its first arrangement with the short page’s module variants, one of which did not exist (TypeError in finalCost)',
    repro: () => caseFromId('jumps/3817840066@0.05'),
  },
];

/** The open defect a failing result shows, if it is one. */
export function openDefect(r: CaseResult): Defect | undefined {
  return DEFECTS.find((d) => d.open && d.shows?.(r));
}
