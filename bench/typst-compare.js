#!/usr/bin/env node
// Reference figure for the build target: typst setting the same text in 8 justified columns on A2, one
// page per source page, process start and font loading included. typst is not a dependency of the
// project: install @myriaddreamin/typst-ts-node-compiler in a scratch folder and point TYPST_DIR at it:
//   mkdir /tmp/typst && cd /tmp/typst && npm init -y && npm i @myriaddreamin/typst-ts-node-compiler
//   TYPST_DIR=/tmp/typst node bench/typst-compare.js
// Without TYPST_DIR it only writes the typst source of the five pages to stdout when asked (--print).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { benchPages } from './pages.js';

const require = createRequire(import.meta.url);
const font = (pkg, file) => join(resolve(require.resolve(`${pkg}/package.json`), '..'), file);
const fonts = [
  font('@expo-google-fonts/noto-serif-sc', '400Regular/NotoSerifSC_400Regular.ttf'),
  font('@expo-google-fonts/noto-sans-sc', '900Black/NotoSansSC_900Black.ttf'),
];

const esc = (s) => s.replace(/[\\#*_`$<>@\[\]~/=-]/g, (c) => '\\' + c);
const pages = benchPages();
const source = [
  '#set page(paper: "a2", margin: 1.6cm, columns: 8)',
  '#set text(font: "Noto Serif SC", size: 9pt, lang: "zh")',
  '#set par(justify: true, first-line-indent: 2em, leading: 0.65em)',
  ...pages.map((p, i) =>
    [
      i > 0 ? '#pagebreak()' : '',
      ...p.articles.map((a) => [
        a.headline ? `#text(font: "Noto Sans SC", weight: "black", size: 20pt)[${esc(a.headline)}]\n` : '',
        ...a.paragraphs.map((t) => esc(t) + '\n'),
      ].join('\n')),
    ].join('\n'),
  ),
].join('\n');

if (process.argv.includes('--print')) {
  process.stdout.write(source);
  process.exit(0);
}
const dir = process.env.TYPST_DIR;
if (!dir) {
  console.log('typst comparison skipped: set TYPST_DIR to a folder where @myriaddreamin/typst-ts-node-compiler is installed');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'typst-'));
writeFileSync(join(work, 'main.typ'), source);
const runner = join(work, 'run.cjs');
writeFileSync(
  runner,
  `const { NodeCompiler } = require(${JSON.stringify(join(resolve(dir), 'node_modules', '@myriaddreamin', 'typst-ts-node-compiler'))});
const fs = require('fs');
const c = NodeCompiler.create({ workspace: ${JSON.stringify(work)}, fontArgs: [{ fontPaths: ${JSON.stringify(fonts)} }] });
const pdf = c.pdf({ mainFilePath: ${JSON.stringify(join(work, 'main.typ'))} });
fs.writeFileSync(${JSON.stringify(join(work, 'out.pdf'))}, pdf);`,
);
const times = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [runner], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    console.log('typst failed:', r.stderr.slice(0, 500));
    process.exit(1);
  }
  times.push(ms);
}
times.sort((a, b) => a - b);
const chars = pages.reduce((n, p) => n + p.articles.reduce((m, a) => m + a.paragraphs.join('').length, 0), 0);
console.log(`typst reference: ${pages.length} pages, ${chars} characters, 8 justified columns on A2: median ${times[3].toFixed(0)} ms per fresh process (7 runs; PDF in ${work})`);
