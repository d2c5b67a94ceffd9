/**
 * The archival outputs of `epaper build`: the edition PDF (links, outline, PDF/A-2b, tagged structure,
 * metadata, reproducibility), the page PDFs, ALTO and the manifest — read back with qpdf and poppler.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/index.js';
import type { FrameLine, FramePage } from '../src/layout/types.js';
import type { Article, Edition } from '../src/model/schema.js';
import { ALTO_NAMESPACE, toMm10 } from '../src/render/alto/index.js';
import { articleTitle, srgbProfile } from '../src/render/pdf/index.js';

const tools = ['qpdf', 'pdfinfo', 'pdffonts', 'pdftotext'].every(
  (tool) => spawnSync(tool, [tool === 'qpdf' ? '--version' : '-v'], { stdio: 'ignore' }).error === undefined,
);

type Built = Edition & { layout: { template: string; pages: FramePage[] } };

const scratch = mkdtempSync(path.join(tmpdir(), 'epaper-archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const outA = path.join(scratch, 'a');
const outB = path.join(scratch, 'b');
const photoEdition = path.join(scratch, 'src', 'with-photo');
const INPUTS = ['samples', 'test/fixtures/editions/two-pages', photoEdition];
let ids: string[] = [];

async function build(out: string, ...extra: string[]): Promise<void> {
  const err: string[] = [];
  const code = await main(['build', ...INPUTS, '--out', out, '--alto', ...extra], { out: () => {}, err: (s) => err.push(s) });
  expect(code, err.join('\n')).toBe(0);
}

beforeAll(async () => {
  // The two-page fixture again, with its photo present: PNG data with alpha (under the .jpg name the
  // page refers to), which the PDF must not keep.
  mkdirSync(path.join(photoEdition, 'images'), { recursive: true });
  cpSync('test/fixtures/editions/two-pages', photoEdition, { recursive: true });
  await sharp({ create: { width: 640, height: 480, channels: 4, background: { r: 200, g: 60, b: 90, alpha: 0.5 } } })
    .png()
    .toFile(path.join(photoEdition, 'images', 'flowers.jpg'));
  delete process.env.SOURCE_DATE_EPOCH;
  await build(outA);
  await build(outB);
  ids = readdirSync(outA).filter((d) => !d.startsWith('.') && statSync(path.join(outA, d)).isDirectory());
}, 120_000);

function run(tool: string, args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: `${result.stdout}${result.stderr}` };
}

const editionPdf = (out: string, id: string) => path.join(out, id, `${id}.pdf`);
const model = (id: string): Built => JSON.parse(readFileSync(path.join(outA, id, 'edition.json'), 'utf8')) as Built;
const allPdfs = (out: string) =>
  ids.flatMap((id) => [editionPdf(out, id), ...readdirSync(path.join(out, id, 'pdf')).map((f) => path.join(out, id, 'pdf', f))]);

// ── qpdf --json, read as data ────────────────────────────────────────────────────────────────────

interface QpdfJson {
  objects: Map<string, unknown>;
  outlines: Outline[];
  trailer: Record<string, unknown>;
}
interface Outline {
  title: string;
  dest: unknown[];
  destpageposfrom1: number;
  kids: Outline[];
}

function qpdfJson(file: string): QpdfJson {
  const { status, stdout } = run('qpdf', ['--json=2', file]);
  expect(status).toBe(0);
  const json = JSON.parse(stdout) as { outlines: Outline[]; qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict: unknown } }>] };
  const objects = new Map<string, unknown>();
  let trailer: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(json.qpdf[1])) {
    if (key === 'trailer') trailer = entry.value as Record<string, unknown>;
    else objects.set(key.replace(/^obj:/, ''), entry.value ?? entry.stream?.dict);
  }
  return { objects, outlines: json.outlines, trailer };
}

/** A dictionary, following an indirect reference. */
function dict(q: QpdfJson, value: unknown): Record<string, unknown> {
  const resolved = typeof value === 'string' && / R$/.test(value) ? q.objects.get(value) : value;
  return (resolved ?? {}) as Record<string, unknown>;
}

