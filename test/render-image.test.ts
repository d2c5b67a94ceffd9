import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEdition } from '../src/parse/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { layoutEdition } from '../src/layout/index.js';
import type { FramePage } from '../src/layout/types.js';
import { renderPageSvg, renderThumbnail, thumbnailSvg } from '../src/render/image/index.js';

const fonts = loadFontSet();
let front: FramePage;

function framesOf(dir: string): FramePage[] {
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ path: f, bytes: readFileSync(join(dir, f)) }));
  return layoutEdition(parseEdition('e', docs), loadTemplate('broadsheet'), fonts, {}).pages;
}

/**
 * A small XML well-formedness check: one root, every tag closed in order, quoted attributes, no raw
 * "<" or "&" outside markup and entities.
 */
function checkXml(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let at = 0;
  for (const m of xml.matchAll(token)) {
    if (m.index !== at) throw new Error(`unexpected text at ${at}`);
    at = m.index + m[0].length;
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) throw new Error(`stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) throw new Error(`raw "&" in ${text.slice(0, 40)}`);
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  if (at !== xml.length) throw new Error('trailing garbage');
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

beforeAll(() => {
  front = framesOf('samples/001-front-page')[0] as FramePage;
});

describe('renderPageSvg', () => {
  it('is a well-formed SVG of the page size that librsvg reads', async () => {
    const svg = renderPageSvg(front);
    checkXml(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1191" height="1684" viewBox="0 0 1191 1684">/);
    const meta = await sharp(Buffer.from(svg)).metadata();
    expect(meta.format).toBe('svg');
    expect(meta.width).toBe(Math.round(front.width));
    expect(meta.height).toBe(Math.round(front.height));
  });

  it('greeks text: one bar path per line, no text, darker for headlines', () => {
    const svg = renderPageSvg(front);
    expect(svg).not.toContain('<text');
    const lines = front.boxes.flatMap((b) => b.lines).filter((l) => l.text.trim().length > 0);
    const paths = [...svg.matchAll(/<path d="[^"]+" fill="rgb\((\d+),\d+,\d+\)"\/>/g)];
    expect(paths.length).toBe(lines.length);
    const grayOf = (role: string) => lines.map((l, i) => (l.role === role ? Number(paths[i]?.[1]) : NaN)).filter((v) => !Number.isNaN(v));
    expect(Math.max(...grayOf('headline'))).toBeLessThan(Math.min(...grayOf('body')));
    // Photos and rules are drawn too.
    expect(svg).toContain('fill="#e0e0e0"');
    const rules = front.boxes.filter((b) => b.kind === 'rule');
    expect(rules.length).toBeGreaterThan(0);
    const drawnRules = (svg.match(/<line [^>]*stroke="#000"|<rect [^>]*fill="#000"|<rect [^>]*fill="none" stroke="#000"/g) ?? []).length;
    expect(drawnRules).toBe(rules.length);
  });

  it('writes text as escaped SVG text when not greeked', () => {
    const page: FramePage = structuredClone(front);
    const line = page.boxes.flatMap((b) => b.lines).find((l) => l.role === 'body');
    expect(line).toBeDefined();
    if (!line) return;
    line.text = '<script>&"';
    line.xs = [0, 5, 10, 15, 20, 25, 30, 35, 40, 45];
    const svg = renderPageSvg(page, { greek: false });
    checkXml(svg);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&#60;script&#62;&#38;&#34;');
    expect(svg).toContain(`x="${line.x} ${line.x + 5} ${line.x + 10}`);
  });
});

