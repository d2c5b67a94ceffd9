/**
 * The viewer in Chromium on an edition with sections A and B (A01, A02, B01; A01 and B01 both
 * printed as page 1): flipping from the last A page to B01, the jump lines between the sections, Back,
 * deep links by code and the navigator. Skipped when /usr/bin/chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { createApp, loadSite } from '../src/server/index.js';
import { writeSectionedEdition } from './sectioned-edition.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const ID = 'jiangcheng-2024-03-05';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!haveChromium)('the viewer on an edition with sections', () => {
  let root = '';
  let server: Server;
  let base = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'epaper-ident-viewer-'));
    const out = join(root, 'out');
    const [source] = findEditions([writeSectionedEdition(join(root, 'docs', ID))]);
    await writeEdition(out, await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false }));
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
  });

  /** A single-page viewer (a narrow screen, no page-turn animation) at path. */
  async function open(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 800, height: 1000 }, reducedMotion: 'reduce' });
    contexts.push(context);
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

  const shown = (page: Page) => page.$$eval('#ep-book > .ep-slot[data-n]', (els) => els.map((e) => Number((e as HTMLElement).dataset.n)));
  const waitShown = (page: Page, n: number) =>
    page.waitForFunction((want) => [...document.querySelectorAll<HTMLElement>('#ep-book > .ep-slot[data-n]')].some((e) => e.dataset.n === String(want)) && !document.querySelector('.ep-leaf'), n);
  const where = (page: Page) => page.locator('#ep-where').textContent();

  test('flips from the last A page to B01 and follows the jump back to A02 and on to B01', async () => {
    const page = await open(`/e/${ID}/A02/`);
    expect(await shown(page)).toEqual([2]);
    expect(await where(page)).toBe('第A02版');

    await page.keyboard.press('ArrowRight');
    await waitShown(page, 3);
    await page.waitForURL(`${base}/e/${ID}/B01/`);
    expect(await where(page)).toBe('第B01版');
    expect(await page.title()).toContain('第B01版 副刊');

    const up = page.locator(`.ep-slot[data-n="3"] a[data-jump][href="/e/${ID}/A02/p2-a2"]`);
    expect(await up.textContent()).toContain('上接A02版');
    await up.click();
    await page.waitForURL(`${base}/e/${ID}/A02/p2-a2`);
    await page.waitForSelector('.ep-slot[data-n="2"] .ep-article[data-article="p2-a2"][aria-current="true"]');
    expect(await where(page)).toBe('第A02版');

    const down = page.locator(`.ep-slot[data-n="2"] a[data-jump][href="/e/${ID}/B01/p3-a1"]`);
    expect(await down.textContent()).toContain('下转B01版');
    await down.click();
    await page.waitForURL(`${base}/e/${ID}/B01/p3-a1`);
    await page.waitForSelector('.ep-slot[data-n="3"] .ep-article[data-article="p3-a1"][aria-current="true"]');

    await page.click('#ep-back');
    await page.waitForURL(`${base}/e/${ID}/A02/p2-a2`);
    await waitShown(page, 2);
  });

  test('a deep link by code opens its page, and the navigator lists every page by code', async () => {
    const page = await open(`/e/${ID}/B01/p3-a1`);
    await page.waitForSelector('.ep-slot[data-n="3"] .ep-article[data-article="p3-a1"][aria-current="true"]');
    expect(await page.locator('#ep-nav .ep-nav-n').allTextContents()).toEqual(['第A01版', '第A02版', '第B01版']);
    await page.click('#ep-nav-toggle');
    await page.click(`#ep-nav a[href="/e/${ID}/"]`);
    await waitShown(page, 1);
    await page.waitForURL(`${base}/e/${ID}/`);
    expect(await where(page)).toBe('第A01版');
    await page.keyboard.press('End');
    await waitShown(page, 3);
    expect(await where(page)).toBe('第B01版');
  });

  test('no console errors, failed requests or server errors', () => {
    expect(problems).toEqual([]);
  });
});
