/**
 * PDF and HTML link the same lines to the same targets: for every sample and the two-page fixture,
 * the edition PDF's link annotations (read back with qpdf) and the HTML pages' jump anchors are
 * compared line by line against the frames.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/index.js';
import { LINE_BOX, type FrameLine, type FramePage } from '../src/layout/types.js';
import type { Edition } from '../src/model/schema.js';
import { renderPageHtml } from '../src/render/html/index.js';

const qpdf = spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).error === undefined;

type Built = Edition & { layout: { template: string; pages: FramePage[] } };

const scratch = mkdtempSync(path.join(tmpdir(), 'epaper-links-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let ids: string[] = [];

beforeAll(async () => {
  const err: string[] = [];
  const code = await main(['build', 'samples', 'test/fixtures/editions/two-pages', '--out', scratch], { out: () => {}, err: (s) => err.push(s) });
  expect(code, err.join('\n')).toBe(0);
  ids = readdirSync(scratch).filter((d) => !d.startsWith('.') && statSync(path.join(scratch, d)).isDirectory());
}, 120_000);

/** A link as both outputs must have it: which line (page, box, line index) leads to which page and article. */
type LineLink = string;
const linkKey = (page: number, box: number, line: number, target: { page: number; article: string | null }) =>
  `p${page} box${box} line${line} → p${target.page}${target.article ? `/${target.article}` : ''}`;

interface Located {
  page: number;
  box: number;
  index: number;
  line: FrameLine;
}

function linesOf(page: FramePage): Located[] {
  return page.boxes.flatMap((box, b) => box.lines.map((line, index) => ({ page: page.number, box: b, index, line })));
}

/** Named destination → page and article, from the manifest written beside the edition PDF. */
function destinations(id: string): Map<string, { page: number; article: string | null }> {
  const manifest = JSON.parse(readFileSync(path.join(scratch, id, 'manifest.json'), 'utf8')) as {
    pages: Array<{ number: number; destination: string; articles: Array<{ id: string; destination: string }> }>;
  };
  const out = new Map<string, { page: number; article: string | null }>();
  for (const page of manifest.pages) {
    out.set(page.destination, { page: page.number, article: null });
    for (const article of page.articles) out.set(article.destination, { page: page.number, article: article.id });
  }
  return out;
}

/** qpdf's JSON text string ("u:…") as text. */
const qpdfText = (value: unknown) => (typeof value === 'string' && value.startsWith('u:') ? value.slice(2) : String(value));

function pdfLinks(id: string, pages: FramePage[]): LineLink[] {
  const run = spawnSync('qpdf', ['--json=2', path.join(scratch, id, `${id}.pdf`)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(run.status).toBe(0);
  const json = JSON.parse(run.stdout) as { pages: Array<{ object: string }>; qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
  const objects = json.qpdf[1];
  const dests = destinations(id);
  const out: LineLink[] = [];
  json.pages.forEach((pageRef, pageIndex) => {
    const frame = pages[pageIndex] as FramePage;
    const annots = (objects[`obj:${pageRef.object}`]?.value?.['/Annots'] ?? []) as string[];
    for (const ref of annots) {
      const annot = objects[`obj:${ref}`]?.value ?? {};
      if (annot['/Subtype'] !== '/Link') continue;
      const rect = annot['/Rect'] as number[];
      const dest = qpdfText((annot['/A'] as Record<string, unknown>)['/D']);
      const target = dests.get(dest);
      expect(target, `destination ${dest} of ${id}`).toBeDefined();
      // The line whose em box the annotation covers.
      const hit = linesOf(frame).filter(({ line }) => {
        const box = [line.x, frame.height - (line.y + line.size * LINE_BOX.bottom), line.x + line.width, frame.height - (line.y - line.size * LINE_BOX.top)];
        return box.every((v, i) => Math.abs(v - (rect[i] as number)) < 0.01);
      });
      expect(hit, `link rectangle ${rect.join(' ')} on page ${frame.number} of ${id}`).toHaveLength(1);
      const { page, box, index } = hit[0] as Located;
      out.push(linkKey(page, box, index, target as { page: number; article: string | null }));
    }
  });
  return out.sort();
}

const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function htmlLinks(edition: Built): LineLink[] {
  const out: LineLink[] = [];
  for (const page of edition.layout.pages) {
    const html = renderPageHtml(page, {
      edition,
      fontFamily: (role) => `ep-${role}`,
      pageHref: (target, article) => `#${target}/${article ?? ''}`,
    });
    const lines = linesOf(page);
    const taken = new Set<Located>();
    for (const m of html.matchAll(/<a class="l[^"]*" data-jump [^>]*?href="#(\d+)\/([^"]*)"[^>]*>(.*?)<\/a>/g)) {
      const text = decode(m[3] as string);
      // Anchors follow the frames' line order; each is the next unused line with its text.
      const at = lines.find((l) => !taken.has(l) && l.line.text === text);
      expect(at, `HTML anchor "${text}" on page ${page.number} of ${edition.id}`).toBeDefined();
      taken.add(at as Located);
      out.push(linkKey(page.number, (at as Located).box, (at as Located).index, { page: Number(m[1]), article: m[2] || null }));
    }
  }
  return out.sort();
}

describe.skipIf(!qpdf)('PDF and HTML links', () => {
  it('connect the same lines to the same targets in every sample and the two-page fixture', () => {
    expect(ids.length).toBeGreaterThanOrEqual(6);
    let total = 0;
    for (const id of ids) {
      const edition = JSON.parse(readFileSync(path.join(scratch, id, 'edition.json'), 'utf8')) as Built;
      const fromFrames = edition.layout.pages.flatMap((page) =>
        linesOf(page)
          .filter(({ line }) => line.link?.resolved && line.link.page != null)
          .map(({ box, index, line }) => linkKey(page.number, box, index, { page: line.link?.page as number, article: line.link?.article ?? null })),
      );
      const pdf = pdfLinks(id, edition.layout.pages);
      expect(pdf, `${id}: PDF links`).toEqual(fromFrames.sort());
      expect(htmlLinks(edition), `${id}: HTML links`).toEqual(pdf);
      total += pdf.length;
    }
    // The two-page fixture links its teaser and both jump lines.
    expect(total).toBeGreaterThanOrEqual(3);
  });
});
