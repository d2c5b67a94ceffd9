/**
 * The server under hostile requests and odd build folders: links never lead out of the output, the
 * in-memory caches stay within their byte limits whatever is asked, ranges and revalidation get the
 * statuses HTTP wants, every response carries the security headers, and client aborts are not errors.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createServer, get, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Express } from 'express';
import { loadTemplate } from '../src/layout/template/index.js';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { createApp, createListener, loadSite } from '../src/server/index.js';
import { PageFiles } from '../src/server/page-files.js';
import { isLoopbackHost } from '../src/server/preview/routes.js';
import { precompressFolder } from '../src/server/files.js';
import { staticSiteApp } from '../src/server/static-site.js';

const root = mkdtempSync(join(tmpdir(), 'epaper-hardening-'));
const out = join(root, 'out');
const outside = join(root, 'secret.txt');
let app: Express;
/** The same app with the fast path in front, as `epaper serve` listens with it. */
let listener: RequestListener;
let logs: string[] = [];
let pdfBytes: Buffer;

beforeAll(async () => {
  writeFileSync(outside, 'SECRET-OUTSIDE-THE-OUTPUT\n');
  const [source] = findEditions(['test/fixtures/editions/two-pages']);
  await writeEdition(out, await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false }));
  const dir = join(out, 'two-pages');
  pdfBytes = readFileSync(join(dir, 'pdf', '01.pdf'));
  // Page 2's PDF is a link out of the output; the images folder holds a real photo and a link out.
  unlinkSync(join(dir, 'pdf', '02.pdf'));
  symlinkSync(outside, join(dir, 'pdf', '02.pdf'));
  mkdirSync(join(dir, 'images'));
  await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } }).jpeg().toFile(join(dir, 'images', 'real.jpg'));
  symlinkSync(outside, join(dir, 'images', 'leak.jpg'));
  // An edition folder that is a link to a folder outside the output is not loaded.
  const away = join(root, 'away');
  cpSync(realpathSync(dir), join(away, 'linked'), { recursive: true, dereference: false });
  symlinkSync(join(away, 'linked'), join(out, 'linked'));
  const site = await loadSite([out]);
  app = createApp({ editions: site, log: (m) => logs.push(m) });
  listener = createListener({ editions: site, log: (m) => logs.push(m) });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

describe('the edition in the build output', () => {
  test('is a link to its version folder inside the output, served through it', async () => {
    expect(lstatSync(join(out, 'two-pages')).isSymbolicLink()).toBe(true);
    expect(realpathSync(join(out, 'two-pages')).startsWith(realpathSync(out))).toBe(true);
    const r = await request(app).get('/e/two-pages/pdf/01.pdf');
    expect(r.status).toBe(200);
    expect(Buffer.compare(r.body as Buffer, pdfBytes)).toBe(0);
  });
});

