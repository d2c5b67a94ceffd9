#!/usr/bin/env node
// npm run bench: medians of repeated runs, printed as figures. Uses the compiled code in dist/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseEdition } from '../dist/parse/index.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 2) => n.toFixed(d);

const samples = 'samples';
const docs = readdirSync(samples)
  .filter((d) => statSync(join(samples, d)).isDirectory())
  .flatMap((d) => readdirSync(join(samples, d)).map((f) => ({ edition: d, path: join(samples, d, f), bytes: readFileSync(join(samples, d, f)) })));

console.log('epaper benchmarks (medians)');
console.log(`node ${process.version}, ${docs.length} sample documents\n`);

// Parse: warm up, then time each document many times.
const RUNS = 30;
let totalBytes = 0;
const perDoc = [];
for (const doc of docs) {
  for (let i = 0; i < 5; i++) parseEdition(doc.edition, [doc]);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    parseEdition(doc.edition, [doc]);
    times.push(performance.now() - t0);
  }
  const m = median(times);
  perDoc.push(m);
  totalBytes += doc.bytes.length;
  console.log(`parse ${doc.path.padEnd(40)} ${fmt(m)} ms  (${fmt(doc.bytes.length / 1024, 1)} KB)`);
}
const totalMs = perDoc.reduce((a, b) => a + b, 0);
console.log(`parse throughput: ${fmt(totalBytes / 1e6 / (totalMs / 1000))} MB/s (sum of per-document medians; target: each seed ≤ 10 ms warm)`);

// ── Layout and build ───────────────────────────────────────────────────────────────────────────
const { spawnSync } = await import('node:child_process');
const { layoutEdition } = await import('../dist/layout/index.js');
const { loadTemplate } = await import('../dist/layout/template/index.js');
const { loadFontSet } = await import('../dist/layout/fonts/index.js');
const { renderPagePdfs } = await import('../dist/render/pdf/index.js');
const { BENCH_EDITIONS } = await import('./pages.js');

const template = loadTemplate('broadsheet');
const fonts = loadFontSet();
const benchEditions = BENCH_EDITIONS.map((dir) => {
  const docs = readdirSync(dir).filter((f) => /\.(md|txt|html?)$/.test(f)).sort().map((f) => ({ path: join(dir, f), bytes: readFileSync(join(dir, f)) }));
  return parseEdition(dir.split('/').pop(), docs);
});
const bodyChars = (e) => e.pages.reduce((n, p) => n + p.articles.reduce((m, a) => m + a.body.reduce((k, b) => k + [...(b.text ?? b.caption ?? (b.items ?? []).join(''))].length, 0), 0), 0);
const chars = benchEditions.reduce((n, e) => n + bodyChars(e), 0);
for (let i = 0; i < 3; i++) for (const e of benchEditions) layoutEdition(e, template, fonts);
const layoutTimes = [];
let pageCount = 0;
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  pageCount = 0;
  for (const e of benchEditions) pageCount += layoutEdition(e, template, fonts).pages.length;
  layoutTimes.push(performance.now() - t0);
}
const layoutMs = median(layoutTimes);
console.log(`\nlayout: ${fmt(layoutMs)} ms for ${pageCount} pages, ${chars} body characters → ${fmt((layoutMs * 1000) / chars)} µs per character warm (target ≤ 5)`);

const laid = benchEditions.map((e) => layoutEdition(e, template, fonts));
for (let i = 0; i < 2; i++) for (const l of laid) await renderPagePdfs(l.pages, fonts, {});
const pdfTimes = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  for (const l of laid) await renderPagePdfs(l.pages, fonts, {});
  pdfTimes.push(performance.now() - t0);
}
console.log(`page: ${fmt((layoutMs + median(pdfTimes)) / pageCount)} ms per page, layout + PDF, warm`);

// Fresh processes: start-up, the five-page build, 100 and 1,000 pages, cold serve (typst when TYPST_DIR is set).
console.log('');
const speed = spawnSync(process.execPath, ['bench/speed.js'], { stdio: 'inherit' });
if (speed.status !== 0) console.log('bench/speed.js did not finish');
console.log('');
// Texture of the justified body text, beside typst's on the same text (bench/texture.js).
const { printTexture } = await import('./texture.js');
await printTexture();
console.log('');

// ── Edition PDF (PDF/A-2b, tagged, links and outline) ──────────────────────────────────────────
const { renderEditionPdf } = await import('../dist/render/pdf/index.js');
for (let i = 0; i < 2; i++) for (const l of laid) await renderEditionPdf(l.pages, fonts, l.edition);
const editionTimes = [];
const editionSizes = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const sizes = [];
  for (const l of laid) sizes.push({ bytes: (await renderEditionPdf(l.pages, fonts, l.edition)).length, pages: l.pages.length });
  editionTimes.push(performance.now() - t0);
  editionSizes.splice(0, editionSizes.length, ...sizes);
}
const editionBytes = editionSizes.reduce((n, s) => n + s.bytes, 0);
const largest = Math.max(...editionSizes.map((s) => s.bytes / s.pages));
console.log(
  `edition PDF: ${fmt(median(editionTimes) / pageCount)} ms per page (median of 7 runs over ${pageCount} broadsheet pages), ${fmt(editionBytes / 1024 / pageCount, 0)} KB per page on average, ${fmt(largest / 1024, 0)} KB per page in the largest (target ≤ 400 KB)`,
);

// ── Viewer: bytes and paint time of the first page, page requests per second ───────────────────
const viewer = spawnSync(process.execPath, ['bench/viewer.js'], { stdio: 'inherit', timeout: 300_000 });
if (viewer.status !== 0) console.log('viewer benchmark did not finish (is /usr/bin/chromium installed?)');
const reader = spawnSync(process.execPath, ['bench/reader.js'], { stdio: 'inherit', timeout: 300_000 });
if (reader.status !== 0) console.log('reader benchmark did not finish');

// ── Archive: parallel, incremental build; static site; serve start; output per page ───────────
const archive = spawnSync(process.execPath, ['bench/archive.js'], { stdio: 'inherit', timeout: 1_800_000 });
if (archive.status !== 0) console.log('archive benchmark did not finish');

// ── Preview: save → updated page ───────────────────────────────────────────────────────────────
const preview = spawnSync(process.execPath, ['bench/preview.js'], { stdio: 'inherit', timeout: 300_000 });
if (preview.status !== 0) console.log('preview benchmark did not finish (is /usr/bin/chromium installed?)');

// ── Serving: requests per second and p99 of a fragment, a font and a PDF (epaper and nginx) ────
const serving = spawnSync(process.execPath, ['bench/serve.js'], { stdio: 'inherit', timeout: 900_000 });
if (serving.status !== 0) console.log('serving benchmark did not finish');