describe('renderThumbnail', () => {
  it('is a WebP of the requested width (default 240) and the page proportions', async () => {
    const started = performance.now();
    const thumb = await renderThumbnail(front);
    const ms = performance.now() - started;
    expect(thumb.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(thumb.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const meta = await sharp(thumb).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(240);
    expect(meta.height).toBe(Math.round((240 * front.height) / front.width));
    expect(ms).toBeLessThan(5000);

    const small = await sharp(await renderThumbnail(front, { width: 120 })).metadata();
    expect(small.width).toBe(120);
    expect(small.height).toBe(Math.round((120 * front.height) / front.width));
  });

  it('shows the page: white paper with darker greeked text', async () => {
    const { data, info } = await sharp(await renderThumbnail(front, { width: 240 }))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let dark = 0;
    let white = 0;
    for (const v of data) {
      if (v < 160) dark++;
      if (v > 245) white++;
    }
    const total = info.width * info.height;
    expect(white / total).toBeGreaterThan(0.3);
    expect(dark / total).toBeGreaterThan(0.01);
  });
});

describe('legible thumbnails', () => {
  const glyphCount = (svg: string) => (svg.match(/<use href="#g/g) ?? []).length;

  it('draws the masthead and headlines large enough to read as glyph outlines, body text as bars', () => {
    const svg = thumbnailSvg(front, { width: 240, fonts });
    checkXml(svg);
    expect(svg).not.toContain('<text');
    const minSize = (4 * front.width) / 240;
    const lines = front.boxes.flatMap((b) => b.lines);
    const legible = lines.filter((l) => (l.role === 'masthead' || l.role.startsWith('headline')) && l.size >= minSize && l.text.trim());
    expect(legible.some((l) => l.role === 'masthead')).toBe(true);
    expect(legible.some((l) => l.role === 'headline-lead')).toBe(true);
    expect(legible.some((l) => l.role === 'headline-small')).toBe(true);
    // One <use> per drawn character of those lines at least, each naming an outline in <defs>.
    const chars = legible.reduce((n, l) => n + [...l.text].filter((c) => c.trim()).length, 0);
    expect(glyphCount(svg)).toBeGreaterThanOrEqual(chars);
    const ids = new Set([...svg.matchAll(/<path id="([^"]+)" d="M[^"]+"\/>/g)].map((m) => m[1]));
    for (const m of svg.matchAll(/<use href="#([^"]+)"/g)) expect(ids.has(m[1])).toBe(true);
    // The first glyph of the masthead sits at its xs position on its baseline.
    const mast = legible.find((l) => l.role === 'masthead')!;
    const x = Math.round((mast.x + (mast.xs[0] ?? 0)) * 100) / 100;
    expect(svg).toContain(`translate(${x} ${Math.round(mast.y * 100) / 100})`);
    // Body text stays greeked.
    const body = lines.filter((l) => l.role === 'body' && l.text.trim());
    const bars = (svg.match(/<path d="M/g) ?? []).length;
    expect(bars).toBeGreaterThanOrEqual(body.length);
    // Without fonts (renderPageSvg's default) no glyphs are drawn.
    expect(glyphCount(renderPageSvg(front))).toBe(0);
  });

  it('thumbnails of two different editions differ, where greeked ones of the same layout would not', async () => {
    const other = framesOf('samples/002-inner-page')[0];
    expect(other).toBeDefined();
    const a = await sharp(await renderThumbnail(front, { width: 240, fonts })).greyscale().raw().toBuffer();
    const b = await sharp(await renderThumbnail(other as FramePage, { width: 240, fonts })).greyscale().raw().toBuffer();
    const n = Math.min(a.length, b.length);
    let differ = 0;
    for (let i = 0; i < n; i++) if (Math.abs((a[i] as number) - (b[i] as number)) > 40) differ++;
    expect(differ / n).toBeGreaterThan(0.01);
    // The same page with another headline text, same positions: only glyphs tell them apart.
    const renamed: FramePage = structuredClone(front);
    const head = renamed.boxes.flatMap((bx) => bx.lines).find((l) => l.role === 'headline-lead' && l.size >= (4 * front.width) / 240)!;
    head.text = [...head.text].reverse().join('');
    head.xs = [...head.xs];
    const c = await sharp(await renderThumbnail(renamed, { width: 240, fonts })).greyscale().raw().toBuffer();
    expect(c.equals(a)).toBe(false);
    const greekA = renderPageSvg(front);
    const greekC = renderPageSvg(renamed);
    expect(greekA === greekC || head.text.includes(' ')).toBe(true);
  });
});
