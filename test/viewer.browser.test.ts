/**
 * The viewer in a real browser (Debian's Chromium driven by playwright-core) against the app listening
 * on 127.0.0.1: following a jump line to its continuation and back, Back, deep links, keyboard flipping,
 * and one-finger swipe / two-finger pinch on a phone-sized screen. Skipped when /usr/bin/chromium is
 * not installed (apt-get install chromium).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { createApp, loadSite } from '../src/server/index.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`viewer.browser.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!haveChromium)('the viewer in Chromium', () => {
  let server: Server;
  let base = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'epaper-viewer-'));
    const out = join(root, 'out');
    const template = loadTemplate('broadsheet');
    for (const source of findEditions(['test/fixtures/editions/two-pages'])) await writeEdition(out, await buildEdition(source, template));
    const site = await loadSite([out], { cacheRoot: join(root, 'cache') });
    const app = createApp({ editions: site, log: (m) => problems.push(`server: ${m}`) });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function open(path: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
    contexts.push(context);
    // Nothing may leave the machine: every request goes to the test server.
    await context.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()} ${m.location().url}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(base + path);
    await page.waitForSelector('html[data-ep-ready]');
    return page;
  }

  const shownPages = (page: Page) => page.$$eval('#ep-book > .ep-slot[data-n]', (els) => els.map((e) => Number((e as HTMLElement).dataset.n)));
  const waitShown = (page: Page, n: number) =>
    page.waitForFunction((want) => [...document.querySelectorAll<HTMLElement>('#ep-book > .ep-slot[data-n]')].some((e) => e.dataset.n === String(want)) && !document.querySelector('.ep-leaf'), n);
  const live = (page: Page) => page.waitForFunction(() => document.getElementById('ep-live')!.textContent).then((h) => h.jsonValue());

  test('a jump line turns to the continuation, highlights it, and Back returns', async () => {
    const page = await open('/e/two-pages/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await shownPages(page)).toEqual([1]);
    await page.click('.ep-slot[data-n="1"] a[data-jump][href="/e/two-pages/2/p2-a1"]');
    await page.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    await page.waitForSelector('.ep-slot[data-n="2"] .ep-article[data-article="p2-a1"][aria-current="true"]');
    await waitShown(page, 2);
    expect(await page.locator('[aria-current="true"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-article'))).toBe('p2-a1');
    expect(await live(page)).toContain('第02版');
    expect(await page.locator('.ep-page').count()).toBeLessThanOrEqual(2);
    expect(await page.isDisabled('#ep-back')).toBe(false);

    await page.click('#ep-back');
    await page.waitForURL(`${base}/e/two-pages/`);
    await waitShown(page, 1);
    expect(await page.locator('[aria-current="true"]').count()).toBe(0);
    expect(await page.isDisabled('#ep-back')).toBe(true);

    await page.goForward();
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
  });

  test('a deep link survives reload, and the continuation leads back', async () => {
    const page = await open('/e/two-pages/2/p2-a1');
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
    // The neighbouring page's fragment is fetched after the page shows: a reload while that is in
    // flight aborts it, which the failed-request check would count against the viewer.
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.waitForSelector('html[data-ep-ready]');
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
    const back = page.locator('.ep-slot[data-n="2"] a[data-jump][href="/e/two-pages/1/p1-a1"]');
    expect(await back.textContent()).toContain('上接01版');
    await back.click();
    await page.waitForURL(`${base}/e/two-pages/1/p1-a1`);
    await page.waitForSelector('.ep-slot[data-n="1"] .ep-article[data-article="p1-a1"][aria-current="true"]');
    await page.click('#ep-back');
    await page.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
  });

  test('keyboard: arrows, PageUp/PageDown, Home/End turn pages; Tab walks the articles', async () => {
    const page = await open('/e/two-pages/', { reducedMotion: 'reduce' });
    const steps: [string, number][] = [
      ['ArrowRight', 2],
      ['ArrowLeft', 1],
      ['End', 2],
      ['Home', 1],
      ['PageDown', 2],
      ['PageUp', 1],
    ];
    for (const [key, n] of steps) {
      await page.keyboard.press(key);
      await waitShown(page, n);
      expect(await shownPages(page)).toEqual([n]);
      expect(await page.locator('#ep-where').textContent()).toBe(`第0${n}版`);
    }
    // The announcement follows the turn by a moment: wait for it (a timeout fails the test).
    await page.waitForFunction((s) => document.getElementById('ep-live')!.textContent!.includes(s), '第01版');
    expect(await live(page)).toContain('第01版');
    await page.focus('#ep-stage');
    const visited: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const a = await page.evaluate(() => (document.activeElement?.closest('.ep-page') ? document.activeElement.getAttribute('data-article') ?? document.activeElement.textContent : null));
      if (a) visited.push(a);
    }
    expect(visited).toContain('p1-a1');
  });

  test('phone: one page, a swipe turns it, two fingers zoom and never turn', async () => {
    const page = await open('/e/two-pages/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    expect(await shownPages(page)).toEqual([1]);
    const cdp = await page.context().newCDPSession(page);
    const touch = async (points: { x: number; y: number }[][]) => {
      const [first, ...rest] = points;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: first!.map((p, id) => ({ ...p, id })) });
      for (const pts of rest) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pts.map((p, id) => ({ ...p, id })) });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    const swipe = (from: number, to: number) =>
      touch(Array.from({ length: 8 }, (_, i) => [{ x: from + ((to - from) * i) / 7, y: 420 }]));

    await swipe(320, 60);
    await waitShown(page, 2);
    await page.waitForURL(`${base}/e/two-pages/2/`);
    expect(await shownPages(page)).toEqual([2]);

    // Two fingers spreading apart, moving sideways as they go: a zoom, never a page turn.
    await touch(Array.from({ length: 8 }, (_, i) => [
      { x: 180 - i * 12 - i * 10, y: 420 - i * 6 },
      { x: 220 + i * 12 - i * 10, y: 440 + i * 6 },
    ]));
    await page.waitForSelector('#ep-stage.ep-zoomed');
    await page.waitForTimeout(300);
    expect(await shownPages(page)).toEqual([2]);

    // While zoomed, one finger pans instead of turning.
    await swipe(60, 330);
    await page.waitForTimeout(500);
    expect(await shownPages(page)).toEqual([2]);

    // Double tap: back to the whole page; now a swipe turns again.
    await touch([[{ x: 200, y: 400 }]]);
    await page.waitForTimeout(80);
    await touch([[{ x: 200, y: 400 }]]);
    await page.waitForFunction(() => !document.getElementById('ep-stage')!.classList.contains('ep-zoomed'));
    await swipe(60, 330);
    await waitShown(page, 1);
    expect(await shownPages(page)).toEqual([1]);
  });

  test('no console errors, failed requests or server errors', () => {
    expect(problems).toEqual([]);
  });
});
