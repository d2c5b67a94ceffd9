#!/usr/bin/env node
// Texture of justified body text, epaper beside typst on the same text (the five bench pages, see
// bench/pages.js): both PDFs are read back the same way (pdftotext -bbox gives each text line's box),
// and each full-measure body line's extra space per gap is its width less the advances of its
// characters (Noto Serif SC, the font both set the text in), over its gaps. Figures: median, p95 and
// max of that extra space over all gaps of those lines, in em, and the share of lines opened past
// 0.15 em. typst runs when TYPST_DIR names a folder where @myriaddreamin/typst-ts-node-compiler is
// installed (see bench/typst-compare.js). Uses the compiled code in dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_EDITIONS, benchPages } from './pages.js';
import { runTypst, typstJob } from './typst-compare.js';

/** Body size both set the text in, pt. */
const BODY = 9;

const entity = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * Text runs of a PDF with their boxes, [{ text, x0, x1, h }]: pdftotext's words, which break at spaces
 * and column gutters, so that a run is at most one column's line (lines with a Latin word space fall
 * short of the measure and are left out, for both alike).
 */
function pdfLines(pdf) {
  const r = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`pdftotext failed on ${pdf}: ${r.stderr}`);
  const out = [];
  for (const m of r.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    out.push({ text: entity(m[5]), x0: Number(m[1]), x1: Number(m[3]), h: Number(m[4]) - Number(m[2]) });
  }
  return out;
}

const quantile = (xs, q) => (xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]);

/**
 * Extra space per gap (em) of every gap of the full-measure body lines of `pdfs`: lines of body height
 * whose width is the most common body line width (a paragraph's last line is shorter).
 */
export function textureOf(pdfs, metrics) {
  // Body lines: the box is the font size (typst) or the font's ascent and descent (epaper) tall.
  const lines = pdfs.flatMap(pdfLines).filter((l) => l.h > BODY * 0.95 && l.h < BODY * 1.5 && [...l.text].length > 4);
  const widths = new Map();
  for (const l of lines) {
    const w = Math.round(l.x1 - l.x0);
    widths.set(w, (widths.get(w) ?? 0) + 1);
  }
  const measure = [...widths.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const gaps = [];
  let wide = 0;
  let full = 0;
  for (const l of lines) {
    // Full measure; a mark set half-width at the line's end still reads back at its full advance.
    const w = l.x1 - l.x0;
    if (w < measure - 1.5 || w > measure + 0.6 * BODY) continue;
    const cs = [...l.text.replace(/\s/g, '')];
    let natural = 0;
    for (const c of cs) natural += metrics.advance(c.codePointAt(0));
    const per = ((l.x1 - l.x0) / BODY - natural) / (cs.length - 1);
    full++;
    if (per > 0.15) wide++;
    for (let i = 1; i < cs.length; i++) gaps.push(per);
  }
  return { lines: full, measure, median: quantile(gaps, 0.5), p95: quantile(gaps, 0.95), max: quantile(gaps, 1), wide: full > 0 ? wide / full : 0 };
}

const line = (who, t) =>
  `${who.padEnd(7)} ${t.lines} full lines of ${t.measure} pt: extra per gap median ${t.median.toFixed(3)} em, p95 ${t.p95.toFixed(3)}, max ${t.max.toFixed(3)}; lines past 0.15 em ${(t.wide * 100).toFixed(1)}%`;

/** Builds the bench pages with epaper (and typst when TYPST_DIR is set) and prints both textures. */
export async function printTexture() {
  const { parseEdition } = await import('../dist/parse/index.js');
  const { layoutEdition } = await import('../dist/layout/index.js');
  const { loadTemplate } = await import('../dist/layout/template/index.js');
  const { loadFontSet } = await import('../dist/layout/fonts/index.js');
  const { renderPagePdfs } = await import('../dist/render/pdf/index.js');
  const fonts = loadFontSet();
  const template = loadTemplate('broadsheet');
  const work = mkdtempSync(join(tmpdir(), 'epaper-texture-'));
  try {
    const pdfs = [];
    for (const dir of BENCH_EDITIONS) {
      const docs = readdirSync(dir).filter((f) => /\.(md|txt|html?)$/.test(f)).sort().map((f) => ({ path: join(dir, f), bytes: readFileSync(join(dir, f)) }));
      const laid = layoutEdition(parseEdition(dir.split('/').pop(), docs), template, fonts);
      (await renderPagePdfs(laid.pages, fonts, {})).forEach((b, i) => {
        const file = join(work, `${pdfs.length}-${i}.pdf`);
        writeFileSync(file, b);
        pdfs.push(file);
      });
    }
    const metrics = fonts.metrics('serif');
    console.log('texture of justified body lines (from the PDFs, read back the same way for both):');
    console.log(line('epaper', textureOf(pdfs, metrics)));
    const dir = process.env.TYPST_DIR;
    if (!dir) {
      console.log('typst   skipped: set TYPST_DIR to a folder where @myriaddreamin/typst-ts-node-compiler is installed');
      return;
    }
    const job = typstJob(dir, benchPages());
    try {
      runTypst(job);
      console.log(line('typst', textureOf([join(job.dir, 'out.pdf')], metrics)));
    } finally {
      job.remove();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await printTexture();
