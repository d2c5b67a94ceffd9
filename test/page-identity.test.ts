/**
 * Page identity end to end: a scraped edition with sections A and B (A01, A02, B01 — two pages
 * numbered 1) builds into one edition whose pages, files, manifest, outline, links, report and URLs
 * each name a page by its code, and a repeated code is made unique with a warning.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildEdition, findEditions, reportLines, writeEdition, type BuiltEdition } from '../src/pipeline/index.js';
import { layoutEdition, pageSlug } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { editionOutline } from '../src/render/pdf/index.js';
import { createApp, loadSite } from '../src/server/index.js';
import { main } from '../src/cli/index.js';
import type { FrameLine } from '../src/layout/types.js';
import { HEADLINES, writeSectionedEdition } from './sectioned-edition.js';

const ID = 'jiangcheng-2024-03-05';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root = '';
let built: BuiltEdition;
let dir = '';
let app: Express;

function jumpLines(code: string): FrameLine[] {
  const page = built.edition.layout.pages.find((p) => p.code === code)!;
  return page.boxes.flatMap((b) => b.lines).filter((l) => l.role === 'jump' && l.link);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'epaper-ident-'));
  const docs = writeSectionedEdition(join(root, 'docs', ID));
  const [source] = findEditions([docs]);
  built = await buildEdition(source!, loadTemplate('broadsheet'), { alto: true });
  dir = await writeEdition(join(root, 'out'), built);
  const site = await loadSite([join(root, 'out')], { cacheRoot: join(root, 'cache') });
  app = createApp({ editions: site, log: () => undefined });
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a sectioned edition', () => {
  test('is one edition with pages in order A01, A02, B01, each with a unique code', () => {
    const pages = built.edition.layout.pages;
    expect(pages.map((p) => p.code)).toEqual(['A01', 'A02', 'B01']);
    expect(pages.map((p) => p.number)).toEqual([1, 2, 1]);
    expect(built.edition.pages.map((p) => p.articles.map((a) => a.headline))).toEqual([[...HEADLINES.A01], [...HEADLINES.A02], [...HEADLINES.B01]]);
  });

  test('writes one PDF and one ALTO file per page, named by code, all different', () => {
    expect(readdirSync(join(dir, 'pdf')).sort()).toEqual(['A01.pdf', 'A02.pdf', 'B01.pdf']);
    expect(readdirSync(join(dir, 'alto')).sort()).toEqual(['A01.xml', 'A02.xml', 'B01.xml']);
    const hashes = ['A01', 'A02', 'B01'].map((c) => sha256(readFileSync(join(dir, 'pdf', `${c}.pdf`))));
    expect(new Set(hashes).size).toBe(3);
    expect(readFileSync(join(dir, 'alto', 'B01.xml'), 'utf8')).toMatch(/PRINTED_IMG_NR="B01"[^>]*/);
    expect(readFileSync(join(dir, 'alto', 'B01.xml'), 'utf8')).toContain('../pdf/B01.pdf');
  });

  test('lists each file once in the manifest, with the page code and the checksum of the file written', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      pages: { code: string; number: number; pdf: { file: string; sha256: string }; alto: { file: string; sha256: string }; destination: string }[];
    };
    expect(manifest.pages.map((p) => [p.code, p.number])).toEqual([
      ['A01', 1],
      ['A02', 2],
      ['B01', 1],
    ]);
    const files = manifest.pages.flatMap((p) => [p.pdf.file, p.alto.file]);
    expect(new Set(files).size).toBe(files.length);
    for (const p of manifest.pages) {
      expect(p.pdf.sha256).toBe(sha256(readFileSync(join(dir, p.pdf.file))));
      expect(p.alto.sha256).toBe(sha256(readFileSync(join(dir, p.alto.file))));
    }
    expect(manifest.pages.map((p) => p.destination)).toEqual(['page-A01', 'page-A02', 'page-B01']);
  });

  test('names the pages by code in the edition PDF outline and the report', () => {
    const outline = editionOutline(built.edition.layout.pages, built.edition);
    expect(outline.map((o) => o.title)).toEqual(['A01 要闻', 'A02 城事', 'B01 副刊']);
    const lines = reportLines(built);
    expect(lines.map((l) => /page (\S+):/.exec(l)?.[1])).toEqual(['A01', 'A02', 'B01']);
  });

  test('resolves the jump from A02 to B01 and back to the page of that code', () => {
    const out = jumpLines('A02').find((l) => l.text.includes('下转'));
    const back = jumpLines('B01').find((l) => l.text.includes('上接'));
    expect(out?.link).toMatchObject({ code: 'B01', resolved: true });
    expect(back?.link).toMatchObject({ code: 'A02', resolved: true });
    const b01 = built.edition.layout.pages[2]!;
    expect(b01.boxes.some((b) => b.article === out?.link?.article)).toBe(true);
  });
});

