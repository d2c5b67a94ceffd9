#!/usr/bin/env node
// Builds the samples and the two-page fixture and compares their frames with a reference build.
// Usage: node bench/frames-diff.js REFERENCE_DIR [--ignore part,figure,link]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const ref = process.argv[2];
if (!ref || !existsSync(ref)) {
  console.error('usage: node bench/frames-diff.js REFERENCE_DIR [--ignore field,…]');
  process.exit(2);
}
const ignoreAt = process.argv.indexOf('--ignore');
const ignore = new Set(ignoreAt > 0 ? (process.argv[ignoreAt + 1] ?? '').split(',') : []);
const out = mkdtempSync(join(tmpdir(), 'frames-diff-'));
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000' };
try {
  execFileSync('node', ['bin/epaper.js', 'build', 'samples', '--out', out, '--alto'], { env, stdio: 'ignore' });
  execFileSync('node', ['bin/epaper.js', 'build', 'test/fixtures/editions/two-pages', '--out', out, '--alto'], { env, stdio: 'ignore' });
} catch {
  // builds with warnings exit non-zero; the frames are still written
}
const strip = (pages) =>
  JSON.parse(JSON.stringify(pages), (key, value) => (ignore.has(key) ? undefined : value));
let diffs = 0;
for (const name of readdirSync(ref)) {
  const a = join(ref, name, 'edition.json');
  const b = join(out, name, 'edition.json');
  if (!existsSync(a) || !existsSync(b)) continue;
  const pa = strip(JSON.parse(readFileSync(a, 'utf8')).layout.pages);
  const pb = strip(JSON.parse(readFileSync(b, 'utf8')).layout.pages);
  if (isDeepStrictEqual(pa, pb)) {
    console.log(`${name}: frames equal`);
    continue;
  }
  diffs++;
  console.log(`${name}: frames differ`);
  pa.forEach((p, i) => {
    const q = pb[i];
    if (!q) return console.log(`  page ${p.number} missing`);
    p.boxes.forEach((bx, j) => {
      const by = q.boxes[j];
      if (!isDeepStrictEqual(bx, by)) {
        const lx = bx.lines.findIndex((l, k) => !isDeepStrictEqual(l, by?.lines[k]));
        console.log(`  page ${p.number} box ${j} (${bx.kind} ${bx.article}) line ${lx}:`, JSON.stringify(bx.lines[lx] ?? bx).slice(0, 300), '→', JSON.stringify(by?.lines[lx] ?? by).slice(0, 300));
      }
    });
  });
}
rmSync(out, { recursive: true, force: true });
process.exit(diffs > 0 ? 1 : 0);
