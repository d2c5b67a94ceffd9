#!/usr/bin/env node
// Reference figure for the build target: typst setting the same text in 8 justified columns on A2, one
// page per source page, process start and font loading included. typst is not a dependency of the
// project: install @myriaddreamin/typst-ts-node-compiler in a scratch folder and point TYPST_DIR at it:
//   mkdir /tmp/typst && cd /tmp/typst && npm init -y && npm i @myriaddreamin/typst-ts-node-compiler
//   TYPST_DIR=/tmp/typst node bench/typst-compare.js [--pages N]
// `--print` writes the typst source to stdout instead. bench/speed.js imports typstJob() to run typst
// interleaved with epaper.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { benchPages, cyclePages } from './pages.js';

const require = createRequire(import.meta.url);
const font = (pkg, file) => join(resolve(require.resolve(`${pkg}/package.json`), '..'), file);
const fonts = () => [
  font('@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'),
  font('@expo-google-fonts/noto-sans-sc', '900Black/NotoSansSC_900Black.ttf'),
];

const esc = (s) => s.replace(/[\\#*_`$<>@\[\]~/=-]/g, (c) => '\\' + c);

/** The typst source setting `pages` (from benchPages()) one source page per A2 page. */
export function typstSource(pages) {
  return [
    '#set page(paper: "a2", margin: 1.6cm, columns: 8)',
    '#set text(font: "Noto Serif SC", size: 9pt, lang: "zh")',
    '#set par(justify: true, first-line-indent: 2em, leading: 0.65em)',
    ...pages.map((p, i) =>
      [
        i > 0 ? '#pagebreak()' : '',
        ...p.articles.map((a) =>
          [a.headline ? `#text(font: "Noto Sans SC", weight: "black", size: 20pt)[${esc(a.headline)}]\n` : '', ...a.paragraphs.map((t) => esc(t) + '\n')].join('\n'),
        ),
      ].join('\n'),
    ),
  ].join('\n');
}

/**
 * A folder holding main.typ for `pages` and run.cjs, which compiles it to out.pdf in a fresh process
 * and prints {"maxRssKB": …} as its last line. { argv, dir, chars, remove() }.
 */
export function typstJob(typstDir, pages) {
  const work = mkdtempSync(join(tmpdir(), 'typst-'));
  writeFileSync(join(work, 'main.typ'), typstSource(pages));
  const runner = join(work, 'run.cjs');
  writeFileSync(
    runner,
    `const { NodeCompiler } = require(${JSON.stringify(join(resolve(typstDir), 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler'))});
const fs = require('fs');
const c = NodeCompiler.create({ workspace: ${JSON.stringify(work)}, fontArgs: [{ fontPaths: ${JSON.stringify(fonts())} }] });
const pdf = c.pdf({ mainFilePath: ${JSON.stringify(join(work, 'main.typ'))} });
fs.writeFileSync(${JSON.stringify(join(work, 'out.pdf'))}, pdf);
process.on('exit', () => console.log(JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS })));`,
  );
  const chars = pages.reduce((n, p) => n + p.articles.reduce((m, a) => m + a.paragraphs.join('').length, 0), 0);
  return { argv: [process.execPath, runner], dir: work, chars, remove: () => rmSync(work, { recursive: true, force: true }) };
}

/** One fresh typst process: { ms, maxRssKB }, or throws with typst's error. */
export function runTypst(job) {
  const t0 = performance.now();
  const r = spawnSync(job.argv[0], job.argv.slice(1), { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`typst failed: ${r.stderr.slice(0, 500)}`);
  const last = r.stdout.trim().split('\n').pop();
  return { ms, maxRssKB: JSON.parse(last).maxRssKB };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--pages');
  const pages = at > 0 ? cyclePages(Number(process.argv[at + 1])) : benchPages();
  if (process.argv.includes('--print')) {
    process.stdout.write(typstSource(pages));
    process.exit(0);
  }
  const dir = process.env.TYPST_DIR;
  if (!dir) {
    console.log('typst comparison skipped: set TYPST_DIR to a folder where @myriaddreamin/typst-ts-node-compiler is installed');
    process.exit(0);
  }
  const job = typstJob(dir, pages);
  const times = [];
  for (let i = 0; i < 7; i++) times.push(runTypst(job).ms);
  times.sort((a, b) => a - b);
  console.log(
    `typst reference: ${pages.length} pages, ${job.chars} characters, 8 justified columns on A2: median ${times[3].toFixed(0)} ms per fresh process (7 runs; PDF ${join(job.dir, 'out.pdf')})`,
  );
}