describe('a sectioned edition served', () => {
  test('every page is reachable by its code: viewer, fragment, thumbnail and PDF', async () => {
    for (const code of ['A01', 'A02', 'B01']) {
      const viewer = await request(app).get(`/e/${ID}/${code}/`);
      expect(viewer.status, code).toBe(200);
      expect(viewer.text).toContain(`<span id="ep-where" class="ep-where">第${code}版</span>`);
      const fragment = await request(app).get(`/e/${ID}/pages/${code}.html`);
      expect(fragment.status, code).toBe(200);
      expect(fragment.text).toContain(`data-page="${code}"`);
      const thumb = await request(app).get(`/e/${ID}/thumbs/${code}.webp`);
      expect(thumb.status, code).toBe(200);
      const pdf = await request(app).get(`/e/${ID}/pdf/${code}.pdf`).buffer(true);
      expect(pdf.status, code).toBe(200);
      expect(sha256(pdf.body as Buffer)).toBe(sha256(readFileSync(join(dir, 'pdf', `${code}.pdf`))));
    }
    expect((await request(app).get(`/e/${ID}/C01/`)).status).toBe(404);
  });

  test('the viewer data and the navigator name every page once, by code', async () => {
    const html = (await request(app).get(`/e/${ID}/B01/`)).text;
    const data = JSON.parse(/<script type="application\/json" id="ep-data">([^<]*)<\/script>/.exec(html)![1]!) as {
      page: number;
      pages: { n: number; label: string; slug: string; href: string; pdf: string }[];
    };
    expect(data.page).toBe(3);
    expect(data.pages.map((p) => [p.n, p.label, p.href])).toEqual([
      [1, 'A01', `/e/${ID}/`],
      [2, 'A02', `/e/${ID}/A02/`],
      [3, 'B01', `/e/${ID}/B01/`],
    ]);
    expect(data.pages.map((p) => p.pdf)).toEqual(['A01', 'A02', 'B01'].map((c) => `/e/${ID}/pdf/${c}.pdf`));
    expect(html.match(/<span class="ep-nav-n">第(\w+)版<\/span>/g)).toEqual(['A01', 'A02', 'B01'].map((c) => `<span class="ep-nav-n">第${c}版</span>`));
  });

  test('jump links in the page fragments lead to the page of the other section, and its article view opens', async () => {
    const a02 = (await request(app).get(`/e/${ID}/pages/A02.html`)).text;
    const b01 = (await request(app).get(`/e/${ID}/pages/B01.html`)).text;
    expect(a02).toMatch(new RegExp(`data-jump data-link="jump" href="/e/${ID}/B01/p3-a1" data-page="B01"`));
    expect(b01).toMatch(new RegExp(`data-jump data-link="jump" href="/e/${ID}/A02/p2-a2" data-page="A02"`));
    const read = await request(app).get(`/e/${ID}/B01/p3-a1/read`);
    expect(read.status).toBe(200);
    expect(read.text).toContain(HEADLINES.A02[1]);
  });

  test('the API lists the pages with their codes', async () => {
    const r = await request(app).get('/api/editions');
    const pages = (r.body as { id: string; pages: { code: string; url: string; html: string }[] }[]).find((e) => e.id === ID)!.pages;
    expect(pages.map((p) => [p.code, p.html])).toEqual(['A01', 'A02', 'B01'].map((c) => [c, `/e/${ID}/pages/${c}.html`]));
  });
});

describe('a sectioned edition as a static site', () => {
  test('has a viewer page, fragment, thumbnail and PDF under each page code', async () => {
    const site = join(root, 'site');
    const errors: string[] = [];
    const code = await main(['build', join(root, 'docs', ID), '--out', join(root, 'site-out'), '--pdf-profile', 'none', '--site', site], { out: () => undefined, err: (s) => errors.push(s) });
    expect(code, errors.join('\n')).toBe(0);
    for (const c of ['A02', 'B01']) {
      expect(existsSync(join(site, 'e', ID, c, 'index.html')), c).toBe(true);
      expect(readFileSync(join(site, 'e', ID, c, 'index.html'), 'utf8')).toContain(`第${c}版`);
    }
    for (const c of ['A01', 'A02', 'B01']) {
      for (const file of [`pages/${c}.html`, `thumbs/${c}.webp`, `pdf/${c}.pdf`]) expect(existsSync(join(site, 'e', ID, file)), file).toBe(true);
    }
  }, 120_000);
});

