#!/usr/bin/env node
// Lighthouse (its default: a phone on slow 4G, simulated throttling) on the article view and the page
// view of a served sample, with /usr/bin/chromium; prints the four category scores and the audits that
// cost points. Uses the compiled code in dist/. Not part of `npm test` (a run takes about a minute).
//
//   node bench/lighthouse.js [sample folder …]     default samples/001-front-page
//   EPAPER_LIGHTHOUSE_JSON=DIR                       also writes each report as DIR/<view>.json
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

if (!existsSync(CHROMIUM)) {
  console.error(`bench/lighthouse.js: ${CHROMIUM} is not installed (set CHROME_PATH to a Chromium or Chrome)`);
  process.exit(1);
}

const samples = process.argv.slice(2).length ? process.argv.slice(2) : ['samples/001-front-page'];
const cache = mkdtempSync(join(tmpdir(), 'epaper-bench-lighthouse-'));
const server = spawn(process.execPath, ['bin/epaper.js', 'serve', ...samples, '--port', '0', '--out', cache], { stdio: ['ignore', 'pipe', 'inherit'] });

function listening() {
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /Serving \d+ edition\(s\) at (http:\/\/[^\s]+?)\/?\s/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`epaper serve exited (${code}) before listening:\n${out}`)));
  });
}

/** Category scores (0–100) and the audits of the categories that scored below 1. */
async function audit(port, url) {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`lighthouse gave no result for ${url}`);
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const dump = process.env.EPAPER_LIGHTHOUSE_JSON;
  if (dump) writeFileSync(join(dump, `${new URL(url).pathname.endsWith('/read') ? 'article' : 'page'}.json`), JSON.stringify(lhr));
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  const lost = [];
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || a.score === null || a.score >= 0.9 || (ref.weight === 0 && c !== 'performance')) continue;
      if (c === 'performance' && ref.weight === 0 && a.scoreDisplayMode !== 'metricSavings') continue;
      lost.push(`  ${c}: ${a.id} (${a.score}) ${a.displayValue ?? ''} ${a.title}`.trimEnd());
    }
  }
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
    .map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? '?'}`)
    .join(', ');
  return { scores, lost, metrics };
}

try {
  const base = await listening();
  const id = basename(samples[0]);
  const pages = { 'article view': `${base}/e/${id}/1/p1-a1/read`, 'page view': `${base}/e/${id}/1` };
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
  try {
    for (const [name, url] of Object.entries(pages)) {
      const { scores, lost, metrics } = await audit(chrome.port, url);
      console.log(`${name} ${url}`);
      console.log(`  ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(' · ')}`);
      console.log(`  ${metrics}`);
      for (const l of lost) console.log(l);
    }
  } finally {
    await chrome.kill();
  }
} finally {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  rmSync(cache, { recursive: true, force: true });
}