/** A qpdf JSON string value ("u:text" or "b:hex") as text. */
function text(value: unknown): string {
  const s = String(value);
  if (s.startsWith('u:')) return s.slice(2);
  if (s.startsWith('b:')) return Buffer.from(s.slice(2), 'hex').toString('latin1');
  return s;
}

function catalog(q: QpdfJson): Record<string, unknown> {
  return dict(q, q.trailer['/Root']);
}

/** The Dests name tree, flattened: name → [page ref, /XYZ, left, top, zoom]. */
function destinations(q: QpdfJson): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (node: Record<string, unknown>) => {
    const names = (node['/Names'] ?? []) as unknown[];
    for (let i = 0; i < names.length; i += 2) out.set(text(names[i]), names[i + 1] as unknown[]);
    for (const kid of (node['/Kids'] ?? []) as unknown[]) walk(dict(q, kid));
  };
  walk(dict(q, dict(q, catalog(q)['/Names'])['/Dests']));
  return out;
}

function pageRefs(q: QpdfJson): string[] {
  return (dict(q, catalog(q)['/Pages'])['/Kids'] as string[]).slice();
}

function linkAnnotations(q: QpdfJson): Array<{ page: number; rect: number[]; dest: string; contents: string; structParent: unknown }> {
  const out: Array<{ page: number; rect: number[]; dest: string; contents: string; structParent: unknown }> = [];
  pageRefs(q).forEach((ref, i) => {
    for (const a of (dict(q, ref)['/Annots'] ?? []) as unknown[]) {
      const annot = dict(q, a);
      if (annot['/Subtype'] !== '/Link') continue;
      const action = dict(q, annot['/A']);
      out.push({ page: i + 1, rect: annot['/Rect'] as number[], dest: text(action['/D']), contents: text(annot['/Contents']), structParent: annot['/StructParent'] });
    }
  });
  return out;
}

function flattenOutline(entries: Outline[]): Outline[] {
  return entries.flatMap((e) => [e, ...flattenOutline(e.kids)]);
}

// ── text helpers ─────────────────────────────────────────────────────────────────────────────────

const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/gu, '');

function bodyTexts(article: Article): string[] {
  return article.body.map((b) => b.text ?? b.caption ?? (b.items ?? []).join('')).filter((t): t is string => Boolean(t));
}

function frameLines(page: FramePage): FrameLine[] {
  return page.boxes.flatMap((b) => b.lines);
}

/**
 * A small XML well-formedness check: one root element, balanced tags, quoted attributes without
 * duplicates, known entities only. Returns the elements with their attributes in document order.
 */
