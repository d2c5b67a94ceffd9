#!/usr/bin/env node
// Reader benchmarks on loopback, using the compiled code in dist/: bytes transferred for an article
// view (HTML + CSS + JS + everything it loads, on a 390×844 phone, empty cache), its first
// contentful paint in headless Chromium, and the search figures of bench/search.js. Medians.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchBench } from './search.js';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = Number(process.env.EPAPER_BENCH_RUNS ?? 5);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log('reader benchmarks (medians)');
await searchBench();

const cache = mkdtempSync(join(tmpdir(), 'epaper-bench-reader-'));
const child = spawn(process.execPath, ['bin/epaper.js', 'serve', 'samples/001-front-page', 'samples/004-special-report', '--port', '0', '--out', cache], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  if (!existsSync(CHROMIUM)) console.log(`article view bytes / paint: skipped (${CHROMIUM} not installed)`);
  else
    for (const path of ['/e/001-front-page/1/p1-a1/read', '/e/004-special-report/1/p1-a1/read']) await articleFigures(base, path);
} finally {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(cache, { recursive: true, force: true });
}

async function articleFigures(base, path) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const totals = [];
  const fcps = [];
  try {
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(base + path);
    await warm.close();
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
      await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const sizes = new Map();
      cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
      await page.goto(base + path, { waitUntil: 'load' });
      const fcp = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { polling: 20 });
      fcps.push(await fcp.jsonValue());
      await page.waitForTimeout(200);
      totals.push([...sizes.values()].reduce((a, b) => a + b, 0));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`article view ${path}: ${kb(median(totals))} transferred (budget 60 KB), first contentful paint ${median(fcps).toFixed(0)} ms (goal 300 ms)`);
}
