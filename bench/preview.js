#!/usr/bin/env node
// Editor preview latency, using the compiled code in dist/ (run `npx tsc -p tsconfig.build.json`
// first): `epaper preview` runs on a copy of a one-page sample in a temporary folder, headless Chromium
// shows it, and each run rewrites the document with a new headline and times from the write until the
// browser has the new headline on the page (no reload). Prints the median of the runs (target ≤ 300 ms)
// and the median of the edits whose headline brings characters the page's fonts did not hold yet.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const SAMPLE = process.env.EPAPER_BENCH_PREVIEW ?? 'samples/001-front-page';
const RUNS = Number(process.env.EPAPER_BENCH_RUNS ?? 9);
const TARGET_MS = 300;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!existsSync(CHROMIUM)) {
  console.log(`preview latency: skipped (${CHROMIUM} not installed; apt-get install -y chromium)`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'epaper-bench-preview-'));
const dir = join(root, 'edition');
cpSync(SAMPLE, dir, { recursive: true });
const doc = join(dir, '01.md');
const original = readFileSync(doc, 'utf8');
// The longest "# " line is the lead headline (the paper's name is a "# " line too).
const headline = [...original.matchAll(/^# (.+)$/gm)].map((m) => m[1]).sort((a, b) => b.length - a.length)[0];
if (!headline) throw new Error(`${SAMPLE}/01.md: no "# " headline to edit`);

// Headlines made of characters the page already has (the fonts stay), and ones with new characters.
const known = [...new Set([...headline.replace(/\s/g, '')])];
const reused = (i) => {
  const chars = [...known];
  for (let k = chars.length - 1; k > 0; k--) {
    const j = (k * 7 + i * 13) % (k + 1);
    [chars[k], chars[j]] = [chars[j], chars[k]];
  }
  return chars.slice(0, 14).join('');
};
const fresh = ['春风化雨润桃李新篇章', '湘江两岸灯火璀璨迎宾客', '鸟语花香踏青正当时', '冰雪消融候鸟归巢栖', '锣鼓喧天龙舟竞渡忙'];

const child = spawn(process.execPath, ['bin/epaper.js', 'preview', dir, '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
let log = '';
child.stderr.on('data', (d) => (log += d));
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /Preview of \d+ edition\(s\) at (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.once('exit', (code) => reject(new Error(`epaper preview exited (${code}) before listening:\n${out}${log}`)));
});

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const all = [];
const withNew = [];
const withKnown = [];
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('html[data-ep-ready][data-ep-rev]');
  await page.evaluate(() => (window.epBenchLoaded = true));
  for (let i = 0; i < RUNS + 1; i++) {
    const isNew = i % 2 === 1;
    const text = isNew ? fresh[Math.floor(i / 2) % fresh.length] : reused(i);
    // The page notes the moment the headline is in the book (a MutationObserver, so no polling delay).
    await page.evaluate((want) => {
      window.epBenchSeen = null;
      const book = document.getElementById('ep-book');
      const seen = () => book.textContent.includes(want);
      const observer = new MutationObserver(() => {
        if (window.epBenchSeen == null && seen()) {
          window.epBenchSeen = performance.timeOrigin + performance.now();
          observer.disconnect();
        }
      });
      observer.observe(book, { childList: true, subtree: true, characterData: true });
    }, text);
    const started = performance.timeOrigin + performance.now();
    writeFileSync(doc, original.replace(`# ${headline}`, `# ${text}`));
    const handle = await page.waitForFunction(() => window.epBenchSeen, null, { timeout: 20_000, polling: 20 });
    const seen = await handle.jsonValue();
    if (!(await page.evaluate(() => window.epBenchLoaded === true))) throw new Error('the page was reloaded');
    const ms = seen - started;
    if (i === 0) continue; // warm-up
    all.push(ms);
    (isNew ? withNew : withKnown).push(ms);
    // A pause between saves, as when editing by hand.
    await page.waitForTimeout(1000);
  }
} finally {
  await browser.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(root, { recursive: true, force: true });
}

const m = median(all);
console.log('editor preview benchmark (medians)');
console.log(`node ${process.version}, ${SAMPLE}, ${all.length} runs\n`);
console.log(`save → new headline on the page: ${m.toFixed(0)} ms (target ≤ ${TARGET_MS} ms) ${m <= TARGET_MS ? 'ok' : 'SLOW'}`);
console.log(`  headline with characters already on the page: ${median(withKnown).toFixed(0)} ms; with new characters (new font subsets): ${median(withNew).toFixed(0)} ms`);
console.log(`  all runs: ${all.map((x) => x.toFixed(0)).join(', ')} ms`);
