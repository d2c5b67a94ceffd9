#!/usr/bin/env node
// Archive figures: a generated archive (YYYY/MM/DD editions copied from samples/ and the two-page
// fixture) of ARCHIVE_PAGES pages (default 1,000) built from cold on all cores (time, peak RSS), built
// again with one edition changed, written as a static site; serve start of the site and of the build;
// output per page with its breakdown. Uses bin/epaper.js (the compiled code). ARCHIVE_RUNS repeats the
// one-edition rebuild and the serve starts (default 3, medians).
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const PAGES = Number(process.env.ARCHIVE_PAGES ?? 1000);
const RUNS = Number(process.env.ARCHIVE_RUNS ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

const root = mkdtempSync(join(tmpdir(), 'epaper-bench-archive-'));
const archive = join(root, 'archive');
const out = join(root, 'out');
const site = join(root, 'site');

/** Copies of the sample editions, one per day, until the archive holds PAGES documents. */
function generate() {
  const models = [...readdirSync('samples').filter((d) => statSync(join('samples', d)).isDirectory()).map((d) => join('samples', d)), 'test/fixtures/editions/two-pages'];
  const docs = (d) => readdirSync(d).filter((f) => /\.(md|txt|html?)$/i.test(f) && !/^readme/i.test(f)).length;
  let pages = 0;
  let day = Date.UTC(2020, 0, 1);
  let editions = 0;
  for (let i = 0; pages < PAGES; i++) {
    const model = models[i % models.length];
    const date = new Date(day).toISOString().slice(0, 10).split('-');
    cpSync(model, join(archive, ...date), { recursive: true });
    pages += docs(model);
    editions++;
    day += 86_400_000;
  }
  return { pages, editions };
}

/** User + system CPU seconds of a live process, all its threads (from /proc/<pid>/stat), or null. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Run epaper; resolves with wall time, peak RSS and CPU seconds (sampled from /proc every 50 ms, so
 * the CPU time misses at most the last 50 ms), output and exit code.
 */
function epaper(args, { until } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/epaper.js', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let text = '';
    let peak = 0;
    let cpu = 0;
    const sample = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {}
      cpu = cpuOf(child.pid) ?? cpu;
    }, 50);
    const onData = (d) => {
      text += d;
      if (until && until.test(text)) {
        const ms = performance.now() - started;
        cpu = cpuOf(child.pid) ?? cpu;
        const at = cpu;
        child.kill('SIGTERM');
        child.once('exit', () => resolve({ ms, peak, cpu: at, text, code: 0 }));
        until = null;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (text += d));
    child.once('exit', (code) => {
      clearInterval(sample);
      if (until !== null) resolve({ ms: performance.now() - started, peak, cpu, text, code });
    });
  });
}

/**
 * Bytes on disk under `dir` by kind. Editions are links to their version folders (followed); a file
 * with two names (a one-page edition's page PDF is its edition PDF) is counted once, as the first kind.
 */
function sizes(dir) {
  const by = {};
  let total = 0;
  const seen = new Set();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      // .web/ is the site writer's cache (web fonts, thumbnails), not build output.
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        if (seen.has(st.ino)) continue;
        seen.add(st.ino);
        const n = st.size;
        total += n;
        const kind = e.name === 'edition.json' ? 'edition.json' : e.name === 'manifest.json' ? 'manifest.json' : /\/pdf\/[^/]+\.pdf$/.test(p) ? 'page PDFs' : e.name.endsWith('.pdf') ? 'edition PDF' : e.name.endsWith('.xml') ? 'ALTO' : 'other';
        by[kind] = (by[kind] ?? 0) + n;
      }
    }
  };
  walk(dir);
  return { total, by };
}

try {
  const { pages, editions } = generate();
  console.log(`archive: ${editions} editions, ${pages} pages (YYYY/MM/DD tree from samples/)`);
  const cold = await epaper(['build', archive, '--out', out]);
  if (cold.code !== 0) console.log(cold.text.slice(-2000));
  console.log(`archive build, cold: ${(cold.ms / 1000).toFixed(1)} s for ${pages} pages (${(pages / (cold.ms / 1000)).toFixed(1)} pages/s), peak RSS ${mb(cold.peak)} (target ≤ 30 s and ≤ 1 GB for 1,000 pages on 2 cores), CPU ${cold.cpu.toFixed(1)} s`);
  const nothing = await epaper(['build', archive, '--out', out]);
  console.log(`archive build, nothing changed: ${(nothing.ms / 1000).toFixed(2)} s, CPU ${nothing.cpu.toFixed(2)} s`);
  const one = [];
  const oneCpu = [];
  const firstDay = join(archive, '2020', '01', '01');
  const doc = readdirSync(firstDay).find((f) => f.endsWith('.md') || f.endsWith('.txt') || f.endsWith('.html'));
  for (let i = 0; i < RUNS; i++) {
    appendFileSync(join(firstDay, doc), `\n\n补记第${i + 1}次。\n`);
    const r = await epaper(['build', archive, '--out', out]);
    if (!/1 edition\(s\) built/.test(r.text)) console.log(r.text.slice(-500));
    one.push(r.ms);
    oneCpu.push(r.cpu);
  }
  console.log(`archive build, one edition changed: ${(median(one) / 1000).toFixed(2)} s (median of ${RUNS}; target ≤ 2 s), CPU ${median(oneCpu).toFixed(2)} s`);
  const built = sizes(out);
  console.log(`build output: ${mb(built.total)}, ${kb(built.total / pages)} per page (${Object.entries(built.by).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${kb(n / pages)}`).join(', ')})`);
  const siteRun = await epaper(['site', out, site]);
  console.log(`site written in ${(siteRun.ms / 1000).toFixed(1)} s (CPU ${siteRun.cpu.toFixed(1)} s, peak RSS ${mb(siteRun.peak)}): ${(/site: .*/.exec(siteRun.text) ?? [siteRun.text.slice(-300)])[0]}`);
  const serveSite = [];
  const serveBuild = [];
  const serveCpu = [];
  for (let i = 0; i < RUNS; i++) {
    serveSite.push((await epaper(['serve', site, '--port', '0'], { until: /Serving/ })).ms);
    const r = await epaper(['serve', out, '--port', '0', '--out', join(root, 'cache')], { until: /Serving/ });
    serveBuild.push(r.ms);
    serveCpu.push(r.cpu);
  }
  console.log(`serve start: site folder ${(median(serveSite) / 1000).toFixed(2)} s, build folder ${(median(serveBuild) / 1000).toFixed(2)} s, CPU ${median(serveCpu).toFixed(2)} s (median of ${RUNS}; a start reads the manifests only, fonts are made on first request; target ≤ 2 s)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