function parseXml(xml: string): Array<{ name: string; attrs: Record<string, string>; depth: number; parent: string | null }> {
  const decode = (s: string) => {
    expect(s).not.toMatch(/&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    return s
      .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
  const elements: Array<{ name: string; attrs: Record<string, string>; depth: number; parent: string | null }> = [];
  const stack: string[] = [];
  let roots = 0;
  const token = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([A-Za-z_][\w.:-]*)\s*>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml))) {
    if (m[6]) throw new Error(`stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (stack.length === 0) expect(m[5].trim()).toBe('');
      else decode(m[5]);
      continue;
    }
    if (m[1]) {
      expect(stack.pop(), `closing </${m[1]}>`).toBe(m[1]);
      continue;
    }
    if (m[2]) {
      const attrs: Record<string, string> = {};
      for (const a of (m[3] ?? '').matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        expect(attrs[a[1] as string], `duplicate attribute ${a[1]}`).toBeUndefined();
        attrs[a[1] as string] = decode(a[2] ?? a[3] ?? '');
      }
      if (stack.length === 0) roots++;
      elements.push({ name: m[2], attrs, depth: stack.length, parent: stack[stack.length - 1] ?? null });
      if (!m[4]) stack.push(m[2]);
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
  return elements;
}

describe.skipIf(!tools)('edition PDF and page PDFs', () => {
  it('writes the edition PDF next to the page PDFs, with a manifest', () => {
    expect(ids.sort()).toEqual(['000-jekyll-post', '001-front-page', '002-inner-page', '003-web-interview', '004-special-report', 'two-pages', 'with-photo']);
    for (const id of ids) {
      expect(readFileSync(editionPdf(outA, id)).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
      const manifest = JSON.parse(readFileSync(path.join(outA, id, 'manifest.json'), 'utf8'));
      expect(manifest.editionPdf.file).toBe(`${id}.pdf`);
      expect(manifest.editionPdf.profile).toBe('pdfa-2b');
      expect(manifest.alto.measurementUnit).toBe('mm10');
      for (const page of manifest.pages) {
        expect(statSync(path.join(outA, id, page.pdf.file)).isFile()).toBe(true);
        expect(statSync(path.join(outA, id, page.alto.file)).isFile()).toBe(true);
      }
      expect(manifest.pages.map((p: { number: number }) => p.number)).toEqual(model(id).layout.pages.map((p) => p.number));
    }
  });

  it('passes qpdf --check, every PDF produced', () => {
    const files = allPdfs(outA);
    expect(files.length).toBeGreaterThanOrEqual(ids.length * 2);
    for (const file of files) {
      const { status, stdout } = run('qpdf', ['--check', file]);
      expect(stdout, file).toContain('No syntax or stream encoding errors found');
      expect(status, file).toBe(0);
    }
  });

  it('embeds every font as a subset with a ToUnicode map, every PDF produced', () => {
    for (const file of allPdfs(outA)) {
      const rows = run('pdffonts', [file]).stdout.trim().split('\n').slice(2);
      expect(rows.length, file).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, file).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/);
      }
    }
  });

  it('shares one set of subset fonts across the pages of the edition PDF', () => {
    const rows = run('pdffonts', [editionPdf(outA, 'two-pages')]).stdout.trim().split('\n').slice(2);
    const names = rows.map((r) => r.split(/\s+/)[0] as string);
    expect(new Set(names.map((n) => n.slice(7))).size).toBe(names.length);
    const q = qpdfJson(editionPdf(outA, 'two-pages'));
    const fontRefs = pageRefs(q).map((ref) => dict(q, dict(q, dict(q, ref)['/Resources'])['/Font']));
    // The jump font drawn on both pages is the same object.
    const shared = Object.values(fontRefs[0] as object).filter((r) => Object.values(fontRefs[1] as object).includes(r));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('has title, author, subject, keywords, language and creation date', () => {
    const info = run('pdfinfo', ['-isodates', editionPdf(outA, 'two-pages')]).stdout;
    expect(info).toMatch(/^Title:\s+江城日报 2024年3月15日 第10234期$/m);
    expect(info).toMatch(/^Author:\s+江城日报$/m);
    expect(info).toMatch(/^Subject:\s+江城日报 2024年3月15日 电子版，共2版：要闻$/m);
    expect(info).toMatch(/^Keywords:\s+江城日报, 2024-03-15, 第10234期, 要闻$/m);
    expect(info).toMatch(/^CreationDate:\s+2024-03-15T00:00:00Z$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Encrypted:\s+no$/m);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
    expect(info).toMatch(/^Pages:\s+2$/m);
    for (const id of ids) {
      const e = model(id);
      const all = run('pdfinfo', ['-isodates', editionPdf(outA, id)]).stdout;
      expect(all).toMatch(/^Title:\s+\S/m);
      if (e.paper) expect(all).toMatch(new RegExp(`^Author:\\s+${e.paper}$`, 'm'));
      if (e.date) expect(all).toMatch(new RegExp(`^CreationDate:\\s+${e.date}T00:00:00Z$`, 'm'));
      expect(catalog(qpdfJson(editionPdf(outA, id)))['/Lang']).toBe(`u:${e.lang}`);
    }
    expect(catalog(qpdfJson(editionPdf(outA, '003-web-interview')))['/Lang']).toBe('u:zh-Hant');
  });

  it('links every resolved jump and teaser line to the named destination of its target', () => {
    for (const id of ids) {
      const e = model(id);
      const q = qpdfJson(editionPdf(outA, id));
      const dests = destinations(q);
      const pages = pageRefs(q);
      const annots = linkAnnotations(q);
      const numbers = new Set(e.layout.pages.map((p) => p.number));
      const expected = e.layout.pages.flatMap((p, i) =>
        frameLines(p)
          .filter((l) => l.link?.resolved && l.link.page != null && numbers.has(l.link.page))
          .map((l) => ({ page: i + 1, line: l })),
      );
      expect(annots.length, id).toBe(expected.length);
      for (const { page, line } of expected) {
        const annot = annots.find((a) => a.page === page && Math.abs((a.rect[0] as number) - line.x) < 0.01 && a.contents.startsWith(line.text));
        expect(annot, `${id}: ${line.text}`).toBeDefined();
        const dest = dests.get(annot!.dest);
        expect(dest, `${id}: ${annot!.dest}`).toBeDefined();
        // The destination is on the target page.
        const target = e.layout.pages.findIndex((p) => p.number === line.link!.page);
        expect(dest![0]).toBe(pages[target]);
        expect(dest![1]).toBe('/XYZ');
        expect(typeof annot!.structParent).toBe('number');
      }
      // Unresolved links are drawn, not linked.
      const unresolved = e.layout.pages.flatMap(frameLines).filter((l) => l.link && !l.link.resolved);
      for (const line of unresolved) expect(annots.some((a) => a.contents.startsWith(line.text))).toBe(false);
    }
    const q = qpdfJson(editionPdf(outA, 'two-pages'));
    const byText = (prefix: string) => linkAnnotations(q).find((a) => a.contents.startsWith(prefix));
    expect(byText('▶下转02版①')).toMatchObject({ page: 1, dest: 'p2-a1' });
    expect(byText('▲上接01版①')).toMatchObject({ page: 2, dest: 'p1-a1' });
    expect(byText('见02版')).toMatchObject({ page: 1, dest: 'p2-a2' });
    // p2-a1 points at the top left corner of its first box on page 2.
    const page2 = model('two-pages').layout.pages[1] as FramePage;
    const box = page2.boxes.find((b) => b.kind === 'article' && b.article === 'p2-a1')!;
    expect(destinations(q).get('p2-a1')).toEqual([pageRefs(q)[1], '/XYZ', box.x, page2.height - box.y, null]);
  });

  it('names a destination for every article box and every page', () => {
    for (const id of ids) {
      const e = model(id);
      const names = [...destinations(qpdfJson(editionPdf(outA, id))).keys()];
      for (const p of e.layout.pages) {
        expect(names).toContain(`page-${String(p.number).padStart(2, '0')}`);
        for (const b of p.boxes) if (b.kind === 'article' && b.article) expect(names.some((n) => n === b.article || n === `${b.article}@${p.number}`)).toBe(true);
      }
      // Name trees are sorted.
      expect(names).toEqual([...names].sort());
    }
  });

  it('has an outline: one entry per page with its articles’ headlines beneath', () => {
    const q = qpdfJson(editionPdf(outA, 'two-pages'));
    expect(q.outlines.map((o) => o.title)).toEqual(['01', '02 要闻']);
    expect(q.outlines.map((o) => o.kids.map((k) => k.title))).toEqual([['城东图书馆新馆今日开放'], ['城东图书馆新馆今日开放（续）', '滨江公园春季花展开幕']]);
    expect(q.outlines[1]!.kids.map((k) => k.destpageposfrom1)).toEqual([2, 2]);
    for (const id of ids) {
      const e = model(id);
      const outline = qpdfJson(editionPdf(outA, id)).outlines;
      expect(outline).toHaveLength(e.layout.pages.length);
      const titles = flattenOutline(outline).map((o) => o.title);
      const placed = new Set(e.layout.pages.flatMap((p) => p.boxes.map((b) => b.article)));
      for (const article of e.pages.flatMap((p) => p.articles)) {
        if (!placed.has(article.id)) continue;
        const title = articleTitle(article);
        expect(titles.some((t) => t === title || t === `${title}（续）`), `${id}: ${title}`).toBe(true);
        if (article.headline) expect(title).toBe(article.headline.replace(/\s+/gu, ' ').trim());
      }
      outline.forEach((entry, i) => {
        const page = e.layout.pages[i] as FramePage;
        const section = e.pages[i]?.section ?? e.pages[i]?.folio?.section;
        expect(entry.title).toBe(section ? `${String(page.number).padStart(2, '0')} ${section}` : String(page.number).padStart(2, '0'));
      });
    }
  });

  it('uses the first words of the text for an article without headline', () => {
    const article = { id: 'x', kicker: null, headline: null, deck: null, byline: null, dateline: null, authors: [], jumps: [], logo: null, continues: null, body: [{ type: 'paragraph' as const, text: '本报讯 今天上午，全市春季植树活动在城东湿地公园举行。' }] };
    expect(articleTitle(article)).toBe('本报讯 今天上午，全市春季植树活…');
  });

  it('declares PDF/A-2b in XMP, with an sRGB output intent, no transparency and no encryption', () => {
    for (const id of ids) {
      const file = editionPdf(outA, id);
      const raw = readFileSync(file).toString('utf8');
      const xmp = raw.slice(raw.indexOf('<?xpacket begin'), raw.indexOf('<?xpacket end="w"?>') + '<?xpacket end="w"?>'.length);
      expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
      const e = model(id);
      const q = qpdfJson(file);
      const elements = parseXml(xmp.replace(/^<\?xpacket[^>]*\?>/, '').replace(/<\?xpacket[^>]*\?>$/, ''));
      const info = run('pdfinfo', [file]).stdout;
      const infoTitle = /^Title:\s+(.*)$/m.exec(info)?.[1];
      expect(elements.some((el) => el.name === 'dc:title')).toBe(true);
      expect(xmp).toContain(`<rdf:li xml:lang="x-default">${infoTitle}</rdf:li>`);
      expect(xmp).toContain(`<dc:language><rdf:Bag><rdf:li>${e.lang}</rdf:li></rdf:Bag></dc:language>`);
      const intents = catalog(q)['/OutputIntents'] as unknown[];
      expect(intents).toHaveLength(1);
      const intent = dict(q, intents[0]);
      expect(intent['/S']).toBe('/GTS_PDFA1');
      expect(dict(q, intent['/DestOutputProfile'])['/N']).toBe(3);
      expect(q.trailer['/Encrypt']).toBeUndefined();
      expect(q.trailer['/ID']).toBeDefined();
      for (const value of q.objects.values()) {
        if (!value || typeof value !== 'object') continue;
        const d = value as Record<string, unknown>;
        for (const key of ['/SMask', '/Group', '/CA', '/ca', '/BM', '/Interpolate', '/Alternates', '/JS', '/AA']) expect(d[key], `${id} ${key}`).toBeUndefined();
      }
    }
    // No .notdef glyph is drawn: 003's private-use characters have no glyph and are left blank.
    const qdf = path.join(scratch, 'qdf.pdf');
    expect(run('qpdf', ['--qdf', '--object-streams=disable', editionPdf(outA, '003-web-interview'), qdf]).status).toBe(0);
    const shown = [...readFileSync(qdf, 'latin1').matchAll(/<([0-9A-Fa-f]+)> Tj/g)].flatMap((m) => (m[1] as string).match(/.{4}/g) ?? []);
    expect(shown.length).toBeGreaterThan(1000);
    expect(shown).not.toContain('0000');
    // The photo is an RGB JPEG, its alpha flattened.
    const q = qpdfJson(editionPdf(outA, 'with-photo'));
    const images = [...q.objects.values()].filter((v) => (v as Record<string, unknown> | undefined)?.['/Subtype'] === '/Image') as Array<Record<string, unknown>>;
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ '/ColorSpace': '/DeviceRGB', '/Filter': '/DCTDecode', '/BitsPerComponent': 8 });
  });

  it('embeds an sRGB ICC profile that a colour engine accepts', async () => {
    const profile = srgbProfile();
    expect(profile.toString('latin1', 12, 20)).toBe('mntrRGB ');
    const file = path.join(scratch, 'srgb.icc');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, profile);
    const out = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).withIccProfile(file).jpeg().toBuffer();
    expect((await sharp(out).metadata()).icc).toBeDefined();
  });

  it('is tagged: Document → a Sect per page → an Art per article → H, P, Figure with Alt', () => {
    for (const id of ids) {
      const e = model(id);
      const q = qpdfJson(editionPdf(outA, id));
      const root = dict(q, catalog(q)['/StructTreeRoot']);
      expect(dict(q, catalog(q)['/MarkInfo'])['/Marked']).toBe(true);
      const documentNode = dict(q, root['/K']);
      expect(documentNode['/S']).toBe('/Document');
      const kids = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((k) => typeof k === 'string' && / R$/.test(k)).map((k) => dict(q, k));
      const sects = kids(documentNode['/K']);
      expect(sects.map((s) => s['/S'])).toEqual(e.layout.pages.map(() => '/Sect'));
      sects.forEach((sect, i) => {
        const page = e.layout.pages[i] as FramePage;
        const arts = kids(sect['/K']).filter((k) => k['/S'] === '/Art');
        const articleIds = [...new Set(page.boxes.filter((b) => b.kind === 'article' && b.article).map((b) => b.article))];
        expect(arts, `${id} page ${page.number}`).toHaveLength(articleIds.length);
        for (const art of arts) {
          const types = kids(art['/K']).map((k) => k['/S']);
          expect(types.length).toBeGreaterThan(0);
          for (const t of types) expect(['/H', '/P', '/BlockQuote', '/L', '/Figure', '/Caption']).toContain(t);
        }
        const withHeadline = arts.filter((art) => kids(art['/K']).some((k) => k['/S'] === '/H'));
        const headlines = articleIds.filter((a) => e.pages.flatMap((p) => p.articles).find((x) => x.id === a)?.headline);
        expect(withHeadline.length, `${id} page ${page.number}`).toBe(headlines.length);
      });
      const all = [...q.objects.values()].filter((v) => (v as Record<string, unknown> | undefined)?.['/Type'] === '/StructElem') as Array<Record<string, unknown>>;
      for (const figure of all.filter((s) => s['/S'] === '/Figure')) expect(text(figure['/Alt']).length).toBeGreaterThan(0);
      // Every page's marked content has its parent-tree entry.
      const tree = dict(q, root['/ParentTree']);
      const nums = tree['/Nums'] as unknown[];
      pageRefs(q).forEach((ref, i) => {
        const key = dict(q, ref)['/StructParents'];
        expect(key).toBe(i);
        expect(nums[nums.indexOf(i) + 1]).toBeDefined();
      });
    }
    const q = qpdfJson(editionPdf(outA, 'with-photo'));
    const figure = [...q.objects.values()].find((v) => (v as Record<string, unknown> | undefined)?.['/S'] === '/Figure') as Record<string, unknown>;
    expect(text(figure['/Alt'])).toBe('游客在花丛中拍照。');
  });

  it('pdftotext -raw reads the edition PDF in reading order, article by article and column after column', () => {
    const e = model('001-front-page');
    const raw = squeeze(run('pdftotext', ['-raw', editionPdf(outA, '001-front-page'), '-']).stdout);
    // The lead article's paragraphs run over several columns; they come out in order, whole.
    const lead = e.pages[0]!.articles.find((a) => bodyTexts(a).length >= 4)!;
    let from = -1;
    for (const paragraph of bodyTexts(lead)) {
      const at = raw.indexOf(squeeze(paragraph), from + 1);
      expect(at, paragraph.slice(0, 20)).toBeGreaterThan(from);
      from = at;
    }
    // Articles follow each other in the layout's order.
    const order = e.layout.pages[0]!.boxes.filter((b) => b.kind === 'article').map((b) => b.article);
    let previous = -1;
    for (const articleId of [...new Set(order)]) {
      const article = e.pages[0]!.articles.find((a) => a.id === articleId)!;
      const first = bodyTexts(article)[0];
      if (!first) continue;
      const at = raw.indexOf(squeeze(first));
      expect(at, `${articleId}`).toBeGreaterThan(previous);
      previous = at;
    }
    // The two-page edition: page 1's text, the jump, then page 2 with the continuation.
    const two = squeeze(run('pdftotext', ['-raw', editionPdf(outA, 'two-pages'), '-']).stdout);
    const marks = ['新馆共有五层', '排队等候', '▶下转02版①', '▲上接01版①', '读者可以在馆内的咖啡区休息', '滨江公园春季花展今日开幕'].map((s) => two.indexOf(squeeze(s)));
    expect(marks.every((m) => m >= 0)).toBe(true);
    expect([...marks].sort((a, b) => a - b)).toEqual(marks);
  });

  it('pdftotext of the edition PDF holds every body character of the model, on every sample', () => {
    for (const id of ids) {
      const e = model(id);
      const raw = squeeze(run('pdftotext', ['-raw', editionPdf(outA, id), '-']).stdout);
      const plain = squeeze(run('pdftotext', [editionPdf(outA, id), '-']).stdout);
      for (const article of e.pages.flatMap((p) => p.articles)) {
        for (const paragraph of bodyTexts(article)) {
          const wanted = squeeze(paragraph);
          // Whole paragraphs in reading order; one cut by a jump to another page as a subsequence.
          let ok = raw.includes(wanted);
          if (!ok) {
            let at = 0;
            ok = [...wanted].every((c) => (at = raw.indexOf(c, at) + 1) > 0);
          }
          expect(ok, `${id} ${article.id}: ${paragraph.slice(0, 30)}`).toBe(true);
          // The default (physical layout) mode loses no character either.
          const counts = new Map<string, number>();
          for (const c of plain) counts.set(c, (counts.get(c) ?? 0) + 1);
          for (const c of wanted) expect(counts.get(c) ?? 0, `${id}: ${c}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('is byte-identical across two separate builds, and dated from SOURCE_DATE_EPOCH when set', async () => {
    for (const id of ids) {
      for (const rel of [`${id}.pdf`, 'manifest.json', ...readdirSync(path.join(outA, id, 'pdf')).map((f) => `pdf/${f}`), ...readdirSync(path.join(outA, id, 'alto')).map((f) => `alto/${f}`)]) {
        expect(readFileSync(path.join(outB, id, rel)).equals(readFileSync(path.join(outA, id, rel))), `${id}/${rel}`).toBe(true);
      }
    }
    const out = path.join(scratch, 'dated');
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const code = await main(['build', 'test/fixtures/editions/two-pages', '--out', out], { out: () => {}, err: () => {} });
      expect(code).toBe(0);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    const info = run('pdfinfo', ['-isodates', path.join(out, 'two-pages', 'two-pages.pdf')]).stdout;
    expect(info).toMatch(/^CreationDate:\s+2023-11-14T22:13:20Z$/m);
    expect(readFileSync(path.join(out, 'two-pages', 'two-pages.pdf')).toString('latin1')).toContain('<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>');
  });

  it('--pdf-profile none leaves out the PDF/A claims; pdfua adds the PDF/UA identification', async () => {
    for (const profile of ['none', 'pdfua']) {
      const out = path.join(scratch, profile);
      const code = await main(['build', 'test/fixtures/editions/two-pages', '--out', out, '--pdf-profile', profile], { out: () => {}, err: () => {} });
      expect(code).toBe(0);
      const file = path.join(out, 'two-pages', 'two-pages.pdf');
      expect(run('qpdf', ['--check', file]).status).toBe(0);
      const raw = readFileSync(file).toString('utf8');
      const q = qpdfJson(file);
      expect(catalog(q)['/StructTreeRoot']).toBeDefined();
      if (profile === 'none') {
        expect(raw).not.toContain('pdfaid:part');
        expect(catalog(q)['/OutputIntents']).toBeUndefined();
      } else {
        expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
        expect(raw).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
        expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
        expect(dict(q, catalog(q)['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
        expect(catalog(q)['/Lang']).toBe('u:zh-CN');
        parseXml(raw.slice(raw.indexOf('<x:xmpmeta'), raw.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length));
      }
    }
    const err: string[] = [];
    expect(await main(['build', 'samples', '--out', path.join(scratch, 'bad'), '--pdf-profile', 'pdfx'], { out: () => {}, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('\n')).toContain('--pdf-profile');
  });
});

describe.skipIf(!tools)('ALTO', () => {
  it('writes well-formed ALTO v4 per page whose Strings are the page’s line texts', () => {
    for (const id of ids) {
      const e = model(id);
      e.layout.pages.forEach((page, i) => {
        const file = path.join(outA, id, 'alto', `${String(page.number).padStart(2, '0')}.xml`);
        const xml = readFileSync(file, 'utf8');
        const elements = parseXml(xml);
        const root = elements[0]!;
        expect(root.name).toBe('alto');
        expect(root.attrs.xmlns).toBe(ALTO_NAMESPACE);
        expect(xml).toContain('<MeasurementUnit>mm10</MeasurementUnit>');
        const pageEl = elements.find((el) => el.name === 'Page')!;
        expect(pageEl.attrs).toMatchObject({ PHYSICAL_IMG_NR: String(i + 1), WIDTH: String(toMm10(page.width)), HEIGHT: String(toMm10(page.height)) });
        // Lines in order; each TextLine's Strings, joined by one space, are its line's text.
        const lines = page.boxes.flatMap((b) => b.lines).filter((l) => l.text.trim().length > 0 && l.size > 0);
        const altoLines: string[][] = [];
        for (const el of elements) {
          if (el.name === 'TextLine') altoLines.push([]);
          if (el.name === 'String') altoLines[altoLines.length - 1]!.push(el.attrs.CONTENT as string);
        }
        expect(altoLines.map((words) => words.join(' '))).toEqual(lines.map((l) => l.text.trim().split(/\s+/u).join(' ')));
        // Positions come from the frames.
        const firstLine = elements.find((el) => el.name === 'TextLine')!;
        const line = lines[0] as FrameLine;
        expect(Number(firstLine.attrs.VPOS)).toBeCloseTo(toMm10(line.y - 0.88 * line.size), 0);
        expect(Number(firstLine.attrs.HPOS)).toBeCloseTo(toMm10(line.x + Math.max(0, line.xs[0] ?? 0)), 0);
        // Article blocks refer to their article.
        const tags = new Set(elements.filter((el) => el.name === 'StructureTag').map((el) => el.attrs.ID));
        const articleBlocks = page.boxes.filter((b) => b.kind === 'article' && b.article && b.lines.some((l) => l.text.trim()));
        const blocks = elements.filter((el) => el.name === 'TextBlock' && el.attrs.TAGREFS && tags.has(el.attrs.TAGREFS));
        expect(blocks.map((b) => b.attrs.TAGREFS)).toEqual(articleBlocks.map((b) => b.article));
        const ids2 = elements.map((el) => el.attrs.ID).filter(Boolean);
        expect(new Set(ids2).size).toBe(ids2.length);
      });
    }
  });
});
