/**
 * The editor preview in a real browser (Debian's Chromium driven by playwright-core): a fixture edition
 * copied to a temporary folder is previewed, its document is edited on disk, and the open page shows
 * the new headline without a reload, at the same page and zoom; a broken save shows the error banner
 * over the last good page; the problems panel lists a dangling jump at its own line, marks its article
 * and shows the source line. Skipped when /usr/bin/chromium is not installed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type Previewing } from '../src/server/preview/index.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`preview.browser.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!haveChromium)('the editor preview in Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'epaper-preview-browser-'));
  const dir = join(root, 'two-pages');
  const p1 = join(dir, 'p1.md');
  let good = '';
  let p: Previewing;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    cpSync('test/fixtures/editions/two-pages', dir, { recursive: true });
    good = readFileSync(p1, 'utf8');
    p = await preview([dir], { port: 0, signals: false, io: { out: () => undefined, err: (m) => (/NOT updated/.test(m) ? undefined : problems.push(`server: ${m}`)) } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const base = p.url.replace(/\/$/, '');
    await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(p.pageUrl);
    await page.waitForSelector('html[data-ep-ready][data-ep-rev]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const bookText = () => page.$eval('#ep-book', (el) => el.textContent ?? '');
  const save = async (text: string) => writeFileSync(p1, text);

  test('a saved edit shows the new headline in place, keeping page and zoom', async () => {
    await page.evaluate(() => ((window as unknown as { epMarker: number }).epMarker = 42));
    await page.click('#ep-zoom-in');
    const transform = await page.$eval('#ep-book', (el) => (el as HTMLElement).style.transform);
    const rev = Number(await page.getAttribute('html', 'data-ep-rev'));

    await save(good.replace('城东图书馆新馆今日开放', '城南美术馆周末开展'));
    await page.waitForFunction(() => document.getElementById('ep-book')!.textContent!.includes('城南美术馆'), null, { timeout: 15_000 });

    expect(await page.evaluate(() => (window as unknown as { epMarker?: number }).epMarker)).toBe(42);
    expect(Number(await page.getAttribute('html', 'data-ep-rev'))).toBeGreaterThan(rev);
    expect(await page.$$eval('#ep-book > .ep-slot[data-n]', (els) => els.map((e) => (e as HTMLElement).dataset.n))).toEqual(['1']);
    expect(await page.$eval('#ep-book', (el) => (el as HTMLElement).style.transform)).toBe(transform);
    await page.click('#ep-zoom-out');
  });

  test('a broken save shows the banner naming the file and line over the last good page', async () => {
    await save(`---\ntitle: 没写完的头\n${good.replace('城东图书馆新馆今日开放', '城北科技馆今日开放')}`);
    const banner = page.locator('#ep-pv-banner');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain(`${relative(process.cwd(), p1)}:1:1`);
    expect(text).toContain('front matter');
    expect(await bookText()).toContain('城南美术馆');
    expect(await page.getAttribute('html', 'data-ep-pv')).toBe('error');

    await save(good);
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.waitForFunction(() => document.getElementById('ep-book')!.textContent!.includes('城东图书馆'), null, { timeout: 15_000 });
  });

  test('the panel lists a dangling jump at its own line, marks its article and shows the source', async () => {
    await save(good.replace('▶下转02版①', '▶下转07版①'));
    const line = good.split('\n').findIndex((l) => l.startsWith('▶下转')) + 1;
    const where = `p1.md:${line}:`;
    if ((await page.getAttribute('#ep-pv-toggle', 'aria-expanded')) !== 'true') await page.click('#ep-pv-toggle');
    const item = page.locator('.ep-pv-item', { hasText: 'dangling-jump' }).filter({ hasText: where });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.locator('.ep-pv-where').textContent()).toBe(`${where}1`);
    expect(await item.locator('.ep-pv-where').getAttribute('title')).toBe(`${relative(process.cwd(), p1)}:${line}:1`);
    expect(await item.textContent()).toContain('07');

    const key = await item.getAttribute('data-key');
    const marked = page.locator(`.ep-slot[data-n="1"] .ep-pv-box[data-keys*=" ${key} "]`);
    expect(await marked.count()).toBeGreaterThan(0);
    expect(await page.locator('.ep-slot[data-n="1"] .ep-pv-badge').count()).toBeGreaterThan(0);

    await item.click();
    await page.waitForSelector('#ep-pv-code .ep-pv-hit');
    expect(await page.textContent('#ep-pv-code .ep-pv-hit')).toContain(`${line}▶下转07版①`);
    expect(await marked.first().getAttribute('class')).toContain('ep-pv-sel');
    expect(await page.getAttribute('.ep-slot[data-n="1"] .ep-article[aria-current="true"]', 'data-article')).toBe('p1-a1');
    await save(good);
  });

  test('no errors in the page or the server', () => {
    expect(problems).toEqual([]);
  });
});
