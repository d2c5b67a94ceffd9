#!/usr/bin/env node
// Viewer benchmarks on loopback, using the compiled code in dist/ (run `npx tsc -p tsconfig.build.json`
// first): bytes transferred to show the first page (HTML + CSS + JS + fonts), time to the first page
// painted with its fonts in headless Chromium, and requests per second for a page request (autocannon).
// Every figure is the median of several runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const EDITION = process.env.EPAPER_BENCH_EDITION ?? 'samples/001-front-page';
const RUNS = Number(process.env.EPAPER_BENCH_RUNS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// The server runs in its own process, so the load generator does not share its event loop.
const cache = mkdtempSync(join(tmpdir(), 'epaper-bench-viewer-'));
const child = spawn(process.execPath, ['bin/epaper.js', 'serve', EDITION, '--port', '0', '--out', cache], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /Serving \d+ edition\(s\) at (http:\/\/[^\s]+?)\/?\s/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`epaper serve exited (${code}) before listening:\n${out}`)));
});
const api = await (await fetch(`${base}/api/editions`)).json();
const id = api[0].id;
const viewerUrl = `${base}/e/${encodeURIComponent(id)}/`;
const fragmentUrl = `${base}/e/${encodeURIComponent(id)}/pages/1.html`;

console.log('viewer benchmarks (medians)');
console.log(`node ${process.version}, edition ${id}, ${RUNS} runs\n`);

try {
  if (!existsSync(CHROMIUM)) {
    console.log(`first page bytes / paint: skipped (${CHROMIUM} not installed; apt-get install -y chromium)`);
  } else {
    await browserFigures();
  }
  await throughput();
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(cache, { recursive: true, force: true });
}

async function browserFigures() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const totals = [];
  const byType = {};
  const paints = [];
  const fcps = [];
  try {
    // One visit first, so the server has rendered and compressed the page before the timed runs.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(viewerUrl);
    await warm.close();
    for (let run = 0; run < RUNS; run++) {
      // A new context each run: empty cache, nothing kept from the run before.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const types = new Map();
      const sizes = new Map();
      cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
      cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
      await page.goto(viewerUrl);
      await page.waitForSelector('html[data-ep-ready]');
      const mark = await page.waitForFunction(() => performance.getEntriesByName('ep-first-page')[0]?.startTime, null, { polling: 20 });
      const fcp = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { polling: 20 });
      fcps.push(await fcp.jsonValue());
      // The page counts as painted once its fonts are in and a frame has been drawn after that.
      paints.push(Math.max(await mark.jsonValue(), fcps[fcps.length - 1]));
      await page.waitForTimeout(200);
      let total = 0;
      const run_ = {};
      for (const [req, bytes] of sizes) {
        const type = (types.get(req) ?? 'Other').toLowerCase();
        // Thumbnails in the navigator load lazily and are not needed to show the page.
        if (type === 'image') continue;
        run_[type] = (run_[type] ?? 0) + bytes;
        total += bytes;
      }
      for (const [type, bytes] of Object.entries(run_)) (byType[type] ??= []).push(bytes);
      totals.push(total);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const parts = Object.entries(byType)
    .map(([type, xs]) => `${type} ${kb(median(xs))}`)
    .join(', ');
  console.log(`first page transferred:  ${kb(median(totals))} (${parts}; budget 300 KB)`);
  console.log(`first contentful paint:  ${median(fcps).toFixed(0)} ms`);
  console.log(`first page painted:      ${median(paints).toFixed(0)} ms (with its web fonts; from navigation start)`);
}

async function throughput() {
  const autocannon = (await import('autocannon')).default;
  const rps = [];
  const latency = [];
  for (let run = 0; run < 3; run++) {
    const result = await autocannon({
      url: fragmentUrl,
      connections: 10,
      duration: 3,
      headers: { 'accept-encoding': 'gzip' },
    });
    if (result.non2xx > 0) throw new Error(`${result.non2xx} non-2xx responses from ${fragmentUrl}`);
    rps.push(result.requests.average);
    latency.push(result.latency.p50);
  }
  console.log(`page fragment requests:  ${median(rps).toFixed(0)} req/s, p50 latency ${median(latency)} ms (10 connections, gzip, 3 × 3 s)`);
}
