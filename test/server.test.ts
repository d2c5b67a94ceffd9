/**
 * The web server through HTTP (supertest): routes, 404 pages, traversal attempts, security and cache
 * headers, the JSON API against the model schema, and escaping of text from the documents.
 */
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Express } from 'express';
import { buildEdition, findEditions, writeEdition } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { Edition } from '../src/model/schema.js';
import { createApp, loadSite, serve } from '../src/server/index.js';
import { main } from '../src/cli/index.js';

let app: Express;
let viewerHtml: string;
let builtDir: string;

const XSS_DOC = [
  '# 测试\\<script\\>日报',
  '',
  '2024年3月15日 星期五',
  '',
  '## 标题\\<script\\>alert(1)\\</script\\>',
  '',
  '本报讯 正文里有 \\<script\\>alert("x")\\</script\\> 字样。',
  '',
  '第二段 a < b && c > d。',
  '',
].join('\n');

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'epaper-server-'));
  const docs = join(root, 'docs', 'xss-edition');
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(docs, 'p1.md'), XSS_DOC);
  const out = join(root, 'out');
  builtDir = out;
  const template = loadTemplate('broadsheet');
  for (const source of findEditions(['test/fixtures/editions/two-pages', docs])) {
    await writeEdition(out, await buildEdition(source, template));
  }
  // Only the second edition has an edition PDF (DIR/<id>/<id>.pdf).
  rmSync(join(out, 'two-pages', 'two-pages.pdf'), { force: true });
  if (!existsSync(join(out, 'xss-edition', 'xss-edition.pdf'))) {
    copyFileSync(join(out, 'xss-edition', 'pdf', '01.pdf'), join(out, 'xss-edition', 'xss-edition.pdf'));
  }
  const site = await loadSite([out], { cacheRoot: join(root, 'cache') });
  app = createApp({ editions: site, log: () => undefined });
  viewerHtml = (await request(app).get('/e/two-pages/')).text;
}, 120_000);

describe('pages', () => {
  test('the archive lists editions newest first with lazy WebP thumbnails', async () => {
    const r = await request(app).get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.text).toContain('<html lang="zh-CN">');
    const two = r.text.indexOf('href="/e/two-pages/"');
    const xss = r.text.indexOf('href="/e/xss-edition/"');
    expect(two).toBeGreaterThan(0);
    expect(xss).toBeGreaterThan(two);
    expect(r.text).toMatch(/<img src="\/e\/two-pages\/thumbs\/1\.webp" width="120" height="\d+" loading="lazy"/);
    expect(r.text).toContain('江城日报');
    expect(r.text).toContain('2024年3月15日 星期五');
    expect(r.text).toContain('第10234期');
  });

  test('the viewer shell: lang, first page inline, external module script, data for the client', async () => {
    const r = await request(app).get('/e/two-pages/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<html lang="zh-CN">');
    expect(r.text).toMatch(/<article class="ep-page" data-page="1"/);
    expect(r.text).toMatch(/<script type="module" src="\/assets\/viewer-[0-9a-f]{16}\.js"><\/script>/);
    expect(r.text).toContain('aria-label="版面导航"');
    expect(r.text).toContain('aria-live="polite"');
    expect(r.text).toContain('href="/e/two-pages/pdf/01.pdf" download');
    expect(r.text).not.toContain('整期PDF');
    // Every script element is external or a JSON data block: nothing inline runs.
    for (const tag of r.text.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc="|type="application\/json"/);
    const data = JSON.parse(/<script type="application\/json" id="ep-data">([\s\S]*?)<\/script>/.exec(r.text)![1]!);
    expect(data).toMatchObject({ id: 'two-pages', page: 1, article: null });
    expect(data.pages.map((p: { n: number; section: string | null }) => [p.n, p.section])).toEqual([
      [1, null],
      [2, '要闻'],
    ]);
  });

  test('a deep link names page and article and is served on reload', async () => {
    const r = await request(app).get('/e/two-pages/2/p2-a1');
    expect(r.status).toBe(200);
    // An article's link leaves its page to the viewer (a site holds each page once, not once per article).
    expect(r.text).not.toMatch(/<article class="ep-page"/);
    expect(r.text).toContain('<a href="/e/two-pages/2/p2-a1/read">');
    expect(r.text).toContain('"page":2,"article":"p2-a1"');
    expect((await request(app).get('/e/two-pages/2/')).text).toMatch(/<article class="ep-page" data-page="2"/);
    expect((await request(app).get('/e/two-pages/2/')).status).toBe(200);
    expect((await request(app).get('/e/two-pages/2')).status).toBe(200);
  });

  test('an edition without the trailing slash redirects', async () => {
    const r = await request(app).get('/e/two-pages');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/e/two-pages/');
  });

  test('the edition PDF link shows only when the file exists', async () => {
    const r = await request(app).get('/e/xss-edition/');
    expect(r.text).toContain('href="/e/xss-edition/pdf/edition.pdf" download');
    const pdf = await request(app).get('/e/xss-edition/pdf/edition.pdf');
    expect(pdf.status).toBe(200);
    expect((await request(app).get('/e/two-pages/pdf/edition.pdf')).status).toBe(404);
  });
});

