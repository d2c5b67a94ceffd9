#!/usr/bin/env node
// The speed figures, each the median of several fresh processes (process start included), interleaved
// with typst when TYPST_DIR names a folder where @myriaddreamin/typst-ts-node-compiler is installed
// (see bench/typst-compare.js), so that both meet the same machine load; ratios are medians of the
// per-pair ratios. Figures: start-up (`epaper --version` over `node -e 0`), a fresh `epaper build` of the
// five bench pages, the cost per page at 100 and 1,000 pages (copies of the bench editions) with peak
// memory, and a cold `epaper serve` of the samples (until listening, and until the first viewer page).
// EPAPER_BENCH_RUNS (default 7) and EPAPER_BENCH_LARGE_RUNS (default 3, for 1,000 pages) set the runs.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BENCH_EDITIONS, benchDocuments, cyclePages } from './pages.js';
import { runTypst, typstJob } from './typst-compare.js';

const RUNS = Number(process.env.EPAPER_BENCH_RUNS ?? 7);
const LARGE_RUNS = Number(process.env.EPAPER_BENCH_LARGE_RUNS ?? 3);
const TYPST_DIR = process.env.TYPST_DIR;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (n) => `${n.toFixed(0)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** One fresh `epaper build` of `inputs`: { ms, maxRssKB, pages }. */
function epaperBuild(inputs) {
  const out = mkdtempSync(join(tmpdir(), 'epaper-speed-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bench/measure.js', 'build', ...inputs, '--out', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const took = performance.now() - t0;
    if (r.status !== 0) throw new Error(`epaper build failed (${r.status}): ${r.stderr.slice(-800)}`);
    const pages = readdirSync(out).filter((e) => !e.startsWith('.')).reduce((n, e) => n + readdirSync(join(out, e, 'pdf')).length, 0);
    return { ms: took, maxRssKB: JSON.parse(r.stderr.trim().split('\n').pop()).maxRssKB, pages };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A folder of editions holding n pages: copies of the bench editions (five pages each round). */
function scaleEditions(n) {
  const root = mkdtempSync(join(tmpdir(), 'epaper-scale-'));
  const docs = benchDocuments();
  for (let i = 0; i < n; i++) {
    const d = docs[i % docs.length];
    const dir = join(root, `r${String(Math.floor(i / docs.length) + 1).padStart(3, '0')}-${basename(d.dir)}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(d.dir, d.file), join(dir, d.file));
  }
  return { dir: root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** runs × (epaper, typst) in turn; prints medians and the median per-pair ratio. */
function compare(label, runs, ours, typst) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(ours());
    if (typst) b.push(typst());
  }
  const t = median(a.map((r) => r.ms));
  let line = `${label}: epaper ${ms(t)} (${a[0].pages} pages, ${ms(t / a[0].pages)} per page), peak ${mb(median(a.map((r) => r.maxRssKB)))}`;
  if (b.length) {
    const ratio = median(a.map((r, i) => r.ms / b[i].ms));
    line += `; typst ${ms(median(b.map((r) => r.ms)))}, peak ${mb(median(b.map((r) => r.maxRssKB)))}; epaper/typst ${ratio.toFixed(2)}×`;
  }
  console.log(`${line}  (${runs} runs)`);
  return { ours: a, typst: b };
}

function startup() {
  const time = (argv) => {
    const t0 = performance.now();
    spawnSync(process.execPath, argv);
    return performance.now() - t0;
  };
  const node = [];
  const cli = [];
  for (let i = 0; i < RUNS * 2; i++) {
    node.push(time(['-e', '0']));
    cli.push(time(['bin/epaper.js', '--version']));
  }
  console.log(`start-up: epaper --version ${ms(median(cli))}, node -e 0 ${ms(median(node))}: ${ms(median(cli.map((c, i) => c - node[i])))} for epaper itself (${RUNS * 2} runs)`);
}

/** A cold `epaper serve samples` (empty cache): ms until listening and until the first viewer page. */
async function coldServe() {
  const cache = mkdtempSync(join(tmpdir(), 'epaper-speed-serve-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/epaper.js', 'serve', 'samples', '--port', '0', '--out', cache], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /Serving \d+ edition\(s\) at (http:\/\/[^\s]+?)\/?\s/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`epaper serve exited (${code}) before listening:\n${out}`)));
    });
    const listening = performance.now() - t0;
    const [first] = await (await fetch(`${base}/api/editions`)).json();
    const page = await fetch(`${base}/e/${encodeURIComponent(first.id)}/`);
    await page.arrayBuffer();
    return { listening, firstPage: performance.now() - t0 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(cache, { recursive: true, force: true });
  }
}

console.log(`speed (medians of fresh processes; node ${process.version}${TYPST_DIR ? ', interleaved with typst' : '; set TYPST_DIR for the typst figures'})`);
startup();

const job5 = TYPST_DIR ? typstJob(TYPST_DIR, cyclePages(5)) : null;
compare(`fresh build of the five bench pages (${BENCH_EDITIONS.length} editions)`, RUNS, () => epaperBuild(BENCH_EDITIONS), job5 && (() => runTypst(job5)));
job5?.remove();

const scale = {};
for (const [n, runs] of [[100, Math.max(3, Math.ceil(RUNS / 2))], [1000, LARGE_RUNS]]) {
  const edition = scaleEditions(n);
  const job = TYPST_DIR ? typstJob(TYPST_DIR, cyclePages(n)) : null;
  try {
    scale[n] = compare(`${n} pages (${n / 5} copies of the bench editions)`, runs, () => epaperBuild([edition.dir]), job && (() => runTypst(job)));
  } finally {
    edition.remove();
    job?.remove();
  }
}
const marginal = (rs) => (median(rs[1000].map((r) => r.ms)) - median(rs[100].map((r) => r.ms))) / (rs[1000][0].pages - rs[100][0].pages);
const ours = { 100: scale[100].ours, 1000: scale[1000].ours };
let line = `per extra page from 100 to 1,000 pages: epaper ${marginal(ours).toFixed(1)} ms`;
if (TYPST_DIR) {
  const t = (median(scale[1000].typst.map((r) => r.ms)) - median(scale[100].typst.map((r) => r.ms))) / 900;
  line += `, typst ${t.toFixed(1)} ms (${(marginal(ours) / t).toFixed(2)}×)`;
}
console.log(line);

const serves = [];
for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) serves.push(await coldServe());
console.log(
  `cold serve of samples/: listening after ${ms(median(serves.map((s) => s.listening)))}, first viewer page after ${ms(median(serves.map((s) => s.firstPage)))} (${serves.length} runs)`,
);
