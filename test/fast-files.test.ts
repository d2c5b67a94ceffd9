/**
 * The fast path in front of the Express apps: it answers only what it can answer as the app would
 * (same headers, 304 on a matching ETag), leaves the rest to the app, sees files change and links
 * appear on disk, and holds no more bytes than its limit.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadTemplate } from '../src/layout/template/index.js';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { createApp, createListener, loadSite } from '../src/server/index.js';
import { acceptedEncodings, FastFiles, RECHECK_MS } from '../src/server/fast-files.js';
import { precompressFolder } from '../src/server/files.js';
import { staticSiteApp, staticSiteExpress } from '../src/server/static-site.js';

const root = mkdtempSync(join(tmpdir(), 'epaper-fast-'));
const site = join(root, 'site');
const outside = join(root, 'secret.txt');
const page = (words: string) => `<!doctype html><title>版面</title>${`<p>${words}</p>`.repeat(300)}`;

beforeAll(async () => {
  mkdirSync(join(site, 'e', 'x', 'pages'), { recursive: true });
  mkdirSync(join(site, 'assets'));
  writeFileSync(outside, 'SECRET-OUTSIDE-THE-SITE\n');
  writeFileSync(join(site, 'index.html'), page('首页'));
  writeFileSync(join(site, '404.html'), 'not here');
  writeFileSync(join(site, 'e', 'x', 'pages', '1.html'), page('第一版'));
  writeFileSync(join(site, 'e', 'x', 'pages', '2.html'), page('第二版'));
  writeFileSync(join(site, 'assets', 'a.woff2'), Buffer.alloc(3000, 7));
  writeFileSync(join(site, 'big.pdf'), Buffer.alloc(3 * 1024 * 1024, 1));
  await precompressFolder(site);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];
const WITHOUT_DATE = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'date' && k !== 'connection' && k !== 'keep-alive'));

describe('a site folder', () => {
  test('the fast path sends the headers the Express app sends, for every encoding, HEAD and 304', async () => {
    const fast = staticSiteApp(site);
    const slow = staticSiteExpress(site);
    for (const path of ['/e/x/pages/1.html', '/', '/assets/a.woff2', '/big.pdf'])
      for (const encoding of ['br', 'gzip', 'identity', 'gzip;q=1, br;q=0.5']) {
        const [a, b] = [await request(fast).head(path).set('Accept-Encoding', encoding), await request(slow).head(path).set('Accept-Encoding', encoding)];
        expect(a.status, path).toBe(200);
        expect(WITHOUT_DATE(a.headers), `${path} ${encoding}`).toEqual(WITHOUT_DATE(b.headers));
        const again = await request(fast).get(path).set('Accept-Encoding', encoding).set('If-None-Match', a.headers.etag!);
        expect(again.status).toBe(304);
        for (const h of SECURITY) expect(again.headers[h], h).toBeTruthy();
      }
  });

  test('files go by the fast path once seen; ranges, date conditions and missing files go to the app', async () => {
    const files = new FastFiles({ common: {}, headersFor: () => ({}) });
    let fellBack: string[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) =>
      files.handle(req, res, site, () => {
        fellBack.push(req.url!);
        res.writeHead(299).end();
      }),
    );
    const ask = (path: string, headers: Record<string, string> = {}) => request(server).get(path).set(headers);
    expect((await ask('/e/x/pages/1.html', { 'Accept-Encoding': 'br' })).status).toBe(200);
    expect((await ask('/e/x/pages/1.html', { 'Accept-Encoding': 'br' })).status).toBe(200);
    expect(fellBack).toEqual([]);
    expect(files.size).toBeGreaterThan(0);
    fellBack = [];
    await ask('/big.pdf', { Range: 'bytes=0-9' });
    await ask('/big.pdf', { 'If-Modified-Since': new Date().toUTCString() });
    await ask('/no-such.html');
    await ask('/e/x/../x/pages/1.html');
    await ask('/e/x/pages/%2e%2e/1.html');
    expect(fellBack).toEqual(['/big.pdf', '/big.pdf', '/no-such.html', '/e/x/../x/pages/1.html', '/e/x/pages/%2e%2e/1.html']);
  });

  test('a big file is streamed whole, and kept bytes stay within the limit', async () => {
    const files = new FastFiles({ common: {}, headersFor: () => ({}), maxBytes: 40 * 1024 });
    const server = createServer((req, res) => files.handle(req, res, site, () => res.writeHead(299).end()));
    const big = await request(server).get('/big.pdf').buffer(true).parse((res, cb) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => cb(null, n));
    });
    expect(big.body).toBe(3 * 1024 * 1024);
    for (const path of ['/e/x/pages/1.html', '/e/x/pages/2.html', '/', '/assets/a.woff2']) for (const e of ['br', 'gzip', 'identity']) expect((await request(server).get(path).set('Accept-Encoding', e)).status).toBe(200);
    expect(files.size).toBeGreaterThan(0);
    expect(files.size).toBeLessThanOrEqual(40 * 1024);
  });

  test('a file changed on disk, or turned into a link out of the site, is seen within RECHECK_MS', async () => {
    const fast = staticSiteApp(site);
    const file = join(site, 'e', 'x', 'pages', '2.html');
    expect((await request(fast).get('/e/x/pages/2.html').set('Accept-Encoding', 'identity')).text).toContain('第二版');
    writeFileSync(file, page('改过的第二版'));
    await new Promise((r) => setTimeout(r, RECHECK_MS + 100));
    expect((await request(fast).get('/e/x/pages/2.html').set('Accept-Encoding', 'identity')).text).toContain('改过的第二版');
    unlinkSync(file);
    symlinkSync(outside, file);
    await new Promise((r) => setTimeout(r, RECHECK_MS + 100));
    const leak = await request(fast).get('/e/x/pages/2.html').set('Accept-Encoding', 'identity');
    expect(leak.status).toBe(404);
    expect(leak.text).not.toContain('SECRET');
  });
});

describe('Accept-Encoding', () => {
  test('the best of br, gzip and identity by q-value, br first on a tie, none when all are refused', () => {
    expect(acceptedEncodings('gzip, deflate, br').best).toBe('br');
    expect(acceptedEncodings('gzip;q=1, br;q=0.5').best).toBe('gzip');
    expect(acceptedEncodings('br;q=0, gzip').best).toBe('gzip');
    expect(acceptedEncodings('br').gzip).toBe(false);
    expect(acceptedEncodings('*').best).toBe('br');
    expect(acceptedEncodings(undefined).best).toBe('identity');
    expect(acceptedEncodings('identity;q=0').best).toBeNull();
  });
});

describe('a build folder', () => {
  test('fragments, fonts and PDFs by the fast path have the headers of the app, and 304 on their ETag', async () => {
    const out = join(root, 'out');
    const [source] = findEditions(['test/fixtures/editions/two-pages']);
    await writeEdition(out, await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false }));
    const editions = await loadSite([out]);
    const fast = createListener({ editions });
    const slow = createApp({ editions });
    const font = (await request(slow).get('/api/editions')).ok ? /\/fonts\/[^"')]+\.woff2/.exec((await request(slow).get('/e/two-pages/')).text)?.[0] : undefined;
    const paths = ['/e/two-pages/pages/1.html', '/e/two-pages/pdf/01.pdf', ...(font ? [font] : [])];
    expect(paths.length).toBe(3);
    for (const path of paths)
      for (const encoding of ['br', 'gzip', 'identity']) {
        await request(fast).get(path).set('Accept-Encoding', encoding);
        const [a, b] = [await request(fast).get(path).set('Accept-Encoding', encoding), await request(slow).get(path).set('Accept-Encoding', encoding)];
        expect(a.status, path).toBe(200);
        expect(WITHOUT_DATE(a.headers), `${path} ${encoding}`).toEqual(WITHOUT_DATE(b.headers));
        const again = await request(fast).get(path).set('Accept-Encoding', encoding).set('If-None-Match', a.headers.etag!);
        expect(again.status, path).toBe(304);
        expect(again.headers['content-encoding']).toBeUndefined();
        for (const h of SECURITY) expect(again.headers[h], h).toBeTruthy();
      }
  }, 120_000);
});
