/**
 * The server under hostile requests and odd build folders: links never lead out of the output, the
 * in-memory caches stay within their byte limits whatever is asked, ranges and revalidation get the
 * statuses HTTP wants, every response carries the security headers, and client aborts are not errors.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Express } from 'express';
import { loadTemplate } from '../src/layout/template.js';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { createApp, loadSite } from '../src/server/index.js';
import { PageFiles } from '../src/server/page-files.js';
import { isLoopbackHost } from '../src/server/preview/routes.js';

const root = mkdtempSync(join(tmpdir(), 'epaper-hardening-'));
const out = join(root, 'out');
const outside = join(root, 'secret.txt');
let app: Express;
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
  cpSync(dir, join(away, 'linked'), { recursive: true, dereference: false });
  symlinkSync(join(away, 'linked'), join(out, 'linked'));
  const site = await loadSite([out]);
  app = createApp({ editions: site, log: (m) => logs.push(m) });
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];

describe('links in the build output', () => {
  test('a page PDF that links out of the output is not served', async () => {
    const r = await request(app).get('/e/two-pages/pdf/02.pdf');
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('SECRET');
    expect((await request(app).get('/e/two-pages/pdf/01.pdf')).status).toBe(200);
  });
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

describe('ranges, revalidation and headers', () => {
  test('an unsatisfiable range is 416 with Content-Range, not a 500 with a stack trace', async () => {
    logs = [];
    const r = await request(app).get('/e/two-pages/pdf/01.pdf').set('Range', 'bytes=5-1');
    const len = pdfBytes.length;
    const far = await request(app).get('/e/two-pages/pdf/01.pdf').set('Range', `bytes=${len + 10}-${len + 20}`);
    expect(far.status).toBe(416);
    expect(far.headers['content-range']).toBe(`bytes */${len}`);
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe(`bytes */${len}`);
    expect(logs).toEqual([]);
    for (const h of SECURITY) expect(far.headers[h], h).toBeTruthy();
  });
  test('a satisfiable range is 206 with the bytes asked for', async () => {
    const r = await request(app).get('/e/two-pages/pdf/01.pdf').set('Range', 'bytes=0-4').buffer(true).parse((res, cb) => {
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
    const first = await request(app).get('/e/two-pages/pdf/01.pdf');
    expect(first.headers.etag).toBeTruthy();
    const again = await request(app).get('/e/two-pages/pdf/01.pdf').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    const since = await request(app).get('/e/two-pages/pdf/01.pdf').set('If-Modified-Since', first.headers['last-modified']!);
    expect(since.status).toBe(304);
  });
  test('security headers on every response: 200, 304, 400, 404, 416', async () => {
    const etag = (await request(app).get('/')).headers.etag!;
    const replies = [
      await request(app).get('/'),
      await request(app).get('/').set('If-None-Match', etag),
      await request(app).get('/e/%2e%2e/x'),
      await request(app).get('/no/such/page'),
      await request(app).get('/e/two-pages/pdf/01.pdf').set('Range', `bytes=${10 ** 9}-`),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 304, 400, 404, 416]);
    for (const r of replies) for (const h of SECURITY) expect(r.headers[h], `${r.status} ${h}`).toBeTruthy();
  });
});

describe('client aborts', () => {
  test('a PDF download cut off by the client is not logged as an error', async () => {
    logs = [];
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const req = get({ host: '127.0.0.1', port, path: '/e/two-pages/pdf/01.pdf', headers: { Range: 'bytes=0-' } }, (res) => {
          res.once('data', () => {
            req.destroy();
            setTimeout(resolve, 50);
          });
        });
        req.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => server.close(r));
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
