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