describe('precompressed site files', () => {
  const site = join(root, 'site');
  const page = `<!doctype html><title>版面</title>${'<p>第一版的文字，一段又一段。</p>'.repeat(200)}`;
  const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `词${i}`))};\n`;
  let siteApp: RequestListener;
  beforeAll(() => {
    mkdirSync(join(site, 'e', 'x', '1'), { recursive: true });
    mkdirSync(join(site, 'assets'));
    writeFileSync(join(site, 'index.html'), page);
    writeFileSync(join(site, 'e', 'x', '1', 'index.html'), page);
    writeFileSync(join(site, 'assets', 'app-1234.js'), script);
    writeFileSync(join(site, 'small.json'), '{"a":1}');
    writeFileSync(join(site, '404.html'), 'not here');
    writeFileSync(join(site, 'doc.pdf'), pdfBytes);
    // A compressed form that is a link out of the site is never sent.
    writeFileSync(join(site, 'leak.css'), 'body{color:red}'.repeat(200));
    siteApp = staticSiteApp(site);
  });

  test('text files get .br and .gz beside them once, when at least 1 KiB and smaller for it; PDFs and small files do not', async () => {
    const done = await precompressFolder(site);
    expect(done.files).toBe(4);
    for (const f of ['index.html', 'e/x/1/index.html', 'assets/app-1234.js', 'leak.css']) {
      expect(brotliDecompressSync(readFileSync(join(site, `${f}.br`))).toString()).toBe(readFileSync(join(site, f), 'utf8'));
      expect(gunzipSync(readFileSync(join(site, `${f}.gz`))).toString()).toBe(readFileSync(join(site, f), 'utf8'));
    }
    for (const f of ['small.json', 'doc.pdf', '404.html']) expect(existsSync(join(site, `${f}.br`)), f).toBe(false);
    expect(done.br).toBeLessThan(done.identity / 4);
    rmSync(join(site, 'leak.css.br'));
    symlinkSync(outside, join(site, 'leak.css.br'));
  });

  test('sent as stored with Content-Encoding, the type of the file and Vary: Accept-Encoding', async () => {
    // supertest decodes the body; the stored form is known by its length.
    const stored = (f: string) => String(readFileSync(join(site, f)).length);
    const br = await request(siteApp).get('/assets/app-1234.js').set('Accept-Encoding', 'br, gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-length']).toBe(stored('assets/app-1234.js.br'));
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.text).toBe(script);
    const gz = await request(siteApp).get('/e/x/1').set('Accept-Encoding', 'gzip');
    expect([gz.headers['content-encoding'], gz.headers['content-length'], gz.headers['content-type']]).toEqual(['gzip', stored('e/x/1/index.html.gz'), 'text/html; charset=utf-8']);
    expect(gz.text).toBe(page);
    const root = await request(siteApp).get('/').set('Accept-Encoding', 'br');
    expect([root.headers['content-encoding'], root.headers['content-length'], root.text]).toEqual(['br', stored('index.html.br'), page]);
    const plain = await request(siteApp).get('/assets/app-1234.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(script);
    const head = await request(siteApp).head('/index.html').set('Accept-Encoding', 'br');
    expect([head.status, head.headers['content-encoding'], head.headers['content-length']]).toEqual([200, 'br', stored('index.html.br')]);
    const etag = br.headers['etag'];
    expect((await request(siteApp).get('/assets/app-1234.js').set('Accept-Encoding', 'br').set('If-None-Match', etag)).status).toBe(304);
  });

  test('a compressed form that links out of the site is not sent; the file itself is', async () => {
    const r = await request(siteApp).get('/leak.css').set('Accept-Encoding', 'br');
    expect(r.status).toBe(200);
    expect(r.text).toBe(readFileSync(join(site, 'leak.css'), 'utf8'));
    expect(r.headers['content-length']).not.toBe(String(readFileSync(outside).length));
  });

  test('PDFs are streamed with byte ranges', async () => {
    const r = await request(siteApp).get('/doc.pdf').set('Range', 'bytes=0-99');
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 0-99/${pdfBytes.length}`);
  });
});

const served: [string, () => RequestListener | Express][] = [
  ['the app', () => app],
  ['the app behind the fast path', () => listener],
];

describe.each(served)('a page PDF that links out of the output, from %s', (_name, server) => {
  test('is not served, twice over (the second time is the fast path)', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await request(server()).get('/e/two-pages/pdf/02.pdf');
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('SECRET');
      expect((await request(server()).get('/e/two-pages/pdf/01.pdf')).status).toBe(200);
    }
  });
});

describe('links in the build output', () => {
  test('a photo that links out of the images folder is a placeholder; a real photo is served', async () => {
    const leak = await request(app).get('/e/two-pages/images/leak.jpg');
    expect(leak.headers['x-epaper-placeholder']).toBe('image not available');
    expect(String(leak.body)).not.toContain('SECRET');
    const real = await request(app).get('/e/two-pages/images/real.jpg');
    expect(real.headers['content-type']).toBe('image/webp');
  });
  test('an edition folder linked from outside the output is not loaded', async () => {
    expect((await request(app).get('/api/editions')).body.map((e: { id: string }) => e.id)).toEqual(['two-pages']);
  });
});

describe('bounded caches', () => {
  test('photos that do not exist are never kept, and kept photos stay within the byte limit', async () => {
    const site = await loadSite([out]);
    const e = site.editions[0]!;
    const files = new PageFiles({ images: 2048, thumbs: 4096, html: 64 * 1024 });
    for (let i = 0; i < 2000; i++) expect(await files.pageImage(e, `${'x'.repeat(200)}${i}.jpg`)).toBeNull();
    expect(files.sizes().images).toBe(0);
    for (let i = 0; i < 5; i++) expect(await files.pageImage(e, 'real.jpg')).not.toBeNull();
    expect(files.sizes().images).toBeGreaterThan(0);
    expect(files.sizes().images).toBeLessThanOrEqual(2048);
    await files.pageThumb(e, 1);
    await files.pageThumb(e, 2);
    expect(files.sizes().thumbs).toBeLessThanOrEqual(4096);
    for (let i = 0; i < 20; i++) files.pageHtml({ ...e, rev: String(i) }, 1);
    expect(files.sizes().html).toBeLessThanOrEqual(64 * 1024);
  });
});

