import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFontSet, type FontSet } from '../src/layout/fonts/index.js';
import type { FrameBox, FrameLine, FramePage, LineRole } from '../src/layout/types.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Edition } from '../src/model/schema.js';
import { renderEditionPdf, renderPagePdfs, renderPdf } from '../src/render/pdf/index.js';

const fonts: FontSet = loadFontSet();
const scratch = mkdtempSync(path.join(tmpdir(), 'epaper-pdf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function has(tool: string): boolean {
  return spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined;
}
const poppler = has('pdftotext') && has('pdffonts') && has('pdfimages');
const qpdf = spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).error === undefined;

const REPORT = { fill: 0, kinsokuViolations: 0, looseLines: 0, orphans: 0, continuations: 0 };

interface LineSpec {
  text: string;
  role?: LineRole;
  font?: string;
  size?: number;
  x?: number;
  y: number;
  /** Extra space after every character, in em (justification). */
  gap?: number;
  /** Characters whose advance is halved (punctuation compression). */
  halve?: string;
  gray?: number;
  link?: FrameLine['link'];
}

/** A frame line with xs computed from the font metrics, the way layout does it. */
function line(spec: LineSpec): FrameLine {
  const font = spec.font ?? 'serif';
  const size = spec.size ?? 9;
  const metrics = fonts.metrics(font);
  const xs: number[] = [];
  let x = 0;
  for (const char of spec.text) {
    xs.push(x);
    const advance = metrics.advance(char.codePointAt(0) as number);
    x += (spec.halve?.includes(char) ? advance / 2 : advance) * size + (spec.gap ?? 0) * size;
  }
  return {
    text: spec.text,
    role: spec.role ?? 'body',
    x: spec.x ?? 50,
    y: spec.y,
    width: x,
    size,
    font,
    xs,
    ...(spec.gray !== undefined ? { gray: spec.gray } : {}),
    ...(spec.link ? { link: spec.link } : {}),
  };
}

function box(kind: FrameBox['kind'], lines: FrameLine[], rect: [number, number, number, number], image?: FrameBox['image']): FrameBox {
  const [x, y, width, height] = rect;
  return { kind, article: kind === 'article' ? 'a1' : null, x, y, width, height, lines, ...(image !== undefined ? { image } : {}) };
}

const headline = line({ text: '全省春耕备耕有序推进', role: 'headline', font: 'sans-black', size: 30, y: 80 });
const bodyLines = [
  line({ text: '　　本报讯记者从省农业农村厅获悉，', y: 110 }),
  // A loose justified line: 0.3 em between characters.
  line({ text: '当前全省春播粮食面积', y: 125, gap: 0.3 }),
  // Punctuation compression: the closing quote and comma take half an em.
  line({ text: '“稳面积”，提单产体現', y: 140, halve: '”，' }),
  line({ text: '各地抢抓农时。', y: 155 }),
];
const quoteLine = line({ text: '农民说：今年有盼头。', role: 'quote', y: 170, gray: 0.4 });
const jumpLine = line({
  text: '▶下转02版',
  role: 'jump',
  font: 'sans-bold',
  size: 8,
  y: 185,
  link: { kind: 'jump', page: 2, code: '02', article: 'a1', resolved: true },
});
const captionLine = line({ text: '田间的播种机。', role: 'caption', font: 'sans', size: 8, y: 330 });

const page1: FramePage = {
  number: 1,
  code: '01',
  width: 420,
  height: 595,
  boxes: [
    box('article', [headline], [50, 50, 320, 40]),
    box('rule', [], [50, 92, 320, 0.5]),
    box('article', [...bodyLines, quoteLine, jumpLine], [50, 100, 126, 90]),
    box('photo', [], [50, 200, 160, 120], { file: 'field.png', alt: '播种机' }),
    box('photo', [], [220, 200, 150, 120], { file: 'missing.jpg', alt: null }),
    box('article', [captionLine], [50, 322, 160, 12]),
  ],
  report: REPORT,
};
const page2Lines = [line({ text: '▲上接01版', role: 'jump', font: 'sans-bold', size: 8, y: 60 }), line({ text: '秋粮丰收在望。', y: 80 })];
const page2: FramePage = {
  number: 2,
  code: '02',
  width: 420,
  height: 595,
  // The same photo again: embedded once, drawn on both pages.
  boxes: [box('article', page2Lines, [50, 50, 126, 40]), box('photo', [], [200, 50, 160, 120], { file: 'field.png', alt: null })],
  report: REPORT,
};
const allLines = [headline, ...bodyLines, quoteLine, jumpLine, captionLine];