describe('page codes', () => {
  test('a printed number keeps its plain name in URLs; a code with a section letter is its own name', () => {
    expect(['01', '12', 'A01', 'B03-2'].map(pageSlug)).toEqual(['1', '12', 'A01', 'B03-2']);
  });

  test('a code printed twice gets a suffix and a duplicate-page warning at the second page', () => {
    const edition = structuredClone(built.edition);
    edition.pages[2]!.code = 'A02';
    const { layout: _layout, ...model } = edition;
    const result = layoutEdition(model, loadTemplate('broadsheet'), loadFontSet());
    expect(result.pages.map((p) => p.code)).toEqual(['A01', 'A02', 'A02-2']);
    const warning = result.diagnostics.find((d) => d.rule === 'duplicate-page');
    expect(warning).toMatchObject({ severity: 'warning', file: edition.pages[2]!.source.file });
    expect(warning?.line).toEqual(expect.any(Number));
    expect(warning?.message).toContain('A02-2');
    expect(result.diagnostics.filter((d) => d.rule === 'duplicate-page')).toHaveLength(1);
  });

  test('continuations the layout makes name the pages of other sections and added pages by code', () => {
    const edition = structuredClone(built.edition);
    const { layout: _layout, ...model } = edition;
    const long = (id: string) => {
      const a = model.pages.flatMap((p) => p.articles).find((x) => x.id === id)!;
      a.body = Array.from({ length: 30 }, () => a.body).flat();
    };
    long('p2-a1');
    long('p3-a1');
    const result = layoutEdition(model, loadTemplate('broadsheet'), loadFontSet());
    const codes = result.pages.map((p) => p.code);
    expect(codes.slice(0, 3)).toEqual(['A01', 'A02', 'B01']);
    expect(codes.slice(3)).toEqual(codes.slice(3).map((_c, i) => `B${String(i + 2).padStart(2, '0')}`));
    expect(codes.length).toBeGreaterThan(3);
    const lines = result.pages.map((p) => p.boxes.flatMap((b) => b.lines).filter((l) => l.role === 'jump' && l.link));
    const out = lines[1]!.find((l) => l.text.startsWith('▶下转'));
    expect(out?.text).toMatch(/^▶下转B01版/);
    expect(out?.link).toMatchObject({ code: 'B01', article: 'p2-a1', resolved: true });
    const back = lines[2]!.find((l) => l.link?.article === 'p2-a1');
    expect(back?.text).toMatch(/^▲上接A02版/);
    expect(back?.link).toMatchObject({ code: 'A02', resolved: true });
    const folio = result.pages[2]!.boxes.flatMap((b) => b.lines).find((l) => l.role === 'folio' && l.text.includes('版'));
    expect(folio?.text).toContain('第B01版');
  });

  test('an edition numbered 1..n keeps its page names', async () => {
    const [source] = findEditions(['test/fixtures/editions/two-pages']);
    const two = await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false });
    expect(two.edition.layout.pages.map((p) => p.code)).toEqual(['01', '02']);
    expect(reportLines(two).map((l) => /page (\S+):/.exec(l)?.[1])).toEqual(['01', '02']);
  });

  test('a build folder from before page codes is served under the same names, its jumps linked', async () => {
    const [source] = findEditions(['test/fixtures/editions/two-pages']);
    const out = join(root, 'old');
    const folder = await writeEdition(out, await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false }));
    const file = join(folder, 'edition.json');
    const old = JSON.parse(readFileSync(file, 'utf8'), (key, value) => (key === 'code' && typeof value === 'string' && /^\d+$/.test(value) ? undefined : value));
    expect(JSON.stringify(old.layout)).not.toContain('"code"');
    writeFileSync(file, JSON.stringify(old));
    const served = createApp({ editions: await loadSite([out], { cacheRoot: join(root, 'old-cache') }), log: () => undefined });
    expect((await request(served).get('/e/two-pages/2/')).status).toBe(200);
    expect((await request(served).get('/e/two-pages/pdf/02.pdf')).status).toBe(200);
    expect((await request(served).get('/e/two-pages/pages/1.html')).text).toContain('href="/e/two-pages/2/p2-a1"');
  });
});