describe.each(served)('ranges, revalidation and headers, from %s', (_name, server) => {
  const app = server as unknown as () => Express;
  test('an unsatisfiable range is 416 with Content-Range, not a 500 with a stack trace', async () => {
    logs = [];
    const r = await request(app()).get('/e/two-pages/pdf/01.pdf').set('Range', 'bytes=5-1');
    const len = pdfBytes.length;
    const far = await request(app()).get('/e/two-pages/pdf/01.pdf').set('Range', `bytes=${len + 10}-${len + 20}`);
    expect(far.status).toBe(416);
    expect(far.headers['content-range']).toBe(`bytes */${len}`);
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe(`bytes */${len}`);
    expect(logs).toEqual([]);
    for (const h of SECURITY) expect(far.headers[h], h).toBeTruthy();
  });
  test('a satisfiable range is 206 with the bytes asked for', async () => {
    const r = await request(app()).get('/e/two-pages/pdf/01.pdf').set('Range', 'bytes=0-4').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe(`bytes 0-4/${pdfBytes.length}`);
    expect((r.body as Buffer).toString()).toBe('%PDF-');
    expect(r.headers['accept-ranges']).toBe('bytes');
  });
  test('a PDF revalidated with its ETag or date is 304', async () => {
    const first = await request(app()).get('/e/two-pages/pdf/01.pdf');
    expect(first.headers.etag).toBeTruthy();
    const again = await request(app()).get('/e/two-pages/pdf/01.pdf').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    const since = await request(app()).get('/e/two-pages/pdf/01.pdf').set('If-Modified-Since', first.headers['last-modified']!);
    expect(since.status).toBe(304);
  });
  test('security headers on every response: 200, 304, 400, 404, 416', async () => {
    const etag = (await request(app()).get('/')).headers.etag!;
    const replies = [
      await request(app()).get('/'),
      await request(app()).get('/').set('If-None-Match', etag),
      await request(app()).get('/e/%2e%2e/x'),
      await request(app()).get('/no/such/page'),
      await request(app()).get('/e/two-pages/pdf/01.pdf').set('Range', `bytes=${10 ** 9}-`),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 304, 400, 404, 416]);
    for (const r of replies) for (const h of SECURITY) expect(r.headers[h], `${r.status} ${h}`).toBeTruthy();
  });
});

describe.each(served)('client aborts, from %s', (_name, server) => {
  test('a PDF download cut off by the client is not logged as an error', async () => {
    logs = [];
    const listening: Server = createServer(server()).listen(0, '127.0.0.1');
    await new Promise((r) => listening.once('listening', r));
    const port = (listening.address() as AddressInfo).port;
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const req = get({ host: '127.0.0.1', port, path: '/e/two-pages/pdf/01.pdf', headers: i % 2 ? { Range: 'bytes=0-' } : {} }, (res) => {
          res.once('data', () => {
            req.destroy();
            setTimeout(resolve, 50);
          });
        });
        req.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => listening.close(r));
    expect(logs).toEqual([]);
  });
});

describe('preview host names', () => {
  test('only localhost, 127.0.0.1 and [::1] at the preview port, in any case', () => {
    const port = 4321;
    for (const ok of ['localhost:4321', 'LOCALHOST:4321', '127.0.0.1:4321', '[::1]:4321', 'LocalHost:4321']) expect(isLoopbackHost(ok, port), ok).toBe(true);
    for (const bad of ['127.evil.com:4321', '127.0.0.1.nip.io:4321', '127.0.0.2:4321', 'localhost:4322', 'localhost', 'attacker.example:4321', '[::1]:80', 'localhost.:4321', '']) {
      expect(isLoopbackHost(bad, port), bad).toBe(false);
    }
    expect(isLoopbackHost('localhost', 80)).toBe(true);
  });
});
