// A 100-page batch in one process: the five bench pages built twenty times over (parse, layout, PDF),
// reporting time and peak memory (maxRSS). Run by bench/run.js in a child process.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEdition } from '../dist/parse/index.js';
import { layoutEdition } from '../dist/layout/index.js';
import { loadTemplate } from '../dist/layout/template.js';
import { loadFontSet } from '../dist/layout/fonts.js';
import { renderPagePdfs } from '../dist/render/pdf/index.js';
import { BENCH_EDITIONS } from './pages.js';

const template = loadTemplate('broadsheet');
const fonts = loadFontSet();
const docsOf = (dir) => readdirSync(dir).filter((f) => /\.(md|txt|html?)$/.test(f)).sort().map((f) => ({ path: join(dir, f), bytes: readFileSync(join(dir, f)) }));
const t0 = performance.now();
let pages = 0;
let bytes = 0;
for (let round = 0; pages < 100; round++) {
  for (const dir of BENCH_EDITIONS) {
    const e = parseEdition(`${dir}-${round}`, docsOf(dir));
    const laid = layoutEdition(e, template, fonts);
    const pdfs = await renderPagePdfs(laid.pages, fonts, {});
    pages += pdfs.length;
    bytes += pdfs.reduce((n, b) => n + b.length, 0);
    if (pages >= 100) break;
  }
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ pages, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, pdfMB: bytes / 1e6 }));