let pdf: Buffer;
let pdfFile: string;
const warnings: string[] = [];
const options = { title: '春耕 & “测试”', imagesDir: scratch, onWarning: (m: string) => warnings.push(m) };

beforeAll(async () => {
  await sharp({ create: { width: 640, height: 480, channels: 4, background: { r: 30, g: 120, b: 40, alpha: 0.6 } } })
    .png()
    .toFile(path.join(scratch, 'field.png'));
  pdf = await renderPdf([page1, page2], fonts, options);
  pdfFile = path.join(scratch, 'edition.pdf');
  writeFileSync(pdfFile, pdf);
});

/** The decompressed content streams that draw text. */
function textStreams(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = data.indexOf('\nstream\n', at);
    if (start < 0) break;
    const end = data.indexOf('\nendstream', start);
    if (end < 0) break;
    const body = data.subarray(start + '\nstream\n'.length, end);
    at = end + '\nendstream'.length;
    let text: string;
    try {
      text = inflateSync(body).toString('latin1');
    } catch {
      continue;
    }
    if (text.includes(' Tf\n')) out.push(text);
  }
  return out;
}

interface TextObject {
  actualText: string;
  font: string;
  x: number;
  y: number;
  size: number;
  gray: number;
  runs: Array<{ tc: number; glyphs: number[] }>;
}

/** An object's dictionary text in an uncompressed-object PDF ("12 0 obj << … >>"). */
function objectText(file: string, ref: string): string {
  const at = file.indexOf(`\n${ref} obj\n`);
  return at < 0 ? '' : file.slice(at, file.indexOf('endobj', at));
}

/** Per font resource name (F1 …): the advance in 1/1000 em of each glyph code, as /DW and /W give it. */
function fontWidths(pdfBytes: Buffer): Map<string, (code: number) => number> {
  const file = pdfBytes.toString('latin1');
  const out = new Map<string, (code: number) => number>();
  for (const [, name, ref] of file.matchAll(/\/(F\d+) (\d+ 0) R/g)) {
    if (out.has(name as string)) continue;
    const type0 = objectText(file, ref as string);
    const cid = objectText(file, /\/DescendantFonts \[(\d+ 0) R\]/.exec(type0)?.[1] ?? '');
    const dw = Number(/\/DW ([\d.]+)/.exec(cid)?.[1] ?? 1000);
    const widths = new Map<number, number>();
    const w = /\/W \[([\s\S]*?)\]\n/.exec(cid)?.[1] ?? '';
    for (const [, start, list] of w.matchAll(/(\d+)\s*\[([^\]]*)\]/g)) {
      (list as string).trim().split(/\s+/).forEach((v, i) => widths.set(Number(start) + i, Number(v)));
    }
    out.set(name as string, (code) => widths.get(code) ?? dw);
  }
  return out;
}

/** Reads the text objects of a content stream: position, size, grey, Tc runs and ActualText. */
function readTextObjects(content: string): TextObject[] {
  const tokens = content.match(/<<|>>|<[0-9A-Fa-f]*>|\/[^\s/<>[\]()]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+/g) ?? [];
  const objects: TextObject[] = [];
  const operands: string[] = [];
  let size = 0;
  let gray = 0;
  let tc = 0;
  let font = '';
  let actualText = '';
  let current: TextObject | null = null;
  for (const token of tokens) {
    if (/^[A-Za-z'"*]+$/.test(token)) {
      const n = (i: number) => Number(operands[operands.length - i]);
      switch (token) {
        case 'BDC': {
          const hex = operands.find((o) => o.startsWith('<FEFF')) ?? '<FEFF>';
          actualText = Buffer.from(hex.slice(5, -1), 'hex').swap16().toString('utf16le');
          break;
        }
        case 'BT':
          current = { actualText, font, x: 0, y: 0, size, gray, runs: [] };
          break;
        case 'Tf':
          size = n(1);
          font = (operands[operands.length - 2] ?? '').slice(1);
          if (current) {
            current.size = size;
            current.font = font;
          }
          break;
        case 'g':
          gray = n(1);
          if (current) current.gray = gray;
          break;
        case 'Tc':
          tc = n(1);
          break;
        case 'Tm':
          if (current) {
            current.x = n(2);
            current.y = n(1);
          }
          break;
        case 'Tj':
          current?.runs.push({ tc, glyphs: ((operands[operands.length - 1] ?? '<>').slice(1, -1).match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)) });
          break;
        case 'ET':
          if (current) objects.push(current);
          current = null;
          break;
      }
      operands.length = 0;
    } else {
      operands.push(token);
    }
  }
  return objects;
}