describe('page fragments, thumbnails, PDFs', () => {
  test('fragments carry jump links to the continuation and back', async () => {
    const p1 = await request(app).get('/e/two-pages/pages/1.html');
    expect(p1.status).toBe(200);
    expect(p1.headers['content-type']).toMatch(/^text\/html/);
    expect(p1.text).toMatch(/<a [^>]*data-jump[^>]*href="\/e\/two-pages\/2\/p2-a1"/);
    const p2 = await request(app).get('/e/two-pages/pages/2.html');
    expect(p2.text).toMatch(/<a [^>]*data-jump[^>]*href="\/e\/two-pages\/1\/p1-a1"/);
    expect(p2.text).toMatch(/<a class="ep-article" href="\/e\/two-pages\/2\/p2-a1\/read" data-article="p2-a1"/);
  });

  test('large responses are compressed', async () => {
    const r = await request(app).get('/e/two-pages/pages/1.html').set('Accept-Encoding', 'gzip');
    expect(r.headers['content-encoding']).toBe('gzip');
  });

  test('thumbnails are WebP', async () => {
    const r = await request(app).get('/e/two-pages/thumbs/2.webp').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/webp');
    const body = r.body as Buffer;
    expect(body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(body.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  test('page PDFs by number', async () => {
    for (const path of ['/e/two-pages/pdf/01.pdf', '/e/two-pages/pdf/2.pdf']) {
      const r = await request(app).get(path).buffer(true);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(Buffer.from(r.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });

  test('a missing photo is drawn as a placeholder', async () => {
    const r = await request(app).get('/e/two-pages/images/flowers.jpg');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});

describe('not found', () => {
  test.each([
    ['/e/nope/', '没有编号为“nope”的报纸'],
    ['/e/two-pages/9/', '本期共2个版面'],
    ['/e/two-pages/pages/9.html', '本期共2个版面'],
    ['/e/two-pages/pages/x.html', '本期共2个版面'],
    ['/e/two-pages/thumbs/3.webp', '本期共2个版面'],
    ['/e/two-pages/pdf/03.pdf', '本期共2个版面'],
    ['/e/two-pages/2/p9-a9', '第02版上没有编号为“p9-a9”的文章'],
    ['/nothing/here', '这里没有'],
  ])('%s is a helpful 404 page', async (path, message) => {
    const r = await request(app).get(path);
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.text).toContain(message);
    expect(r.text).toContain('href="/"');
  });

  test('the 404 for an unknown page links the pages that exist', async () => {
    const r = await request(app).get('/e/two-pages/9/');
    expect(r.text).toContain('href="/e/two-pages/"');
    expect(r.text).toContain('href="/e/two-pages/2/"');
  });
});

describe('path traversal', () => {
  const attempts = [
    '/e/two-pages/pdf/../../../../etc/passwd',
    '/e/two-pages/pdf/../edition.json',
    '/e/two-pages/pdf/%2e%2e%2f%2e%2e%2fedition.json',
    '/e/two-pages/pdf/..%2f..%2f..%2fetc%2fpasswd',
    '/e/two-pages/pdf/%2e%2e/edition.json',
    '/e/two-pages/pdf/%252e%252e%252fedition.json',
    '/e/two-pages/pdf/%25252e%25252e%25252fedition.json',
    '/e/two-pages/pdf/..\\..\\edition.json',
    '/e/two-pages/pdf/..%5c..%5cedition.json',
    '/e/two-pages/pdf/%5c..%5cedition.json',
    '/e/two-pages/pdf/01.pdf%00.json',
    '/e/two-pages/images/..%2f..%2fedition.json',
    '/e/two-pages/images/%2e%2e/%2e%2e/package.json',
    '/e/..%2f..%2fpackage.json/',
    '/e/%2e%2e/pages/1.html',
    '/fonts/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%255c..%255cpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/e/two-pages/pdf/%',
  ];
  test.each(attempts)('%s → 400 or 404, nothing read', async (path) => {
    const r = await request(app).get(path);
    expect([400, 404]).toContain(r.status);
    expect(r.text ?? '').not.toMatch(/root:|"name": "epaper"|"layout"|%PDF/);
  });
});

describe('headers', () => {
  test('strict CSP, nosniff, no framing', async () => {
    const r = await request(app).get('/e/two-pages/');
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect((await request(app).get('/')).headers['content-security-policy']).toBe(csp);
  });

  test('content-hashed assets and fonts are immutable; pages revalidate', async () => {
    const assets = [...viewerHtml.matchAll(/"(\/assets\/[\w-]+\.(?:js|css|svg))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    let fontCss = '';
    for (const path of assets) {
      const r = await request(app).get(path);
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      if (/\/fonts-/.test(path)) fontCss = r.text;
    }
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    const js = await request(app).get(assets.find((a) => a.endsWith('.js'))!);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    const fonts = [...fontCss.matchAll(/url\("(\/fonts\/[\w.-]+\.woff2)"\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(0);
    const font = await request(app).get(fonts[0]!);
    expect(font.status).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(app).get('/e/two-pages/')).headers['cache-control']).toBe('no-cache');
    expect((await request(app).get('/assets/viewer-0000000000000000.js')).status).toBe(404);
    expect((await request(app).get('/fonts/ep-serif.00000000.woff2')).status).toBe(404);
  });
});

describe('API', () => {
  test('/api/editions lists editions with their pages', async () => {
    const r = await request(app).get('/api/editions');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body.map((e: { id: string }) => e.id)).toEqual(['two-pages', 'xss-edition']);
    expect(r.body[0]).toMatchObject({ paper: '江城日报', date: '2024-03-15', lang: 'zh-CN', issue: 10234, url: '/e/two-pages/', pdf: null });
    expect(r.body[1].pdf).toBe('/e/xss-edition/pdf/edition.pdf');
    expect(r.body[0].pages[1]).toMatchObject({ n: 2, label: '02', section: '要闻', pdf: '/e/two-pages/pdf/02.pdf' });
  });

  test('/api/editions/:id is the page model and validates against the schema', async () => {
    const r = await request(app).get('/api/editions/two-pages');
    expect(r.status).toBe(200);
    const model = Edition.parse(r.body);
    expect(model.id).toBe('two-pages');
    expect(model.pages).toHaveLength(2);
    expect(model.links.filter((l) => l.resolved)).toHaveLength(3);
    expect(r.body.layout).toBeUndefined();
  });

  test('an unknown edition is a JSON 404', async () => {
    const r = await request(app).get('/api/editions/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'no edition "nope"', editions: ['two-pages', 'xss-edition'] });
  });
});

describe('escaping', () => {
  test('a document containing <script> is shown escaped', async () => {
    const archive = await request(app).get('/');
    expect(archive.text).not.toMatch(/<script/i);
    const viewer = await request(app).get('/e/xss-edition/');
    expect(viewer.status).toBe(200);
    expect(viewer.text).not.toMatch(/<script>alert|<\/script>日报|<script>日报/);
    const page = await request(app).get('/e/xss-edition/pages/1.html');
    expect(page.text).toMatch(/&lt;script&gt;|&#60;script&#62;/);
    expect(page.text).not.toMatch(/<script/i);
    const notFound = await request(app).get('/e/xss-edition/1/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.text).toContain('标题&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notFound.text).not.toMatch(/<script/i);
    const json = await request(app).get('/api/editions/xss-edition');
    expect(JSON.stringify(json.body)).toContain('<script>alert(\\"x\\")</script>');
  });

  test('an id in the URL is escaped on the 404 page', async () => {
    const r = await request(app).get('/e/%3Cimg%20src%3Dx%3E/');
    expect(r.status).toBe(404);
    expect(r.text).toContain('&lt;img src=x&gt;');
    expect(r.text).not.toContain('<img src=x>');
  });
});

describe('caching and revalidation', () => {
  test('a matching If-None-Match gets 304', async () => {
    const first = await request(app).get('/e/two-pages/pages/2.html');
    expect(first.headers.etag).toMatch(/^"/);
    const again = await request(app).get('/e/two-pages/pages/2.html').set('If-None-Match', first.headers.etag as string);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
  });

  test('Brotli when the client prefers it; HEAD sends no body', async () => {
    const br = await request(app).get('/e/two-pages/').set('Accept-Encoding', 'br, gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    const head = await request(app).head('/e/two-pages/');
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
  });
});

describe('serve', () => {
  const io = () => {
    const lines: string[] = [];
    return { lines, io: { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) } };
  };

  test('builds sources once: a second start with unchanged documents comes from the cache', async () => {
    const root = mkdtempSync(join(tmpdir(), 'epaper-serve-'));
    const docs = join(root, 'two-pages');
    cpSync('test/fixtures/editions/two-pages', docs, { recursive: true });
    mkdirSync(join(docs, 'images'));
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg().toFile(join(docs, 'images', 'flowers.jpg'));
    const cache = join(root, 'cache');
    const run = async () => {
      const { lines, io: out } = io();
      const s = await serve([docs], { port: 0, out: cache, io: out, signals: false });
      const res = await fetch(`${s.url}e/two-pages/2/p2-a1`);
      expect(res.status).toBe(200);
      const photo = await fetch(`${s.url}e/two-pages/images/flowers.jpg`);
      expect(photo.headers.get('content-type')).toBe('image/webp');
      expect((await sharp(Buffer.from(await photo.arrayBuffer())).metadata()).width).toBe(64);
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await s.close();
      await s.closed;
      return lines.join('\n');
    };
    const first = await run();
    expect(first).toMatch(/two-pages: 江城日报 2024-03-15 .*\n {2}→ built/);
    expect(first).toMatch(/Serving 1 edition\(s\) at http:\/\/127\.0\.0\.1:\d+\//);
    expect(await run()).toMatch(/→ unchanged, from the cache/);
    appendFileSync(join(docs, 'p2.md'), '\n又一段新的文字。\n');
    expect(await run()).toMatch(/→ built/);
  });

  test('a build folder is served as it is, without building', async () => {
    const { lines, io: out } = io();
    const s = await serve([builtDir], { port: 0, out: mkdtempSync(join(tmpdir(), 'epaper-serve-')), io: out, signals: false });
    try {
      expect(lines.join('\n')).toMatch(/→ serving .*two-pages\/ as built/);
      expect(s.site.editions.map((e) => e.id)).toEqual(['two-pages', 'xss-edition']);
      expect((await fetch(`${s.url}api/editions`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  test('epaper serve: bad port and missing paths are usage errors', async () => {
    const { lines, io: out } = io();
    expect(await main(['serve', 'test/fixtures/editions/two-pages', '--port', 'eighty'], out)).toBe(2);
    expect(lines.join('\n')).toContain('--port wants a number from 0 to 65535');
    expect(await main(['serve', 'no/such/folder', '--port', '0'], out)).toBe(2);
    expect(lines.join('\n')).toContain('no/such/folder: no such file or folder');
    expect(await main(['serve'], out)).toBe(2);
  });
});
