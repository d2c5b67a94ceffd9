/**
 * The reader in Chromium (playwright-core) against the app on 127.0.0.1, on a 390×844 phone: the
 * article view with its joined continuation, body size, join marks, search with highlighted hits,
 * share tags with a real image, 繁/简 both ways, the service worker with the network off, and read
 * aloud when the browser has a Chinese voice. Skipped when /usr/bin/chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { createApp, loadSite } from '../src/server/index.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!haveChromium)('the reader in Chromium', () => {
  let server: Server;
  let base = '';
  let browser: Browser;
  let root = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'epaper-reader-'));
    const out = join(root, 'out');
    const template = loadTemplate('broadsheet');
    for (const source of findEditions(['test/fixtures/editions/two-pages', 'samples/003-web-interview'])) {
      await writeEdition(out, await buildEdition(source, template, { editionPdf: false }));
    }
    const site = await loadSite([out], { cacheRoot: join(root, 'cache') });
    const app = createApp({ editions: site, log: (m) => problems.push(`server: ${m}`) });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (root) rmSync(root, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const c = await browser.newContext({ ...PHONE, ...options });
    contexts.push(c);
    await c.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    return c;
  }

  async function open(path: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const page = await (await context(options)).newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(base + path);
    return page;
  }

  test('the article view joins the continuation, sets body text at 17 px or more, and its join marks lead to the pages', async () => {
    const page = await open('/e/two-pages/2/p2-a1/read');
    expect(await page.locator('article h1').textContent()).toBe('城东图书馆新馆今日开放');
    const text = (await page.locator('article').textContent()) ?? '';
    expect(text).toContain('城东图书馆新馆今日正式开放');
    expect(text).toContain('露台上阅读');
    const sizes = await page.$$eval('article p:not(.ep-join)', (ps) => ps.map((p) => parseFloat(getComputedStyle(p).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(17);
    const indent = await page.$eval('.ep-part p:not(.ep-join)', (p) => parseFloat(getComputedStyle(p).textIndent) / parseFloat(getComputedStyle(p).fontSize));
    expect(indent).toBeCloseTo(2, 1);
    const box = await page.locator('.ep-join-to a').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await page.click('text=续见第2版');
    await page.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    await page.goBack();
    await page.click('text=▲ 接第1版');
    await page.waitForURL(`${base}/e/two-pages/1/p1-a1`);
  });

  test('from the archive, the lead story with its continuation is two taps away', async () => {
    const page = await open('/');
    await page.tap('a[href="/e/two-pages/"]');
    await page.waitForSelector('html[data-ep-ready]');
    // A tap on the story's text (not only on the white of its tap area) opens it.
    const lead = page.locator('.ep-slot[data-n="1"] .ep-box[data-article="p1-a1"] .l').first();
    await lead.tap();
    await page.waitForURL(`${base}/e/two-pages/1/p1-a1/read`);
    const text = (await page.locator('article').textContent()) ?? '';
    expect(text).toContain('城东图书馆新馆今日正式开放');
    expect(text).toContain('露台上阅读');
  });

  test('the page view has a headline list per page and jump lines with 44×44 px hit areas', async () => {
    const page = await open('/e/two-pages/');
    await page.waitForSelector('html[data-ep-ready]');
    await page.tap('#ep-heads-toggle');
    const heads = page.locator('#ep-heads ol[data-page="1"] a');
    expect(await heads.count()).toBeGreaterThan(0);
    expect(await heads.first().getAttribute('href')).toBe('/e/two-pages/1/p1-a1/read');
    expect((await heads.first().boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await page.tap('#ep-heads-toggle');
    const jump = page.locator('.ep-slot[data-n="1"] a[data-jump][href="/e/two-pages/2/p2-a1"]');
    const box = await jump.boundingBox();
    if (!box) throw new Error('no jump line on page 1');
    expect(box.height).toBeLessThan(44);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (const [dx, dy] of [[0, -21], [0, 21], [-21, 0], [21, 0]] as const) {
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('a[data-jump]')?.getAttribute('href') ?? null, [cx + dx, cy + dy]);
      expect(hit, `${dx},${dy}`).toBe('/e/two-pages/2/p2-a1');
    }
    expect(await page.getAttribute('meta[property="og:image"]', 'content')).toMatch(/\/e\/two-pages\/share\/1\.png$/);
  });

  test('A+ and dark mode are kept for the reader', async () => {
    const page = await open('/e/two-pages/1/p1-a1/read', { colorScheme: 'light' });
    const size = () => page.$eval('.ep-part p', (p) => parseFloat(getComputedStyle(p).fontSize));
    const before = await size();
    await page.click('#ep-r-larger');
    expect(await size()).toBeGreaterThan(before);
    await page.click('#ep-r-theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.reload();
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await size()).toBeGreaterThan(before);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(18, 18, 18)');
  });

  test('the system dark scheme applies when the reader has not chosen', async () => {
    const page = await open('/e/two-pages/1/p1-a1/read', { colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 18, 18)');
    expect(await page.textContent('#ep-r-theme')).toBe('浅色');
  });

  test('search finds a phrase printed only on page 2 and opens it highlighted', async () => {
    const page = await open('/e/two-pages/search');
    await page.fill('#ep-q', '露台上阅读');
    await page.waitForSelector('#ep-results li');
    expect(await page.locator('#ep-results li').count()).toBe(1);
    expect(await page.textContent('#ep-results .ep-hit-where')).toContain('第2版');
    expect(await page.textContent('#ep-results mark')).toBe('露台上阅读');
    await page.click('#ep-results a');
    await page.waitForURL(/\/e\/two-pages\/2\/p2-a1\/read\?hl=/);
    const mark = page.locator('article mark');
    expect(await mark.textContent()).toBe('露台上阅读');
    expect(await mark.evaluate((m) => m.closest('section')?.getAttribute('data-page'))).toBe('2');
  });

  test('share tags are present and their image is a real 1200×630 picture', async () => {
    const page = await open('/e/two-pages/1/p1-a1/read');
    const image = await page.getAttribute('meta[property="og:image"]', 'content');
    expect(image).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/e\/two-pages\/share\/1\/p1-a1\.png$/);
    expect(await page.getAttribute('meta[name="twitter:card"]', 'content')).toBe('summary_large_image');
    expect(await page.getAttribute('meta[property="og:title"]', 'content')).toBe('城东图书馆新馆今日开放');
    const res = await page.request.get(image as string);
    expect(res.headers()['content-type']).toBe('image/png');
    const meta = await sharp(await res.body()).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 630]);
    const shareButton = page.locator('#ep-r-share');
    expect(await shareButton.isVisible()).toBe(true);
  });

  test('the 繁/简 toggle changes sample 003 both ways, and the choice is kept', async () => {
    const page = await open('/e/003-web-interview/1/p1-a1/read');
    const h1 = () => page.locator('article h1').textContent();
    expect(await h1()).toContain('兩會專訪');
    await page.click('#ep-r-script');
    await page.waitForFunction(() => document.documentElement.dataset.script === 'hans');
    expect(await h1()).toContain('两会专访');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.script === 'hans');
    expect(await h1()).toContain('两会专访');
    await page.click('#ep-r-script');
    await page.waitForFunction(() => document.documentElement.dataset.script === 'hant');
    expect(await h1()).toContain('兩會專訪');
  });

  test('the 繁/简 toggle on the page view changes sample 003 both ways in place, and the choice is kept', async () => {
    const page = await open('/e/003-web-interview/');
    await page.waitForSelector('html[data-ep-ready]');
    const slot = '.ep-slot[data-n="1"] .ep-page';
    const lines = () =>
      page.$$eval(`${slot} .l`, (ls) =>
        ls.map((l) => {
          const r = l.getBoundingClientRect();
          return { text: l.textContent ?? '', left: r.left, top: r.top, width: r.width };
        }),
      );
    const before = await lines();
    const joined = (ls: { text: string }[]) => ls.map((l) => l.text).join('');
    expect(joined(before)).toContain('兩會專訪');
    await page.click('#ep-script');
    await page.waitForSelector(`${slot}[data-script="hans"]`);
    await page.evaluate(() => document.fonts.ready);
    const after = await lines();
    expect(joined(after)).toContain('两会专访');
    expect(joined(after)).not.toContain('兩會專訪');
    expect(after.length).toBe(before.length);
    let changed = 0;
    after.forEach((l, i) => {
      const b = before[i]!;
      if (l.text !== b.text) changed++;
      expect([...l.text].length).toBe([...b.text].length);
      expect(l.left).toBeCloseTo(b.left, 1);
      expect(l.top).toBeCloseTo(b.top, 1);
      expect(Math.abs(l.width - b.width)).toBeLessThan(0.5);
    });
    expect(changed).toBeGreaterThan(0);
    expect(await page.getAttribute(slot, 'lang')).toBe('zh-CN');
    const css = await (await page.request.get(`${base}/e/003-web-interview/script/hans.css`)).text();
    const font = /url\("([^"]+\.woff2)"\)/.exec(css)?.[1];
    expect(font, css).toBeTruthy();
    const res = await page.request.get(base + font);
    expect(res.headers()['content-type']).toBe('font/woff2');
    expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('wOF2');
    await page.reload();
    await page.waitForSelector(`${slot}[data-script="hans"]`);
    expect(joined(await lines())).toContain('两会专访');
    await page.click('#ep-script');
    await page.waitForSelector(`${slot}[data-script="hant"]`);
    expect((await lines()).map((l) => l.text)).toEqual(before.map((l) => l.text));
  });

  test('a search result opens the page view with the lines holding the phrase marked', async () => {
    const page = await open('/e/two-pages/search');
    await page.fill('#ep-q', '露台上阅读');
    await page.waitForSelector('#ep-results li');
    await page.click('#ep-results a.ep-hit-page');
    await page.waitForURL(/\/e\/two-pages\/2\/p2-a1\?hl=/);
    await page.waitForSelector('html[data-ep-ready]');
    const marked = await page.$$eval('.ep-slot[data-n="2"] .l.ep-hit', (ls) => ls.map((l) => l.textContent ?? ''));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.join('')).toContain('露台上阅读');
    const all = await page.$$eval('.ep-slot[data-n="2"] .l', (ls) => ls.length);
    expect(marked.length).toBeLessThan(all);
    const bg = await page.$eval('.ep-slot[data-n="2"] .l.ep-hit', (l) => getComputedStyle(l).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
  });

  test('the service worker serves the newest edition with the network off', async () => {
    const c = await context();
    const page = await c.newPage();
    await page.goto(`${base}/e/two-pages/1/p1-a1/read`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await c.setOffline(true);
    await page.goto(`${base}/e/two-pages/2/p2-a2/read`);
    expect(await page.locator('article h1').textContent()).toBe('滨江公园春季花展开幕');
    expect(await page.evaluate(() => document.documentElement.classList.contains('ep-is-offline'))).toBe(true);
    expect(await page.isVisible('.ep-offline')).toBe(true);
    await page.goto(`${base}/e/two-pages/`);
    expect(await page.locator('.ep-page').count()).toBeGreaterThan(0);
    await c.setOffline(false);
  });

  test('read aloud starts and pauses when a Chinese voice exists', async (ctx) => {
    const page = await open('/e/two-pages/1/p1-a1/read');
    const voices = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const list = () => speechSynthesis.getVoices().map((v) => v.lang);
          if (list().length) return resolve(list());
          speechSynthesis.addEventListener('voiceschanged', () => resolve(list()));
          setTimeout(() => resolve(list()), 1500);
        }),
    );
    const chinese = voices.some((l) => /^zh/i.test(l));
    expect(await page.isHidden('#ep-r-speak')).toBe(!chinese);
    if (!chinese) return ctx.skip();
    await page.click('#ep-r-speak');
    expect(await page.getAttribute('#ep-r-speak', 'data-state')).toBe('speaking');
    await page.click('#ep-r-speak');
    expect(await page.getAttribute('#ep-r-speak', 'data-state')).toBe('paused');
  });
});