/** Where a viewer places each glyph of a text object: advances from the font's widths, plus Tc. */
function glyphPositions(object: TextObject, widths: Map<string, (code: number) => number>): number[] {
  const width = widths.get(object.font) as (code: number) => number;
  const positions: number[] = [];
  let x = object.x;
  for (const run of object.runs) {
    for (const code of run.glyphs) {
      positions.push(x);
      x += (width(code) / 1000) * object.size + run.tc;
    }
  }
  return positions;
}

function run(tool: string, args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  return { status: result.status, stdout: `${result.stdout}${result.stderr}` };
}

describe('renderPdf', () => {
  it('writes a PDF 1.7 file with one page per frame page', () => {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 420 595]');
  });

  it('draws every line as one text object, each glyph at x + xs[i] on the baseline', () => {
    const [first, second] = textStreams(pdf);
    expect(first).toBeDefined();
    const objects = readTextObjects(first as string);
    const widths = fontWidths(pdf);
    expect(objects).toHaveLength(allLines.length);
    objects.forEach((object, k) => {
      const frame = allLines[k] as FrameLine;
      expect(object.actualText).toBe(frame.text);
      expect(object.size).toBe(frame.size);
      expect(object.y).toBeCloseTo(page1.height - frame.y, 3);
      const positions = glyphPositions(object, widths);
      expect(positions).toHaveLength(frame.xs.length);
      positions.forEach((x, i) => {
        expect(Math.abs(x - (frame.x + (frame.xs[i] as number))), `${frame.text} glyph ${i}`).toBeLessThan(0.011);
      });
    });
    // Grey comes from the frame line; other lines are black.
    expect(objects.map((o) => o.gray)).toEqual(allLines.map((l) => l.gray ?? 0));
    expect(readTextObjects(second as string).map((o) => o.actualText)).toEqual(page2Lines.map((l) => l.text));
  });

  it('links a resolved jump line to its target page', () => {
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/Subtype \/Link/);
    expect(text).toMatch(/\/S \/GoTo/);
  });

  it('fits an existing photo as an sRGB JPEG, once per document, and draws a placeholder for a missing one', async () => {
    expect(warnings).toEqual([expect.stringContaining('photo missing.jpg: not found')]);
    const text = pdf.toString('latin1');
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(1);
    expect(text).toContain('/Filter /DCTDecode');
    expect(text).toContain('/ColorSpace /DeviceRGB');
    expect(text).not.toContain('/SMask');
    const none = await renderPdf([page1], fonts, { imagesDir: null });
    expect(none.toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('draws rules as thin filled rectangles and missing photos as grey boxes', () => {
    const [first] = textStreams(pdf);
    expect(first).toContain('q 0 g 50 92 320 0.5 re f Q');
    expect(first).toContain('q 0.88 g 220 200 150 120 re f Q');
    expect(first).not.toContain('q 0.88 g 50 200 160 120 re f Q');
  });

  it('rejects a line in an unknown font role, naming the role', async () => {
    const bad: FramePage = { ...page2, boxes: [box('article', [{ ...captionLine, font: 'kaiti' }], [0, 0, 10, 10])] };
    await expect(renderPdf([bad], fonts)).rejects.toThrowError(/unknown font role "kaiti"/);
  });

  it('is byte-identical for the same frames and options', async () => {
    const again = await renderPdf([page1, page2], fonts, options);
    expect(again.equals(pdf)).toBe(true);
    const dated = await renderPdf([page1, page2], fonts, { ...options, creationDate: new Date('2024-05-01T00:00:00Z') });
    expect(dated.equals(pdf)).toBe(false);
    expect(dated.toString('latin1')).toContain('(D:20240501000000Z)');
    expect(pdf.toString('latin1')).toContain('(D:19700101000000Z)');
  });

  it('renders one PDF per page with renderPagePdfs', async () => {
    const single = await renderPagePdfs([page1, page2], fonts, options);
    expect(single).toHaveLength(2);
    for (const file of single) {
      expect(file.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
    }
    // Page 2 is not in page 1's file, so the jump has no link there.
    expect((single[0] as Buffer).toString('latin1')).not.toContain('/Subtype /Link');
    expect(readTextObjects(textStreams(single[1] as Buffer)[0] as string).map((o) => o.actualText)).toEqual(
      page2Lines.map((l) => l.text),
    );
    const again = await renderPagePdfs([page1, page2], fonts, options);
    expect(again.map((b, i) => b.equals(single[i] as Buffer))).toEqual([true, true]);
  });

  it('renders a full page of about 8000 characters', async () => {
    const sample = '本报讯记者从省农业农村厅获悉当前全省春播粮食面积稳定各地抢抓农时推进机械化播种确保颗粒归仓今年新建高标准农田提升耕地质量培育新型经营主体发展特色产业带动农民增收乡村振兴取得新进展';
    const chars = [...sample];
    const boxes: FrameBox[] = [];
    let count = 0;
    for (let column = 0; column < 8; column++) {
      const lines: FrameLine[] = [];
      for (let row = 0; row < 72; row++) {
        let text = '';
        for (let k = 0; k < 14; k++) text += chars[(count++ * 7 + column) % chars.length];
        lines.push(line({ text, x: 44 + column * 139.5, y: 300 + row * 15 }));
      }
      boxes.push(box('article', lines, [44 + column * 139.5, 290, 126, 1080]));
    }
    expect(count).toBeGreaterThan(8000);
    const big: FramePage = { number: 1, code: '01', width: 1191, height: 1684, boxes, report: REPORT };
    // Speed is measured by npm run bench, not here; this checks that a full page renders at all.
    const rendered = await renderPdf([big], fonts);
    expect(rendered.length).toBeGreaterThan(10_000);
    expect(rendered.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  });
});

describe.skipIf(!poppler)('renderPdf output read back with poppler', () => {
  it('pdftotext extracts every line as its text, in order', () => {
    for (const mode of [['-layout'], []]) {
      const { status, stdout } = run('pdftotext', [...mode, '-f', '1', '-l', '1', pdfFile, '-']);
      expect(status).toBe(0);
      let from = -1;
      for (const frame of allLines) {
        const at = stdout.indexOf(frame.text, from + 1);
        expect(at, `${mode.join(' ') || 'plain'}: ${frame.text}`).toBeGreaterThan(from);
        from = at;
      }
    }
    const page2Text = run('pdftotext', ['-f', '2', '-l', '2', pdfFile, '-']).stdout;
    expect(page2Text).toContain('秋粮丰收在望。');
  });

  it('pdffonts shows embedded, subset fonts with ToUnicode maps', () => {
    const { status, stdout } = run('pdffonts', [pdfFile]);
    expect(status).toBe(0);
    const rows = stdout.trim().split('\n').slice(2);
    const names = rows.map((row) => row.split(/\s+/)[0]);
    for (const name of names) expect(name).toMatch(/^[A-Z]{6}\+/);
    expect(names.map((name) => (name as string).slice(7)).sort()).toEqual([
      'NotoSansSC-Black',
      'NotoSansSC-Bold',
      'NotoSansSC-Regular',
      'NotoSerifSC-Regular',
    ]);
    for (const row of rows) {
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/);
    }
  });

  it('pdfimages lists the photo as an RGB JPEG drawn on both pages from one object', () => {
    const { status, stdout } = run('pdfimages', ['-list', pdfFile]);
    expect(status).toBe(0);
    const rows = stdout.trim().split('\n').slice(2);
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(['1', '2']);
    for (const row of rows) expect(row).toMatch(/\bimage\s+\d+\s+\d+\s+rgb\s+3\s+8\s+jpeg\b/);
    const objects = rows.map((row) => row.trim().split(/\s+/)[10]);
    expect(objects[0]).toBe(objects[1]);
  });
});

describe.skipIf(!qpdf)('renderPdf output checked by qpdf', () => {
  it('passes qpdf --check', () => {
    const { status, stdout } = run('qpdf', ['--check', pdfFile]);
    expect(stdout).toContain('No syntax or stream encoding errors found');
    expect(status).toBe(0);
  });
});

/** The text pdf.js (as Firefox shows and copies it) reads from each page, lines ending with a newline. */
async function pdfjsText(data: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** A one-page edition model for the edition PDF. */
function editionOf(page: FramePage): Edition {
  return {
    id: 'test-edition',
    paper: '测试日报',
    date: '2024-05-01',
    lang: 'zh-CN',
    pages: [{ number: page.number, section: null, articles: [] }],
    links: [],
    diagnostics: [],
  } as unknown as Edition;
}

describe('text as extractors read it', () => {
  // A justified line with 0.3 em after every character, and a line of characters the fonts lack.
  const loose = line({ text: '临江港完成改造', y: 100, gap: 0.3 });
  const missing = '\u{1FAE8}\u{1FAE9}';
  const glyphless = line({ text: missing, y: 130 });
  const page: FramePage = { number: 1, code: '01', width: 420, height: 595, boxes: [box('article', [loose, glyphless], [50, 80, 300, 60])], report: REPORT };

  it('has the test characters missing from the font', () => {
    for (const char of missing) expect(fonts.hasGlyph('serif', char.codePointAt(0) as number)).toBe(false);
  });

  it('pdf.js reads justified lines without gaps in page PDFs and every edition PDF profile', async () => {
    const [pagePdf] = await renderPagePdfs([page], fonts);
    const outputs = [pagePdf as Buffer];
    for (const profile of ['none', 'pdfa-2b', 'pdfua'] as const) outputs.push(await renderEditionPdf([page], fonts, editionOf(page), { profile }));
    for (const output of outputs) {
      const [text] = await pdfjsText(output);
      expect(text).toContain('临江港完成改造');
      expect(text).toContain(missing);
      // The same PDF without the gap absorbed would read "临 江 港 …": the test can tell.
      expect(text).not.toMatch(/临\s江/u);
    }
    // Body lines of the main fixture too, the 0.3 em line among them.
    const [first] = await pdfjsText(pdf);
    for (const frame of bodyLines) expect(first).toContain(frame.text.trim());
  });

  it('turns a lone surrogate into U+FFFD in ActualText and ToUnicode', async () => {
    const broken = line({ text: '乙\uD800丙', y: 160 });
    const single: FramePage = { ...page, boxes: [box('article', [broken], [50, 140, 300, 30])] };
    const output = await renderEditionPdf([single], fonts, editionOf(single), { profile: 'pdfa-2b' });
    const [content] = textStreams(output);
    expect(readTextObjects(content as string).map((o) => o.actualText)).toEqual(['乙\uFFFD丙']);
    const [text] = await pdfjsText(output);
    expect(text).toContain('乙\uFFFD丙');
  });

  it('leaves control characters out of the drawing and the ActualText, and keeps astral characters whole', async () => {
    const mixed = line({ text: '甲\u0007乙\u{20000}丙\u0085', y: 160 });
    const single: FramePage = { ...page, boxes: [box('article', [mixed], [50, 140, 300, 30])] };
    const output = await renderEditionPdf([single], fonts, editionOf(single), { profile: 'none' });
    const [content] = textStreams(output);
    expect(readTextObjects(content as string).map((o) => o.actualText)).toEqual(['甲乙\u{20000}丙']);
  });

  it.skipIf(!poppler)('pdftotext -raw reads every line, the glyphless one included, in every profile', async () => {
    for (const profile of ['none', 'pdfa-2b', 'pdfua'] as const) {
      const file = path.join(scratch, `extract-${profile}.pdf`);
      writeFileSync(file, await renderEditionPdf([page], fonts, editionOf(page), { profile }));
      const { status, stdout } = run('pdftotext', ['-raw', file, '-']);
      expect(status).toBe(0);
      expect(stdout).toContain('临江港完成改造');
      expect(stdout, profile).toContain(missing);
    }
  });

  it('never draws .notdef in the PDF/A profiles, and keeps glyph positions within 0.01 pt', async () => {
    const output = await renderEditionPdf([page], fonts, editionOf(page), { profile: 'pdfa-2b' });
    const [content] = textStreams(output);
    const objects = readTextObjects(content as string);
    expect(objects.flatMap((o) => o.runs.flatMap((r) => r.glyphs))).not.toContain(0);
    const widths = fontWidths(output);
    objects.forEach((object, k) => {
      const frame = [loose, glyphless][k] as FrameLine;
      expect(object.actualText).toBe(frame.text);
      glyphPositions(object, widths).forEach((x, i) => expect(Math.abs(x - (frame.x + (frame.xs[i] as number)))).toBeLessThan(0.011));
    });
  });
});
