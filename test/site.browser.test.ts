/**
 * The static site (`epaper build --site DIR`) served by a plain static file handler — node:http and fs,
 * no epaper route — under a sub-path (/sub/dir/), as a site published below a host's root is, passes
 * the viewer's checks in Chromium: deep links as files, a jump line to its continuation and back,
 * flipping with the keyboard, the article view, search, the archive page, the 404 page. Its URLs are
 * relative, and its files are the bytes `epaper serve` sends with the URLs made relative.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '../src/cli/index.js';
import { createApp, loadSite, serve } from '../src/server/index.js';
import { fileFor, relativeUrls } from '../src/server/export.js';

const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '': 'text/html; charset=utf-8',
};

/** The sub-path the site is published under. */
const PREFIX = '/sub/dir';

/** A static file server of `root` under PREFIX: the file at the path, index.html for a folder, 404.html otherwise. */
function staticServer(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) path = '/';
    if (!path.startsWith(`${PREFIX}/`)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('outside the site\n');
      return;
    }
    path = path.slice(PREFIX.length);
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': TYPES['.html']! }).end(readFileSync(join(root, '404.html')));
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const address = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe.skipIf(!existsSync(CHROMIUM))('the static site in Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'site-'));
  const out = join(root, 'out');
  const siteDir = join(root, 'site');
  let server: Server;
  let base = '';
  let browser: Browser;
  const problems: string[] = [];
  const printed: string[] = [];

  beforeAll(async () => {
    const code = await main(['build', 'test/fixtures/editions/two-pages', '--out', out, '--pdf-profile', 'none', '--site', siteDir], { out: (s) => printed.push(s), err: (s) => problems.push(s) });
    expect(code, problems.join('\n')).toBe(0);
    server = await staticServer(siteDir);
    base = address(server) + PREFIX;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(root, { recursive: true, force: true });
  });

  async function open(path: string, viewer = true): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    await context.route('**/*', (route) => (route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // A request the page drops itself (it navigated away meanwhile) is no fault of the site.
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(base + path);
    if (viewer) await page.waitForSelector('html[data-ep-ready]');
    return page;
  }
  const waitShown = (page: Page, n: number) =>
    page.waitForFunction((want) => [...document.querySelectorAll<HTMLElement>('#ep-book > .ep-slot[data-n]')].some((e) => e.dataset.n === String(want)) && !document.querySelector('.ep-leaf'), n);

  test('deep links are files: e/<id>/index.html, e/<id>/<n>/index.html, the article link', () => {
    for (const f of ['index.html', '404.html', 'e/two-pages/index.html', 'e/two-pages/2/index.html', 'e/two-pages/2/p2-a1/index.html', 'e/two-pages/2/p2-a1/read/index.html', 'e/two-pages/search.json', 'e/two-pages/share/2.png', 'search/index.html', 'sw.js', 'e/two-pages/pages/1.html', 'e/two-pages/thumbs/2.webp']) {
      expect(existsSync(join(siteDir, f)), f).toBe(true);
    }
    expect(printed.join('\n')).toMatch(/site: 1 edition\(s\), 2 page\(s\), \d+ file\(s\)/);
  });

  test('a jump line turns to the continuation, and Back returns', async () => {
    const page = await open('/e/two-pages/');
    await page.click('.ep-slot[data-n="1"] a[data-jump][href$="e/two-pages/2/p2-a1"]');
    await page.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    await page.waitForSelector('.ep-slot[data-n="2"] .ep-article[data-article="p2-a1"][aria-current="true"]');
    await page.click('#ep-back');
    await page.waitForURL(`${base}/e/two-pages/`);
    await waitShown(page, 1);
  });

  test('a deep link to an article opens it; the keyboard flips the pages', async () => {
    const page = await open('/e/two-pages/2/p2-a1');
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
    await page.keyboard.press('Home');
    await waitShown(page, 1);
    await page.keyboard.press('End');
    await waitShown(page, 2);
  });

  test('the article view joins the continuation, and its join mark leads to the page', async () => {
    const page = await open('/e/two-pages/2/p2-a1/read', false);
    expect(await page.locator('article h1').textContent()).toBe('城东图书馆新馆今日开放');
    expect((await page.locator('article').textContent()) ?? '').toContain('露台上阅读');
    await page.click('text=续见第2版');
    await page.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    await page.waitForSelector('.ep-slot[data-n="2"] [data-article="p2-a1"][aria-current="true"]');
  });

  test('search finds a phrase printed only on page 2 and opens its article view', async () => {
    const page = await open('/e/two-pages/search', false);
    await page.fill('#ep-q', '露台上阅读');
    await page.waitForSelector('#ep-results li');
    expect(await page.locator('#ep-results li').count()).toBe(1);
    expect(await page.textContent('#ep-results mark')).toBe('露台上阅读');
    await page.click('#ep-results a');
    await page.waitForURL(/\/e\/two-pages\/2\/p2-a1\/read\?hl=/);
    expect((await page.locator('article').textContent()) ?? '').toContain('露台上阅读');
  });

  test('?hl= marks the phrase on the page view and in the article view', async () => {
    const hl = encodeURIComponent('露台上阅读');
    const page = await open(`/e/two-pages/2/p2-a1?hl=${hl}`);
    await page.waitForSelector('.ep-slot[data-n="2"] .l.ep-hit');
    const marked = await page.$$eval('.ep-slot[data-n="2"] .l.ep-hit', (ls) => ls.map((l) => l.textContent ?? '').join(''));
    expect(marked).toContain('露台上阅读');
    const read = await open(`/e/two-pages/2/p2-a1/read?hl=${hl}`, false);
    await read.waitForSelector('article mark');
    expect(await read.textContent('article mark')).toBe('露台上阅读');
  });

  test('?zh=hant shows the article view and the page view in traditional characters, and the toggle turns back', async () => {
    const read = await open('/e/two-pages/2/p2-a1/read?zh=hant', false);
    await read.waitForFunction(() => document.documentElement.dataset.script === 'hant');
    expect(await read.locator('article h1').textContent()).toBe('城東圖書館新館今日開放');
    expect(await read.getAttribute('html', 'lang')).toBe('zh-Hant');
    // The links of the swapped-in article still lead to the page.
    await read.click('#ep-r-script');
    await read.waitForFunction(() => document.documentElement.dataset.script === 'hans');
    expect(await read.locator('article h1').textContent()).toBe('城东图书馆新馆今日开放');
    await read.click('text=续见第2版');
    await read.waitForURL(`${base}/e/two-pages/2/p2-a1`);
    const page = await open('/e/two-pages/2/?zh=hant');
    const slot = '.ep-slot[data-n="2"] .ep-page';
    await page.waitForSelector(`${slot}[data-script="hant"]`);
    const text = await page.$eval(slot, (p) => [...p.querySelectorAll('.l')].map((l) => l.textContent ?? '').join(''));
    expect(text).toContain('圖書館');
    expect(text).not.toContain('图书馆');
    await page.evaluate(() => document.fonts.ready);
  });

  test('the archive page links the edition; an unknown path gets the 404 page', async () => {
    const page = await open('/e/two-pages/2/');
    await page.goto(base + '/');
    expect(await page.locator('a[href="./e/two-pages/"]').count()).toBeGreaterThan(0);
    await page.click('a[href="./e/two-pages/"]');
    await page.waitForURL(`${base}/e/two-pages/`);
    await waitShown(page, 1);
    const missing = await fetch(`${base}/e/nothing/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('</html>');
    expect(problems.filter((p) => !p.includes('/e/nothing/'))).toEqual([]);
  });

  test('epaper serve of the site folder serves its files at once, with the cache headers for a CDN', async () => {
    const started = performance.now();
    const serving = await serve([siteDir], { port: 0, signals: false, io: { out: () => {}, err: () => {} } });
    try {
      expect(performance.now() - started).toBeLessThan(2000);
      const html = await fetch(`${serving.url}e/two-pages/2/p2-a1`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('cache-control')).toBe('no-cache');
      expect(Buffer.from(await html.arrayBuffer()).equals(readFileSync(join(siteDir, 'e/two-pages/2/p2-a1/index.html')))).toBe(true);
      const css = readdirSync(join(siteDir, 'assets')).find((f) => f.startsWith('site-') && f.endsWith('.css'))!;
      expect((await fetch(`${serving.url}assets/${css}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await fetch(`${serving.url}e/nothing/`)).status).toBe(404);
    } finally {
      await serving.close();
    }
  });

  test('no page, stylesheet or JSON file of the site names a URL from the host\'s root', () => {
    const rooted = /(?:["'(]|&quot;)\/(?:e\/|assets\/|fonts\/|api\/|search|sw\.js|offline\.json|manifest\.webmanifest|icon\.svg|["')])/;
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    const files = walk(siteDir).filter((f) => /\.(?:html|css|json|webmanifest)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(rooted.exec(readFileSync(f, 'utf8'))?.[0], f).toBeUndefined();
  });

  test('the files are the bytes the server sends, with the URLs made relative', async () => {
    const site = await loadSite([out], { cacheRoot: join(out, '.web') });
    const app = createApp({ editions: site, compress: false });
    const s = await new Promise<Server>((r) => {
      const x = app.listen(0, '127.0.0.1', () => r(x));
    });
    try {
      const dirs: Record<string, string> = { '/': '/', '/e/two-pages/': '/e/two-pages/', '/e/two-pages/2/p2-a1': '/e/two-pages/2/', '/e/two-pages/pages/2.html': '/e/two-pages/' };
      for (const [path, dir] of Object.entries(dirs)) {
        // Share tags name the origin, which the site leaves to the host it is published on.
        const body = Buffer.from(relativeUrls((await (await fetch(address(s) + path)).text()).split(address(s)).join(''), dir));
        expect(body.equals(readFileSync(join(siteDir, fileFor(path)))), path).toBe(true);
      }
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
