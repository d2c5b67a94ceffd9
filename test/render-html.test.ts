import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEdition } from '../src/parse/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { layoutEdition } from '../src/layout/index.js';
import type { FrameLine, FramePage } from '../src/layout/types.js';
import type { Edition } from '../src/model/schema.js';
import { pageCss, renderPageHtml, UNIT, type HtmlPageContext } from '../src/render/html/index.js';
import { webFonts } from '../src/render/fonts-web.js';

const fonts = loadFontSet();
const template = loadTemplate('broadsheet');

interface Built {
  edition: Edition;
  pages: FramePage[];
}

function build(id: string, docs: { path: string; text: string | Buffer }[]): Built {
  const parsed = parseEdition(
    id,
    docs.map((d) => ({ path: d.path, bytes: typeof d.text === 'string' ? Buffer.from(d.text) : d.text })),
  );
  const result = layoutEdition(parsed, template, fonts, {});
  return { edition: result.edition, pages: result.pages };
}

function buildDir(dir: string, only?: string[]): Built {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && (!only || only.includes(f)))
    .sort();
  return build(
    dir.split('/').pop() as string,
    files.map((f) => ({ path: f, text: readFileSync(join(dir, f)) })),
  );
}

const family = (role: string) => `ep-${role}`;
const href = (code: string, article?: string | null) => `#p${code}${article ? `/${article}` : ''}`;

function ctx(edition: Edition): HtmlPageContext {
  return { edition, fontFamily: family, pageHref: href, fonts };
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

function drawnText(line: FrameLine): string {
  return [...line.text].filter((c) => !isControl(c.codePointAt(0) as number)).join('');
}

function unescape(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** All text of a fragment as a reader sees it: tags removed, entities decoded, line joins dropped. */
function visibleText(html: string): string {
  return unescape(html.replace(/<[^>]*>/g, '').replace(/\n/g, ''));
}

function styleOf(attrs: string): Map<string, string> {
  const m = /style="([^"]*)"/.exec(attrs);
  const out = new Map<string, string>();
  for (const decl of unescape(m?.[1] ?? '').split(';')) {
    const at = decl.indexOf(':');
    if (at > 0) out.set(decl.slice(0, at).trim(), decl.slice(at + 1).trim());
  }
  return out;
}

function pxValue(value: string | undefined): number {
  if (value === undefined || value === '0') return 0;
  expect(value).toMatch(/^-?\d*\.?\d+px$/);
  return Number(value.slice(0, -2));
}

interface ParsedLine {
  tag: string;
  attrs: string;
  role: string;
  text: string;
  /** x of every drawn code point, in pt, as a browser places it from the written numbers. */
  xs: number[];
  /** Baseline, in pt. */
  y: number;
}

/**
 * Reads the line elements back out of a fragment and places their glyphs the way CSS inline layout
 * does: from the line's left, each glyph advances by its font advance plus the letter-spacing of the
 * element holding it (plus word-spacing after U+0020); an inline-block glyph advances by its width.
 */
function parseLines(html: string): ParsedLine[] {
  const pageStyle = styleOf(/<article class="ep-page"([^>]*)>/.exec(html)?.[1] ?? '');
  const roles = new Map<string, string>();
  for (const [name, value] of pageStyle) {
    const m = /^--f(\d+)$/.exec(name);
    if (m) roles.set(`f${m[1]}`, (/^"ep-([^"]+)"/.exec(value) as RegExpExecArray)[1] as string);
  }
  const lines: ParsedLine[] = [];
  const re = /<(div|a) class="l(?: (f\d+))?"([^>]*)>([\s\S]*?)<\/\1>/g;
  for (const m of html.matchAll(re)) {
    const [, tag, fontClass, attrs, inner] = m as unknown as [string, string, string | undefined, string, string];
    const style = styleOf(attrs);
    const role = fontClass ? (roles.get(fontClass) as string) : (/"ep-([^"]+)"/.exec(style.get('font-family') ?? '')?.[1] as string);
    expect(role, `font role of ${inner}`).toBeTruthy();
    const metrics = fonts.metrics(role);
    const size = pxValue(style.get('font-size'));
    const lineSpacing = pxValue(style.get('letter-spacing'));
    const wordSpacing = pxValue(style.get('word-spacing'));
    let pen = pxValue(style.get('left'));
    const xs: number[] = [];
    let text = '';
    const parts = /<span( class="g")? style="([^"]*)">([^<]*)<\/span>|([^<]+)/g;
    for (const part of inner.matchAll(parts)) {
      const [, inlineBlock, spanStyle, spanText, plain] = part as unknown as [string, string | undefined, string, string, string | undefined];
      const chars = unescape(plain ?? spanText);
      const declared = plain === undefined ? styleOf(`style="${spanStyle}"`) : new Map<string, string>();
      for (const ch of chars) {
        xs.push(pen / UNIT);
        text += ch;
        const cp = ch.codePointAt(0) as number;
        if (inlineBlock) {
          pen += pxValue(declared.get('width'));
        } else {
          const spacing = declared.has('letter-spacing') ? pxValue(declared.get('letter-spacing')) : lineSpacing;
          pen += metrics.advance(cp) * size + spacing + (cp === 0x20 ? wordSpacing : 0);
        }
      }
    }
    lines.push({ tag, attrs, role, text, xs, y: pxValue(style.get('top')) / UNIT });
  }
  return lines;
}

let front: Built;
let twoPages: Built;
let pageOneAlone: Built;

beforeAll(() => {
  front = buildDir('samples/001-front-page');
  twoPages = buildDir('test/fixtures/editions/two-pages');
  pageOneAlone = buildDir('test/fixtures/editions/two-pages', ['p1.md']);
});

function allLines(page: FramePage): FrameLine[] {
  return page.boxes.flatMap((b) => b.lines).filter((l) => l.text.length > 0 && l.size > 0 && drawnText(l).length > 0);
}

describe('renderPageHtml', () => {
  it('writes every line of every page, in frame order, as selectable text', () => {
    const cases: Built[] = [front, twoPages];
    let pagesSeen = 0;
    for (const built of cases) {
      for (const page of built.pages) {
        pagesSeen++;
        const html = renderPageHtml(page, ctx(built.edition));
        const expected = allLines(page).map(drawnText);
        expect(expected.length).toBeGreaterThan(5);
        expect(visibleText(html)).toBe(expected.join(''));
        expect(parseLines(html).map((l) => l.text)).toEqual(expected);
      }
    }
    expect(pagesSeen).toBe(3);
  });

  it('places every glyph at x + xs[i] and every baseline at y, within 0.1 pt', () => {
    let glyphs = 0;
    for (const built of [front, twoPages]) {
      for (const page of built.pages) {
        const html = renderPageHtml(page, ctx(built.edition));
        const frameLines = allLines(page);
        const parsed = parseLines(html);
        expect(parsed.length).toBe(frameLines.length);
        parsed.forEach((p, i) => {
          const line = frameLines[i] as FrameLine;
          expect(p.role).toBe(line.font);
          expect(Math.abs(p.y - line.y)).toBeLessThan(0.01);
          let k = 0;
          [...line.text].forEach((ch, j) => {
            if (isControl(ch.codePointAt(0) as number)) return;
            const want = line.x + (line.xs[j] as number);
            const got = p.xs[k++] as number;
            if (Math.abs(got - want) >= 0.1) {
              throw new Error(`page ${page.number} line "${line.text}" char ${j} "${ch}": drawn at ${got}, laid out at ${want}`);
            }
            glyphs++;
          });
        });
      }
    }
    expect(glyphs).toBeGreaterThan(6000);
  });

  it('groups evenly spaced runs instead of writing an element per character', () => {
    const page = front.pages[0] as FramePage;
    const html = renderPageHtml(page, ctx(front.edition));
    const chars = allLines(page).reduce((n, l) => n + [...drawnText(l)].length, 0);
    const spans = (html.match(/<span/g) ?? []).length;
    expect(spans).toBeLessThan(chars / 4);
    const raw = Buffer.byteLength(html);
    const gz = gzipSync(html).length;
    expect(gz).toBeLessThan(40_000);
    expect(raw).toBeLessThan(160_000);
  });

  it('keeps the first page with its CSS and fonts within 300 KB transferred', async () => {
    const page = front.pages[0] as FramePage;
    const html = renderPageHtml(page, ctx(front.edition));
    const faces = await webFonts([page], fonts);
    const total = gzipSync(html).length + gzipSync(pageCss()).length + faces.reduce((n, f) => n + f.data.length, 0);
    expect(total).toBeLessThan(300 * 1024);
  });

  it('makes resolved jumps and teasers links to their page and article', () => {
    const [p1, p2] = twoPages.pages as [FramePage, FramePage];
    const html1 = renderPageHtml(p1, ctx(twoPages.edition));
    const html2 = renderPageHtml(p2, ctx(twoPages.edition));
    const jumps1 = parseLines(html1).filter((l) => l.tag === 'a');
    const jumps2 = parseLines(html2).filter((l) => l.tag === 'a');
    const linked1 = allLines(p1).filter((l) => l.link);
    const linked2 = allLines(p2).filter((l) => l.link);
    expect(linked1.length).toBe(2);
    expect(linked2.length).toBe(1);
    expect(jumps1.map((j) => j.text)).toEqual(linked1.map(drawnText));
    expect(jumps2.map((j) => j.text)).toEqual(linked2.map(drawnText));

    const down = jumps1.find((j) => j.text.startsWith('▶下转02版'));
    expect(down?.attrs).toContain('data-jump');
    expect(down?.attrs).toContain('href="#p02/p2-a1"');
    expect(down?.attrs).toContain('data-page="2"');
    expect(down?.attrs).toContain('data-article="p2-a1"');
    expect(down?.attrs).not.toContain('aria-disabled');

    const teaser = jumps1.find((j) => j.text.includes('见02版'));
    expect(teaser?.attrs).toContain('data-jump');
    expect(teaser?.attrs).toContain('href="#p02/p2-a2"');
    expect(teaser?.attrs).toContain('data-article="p2-a2"');

    const up = jumps2[0];
    expect(up?.text.startsWith('▲上接01版')).toBe(true);
    expect(up?.attrs).toContain('href="#p01/p1-a1"');
    expect(up?.attrs).toContain('data-page="1"');
  });

  it('renders unresolved links disabled, without href, titled 第N版未收录', () => {
    const check = (built: Built) => {
      let seen = 0;
      for (const page of built.pages) {
        const html = renderPageHtml(page, ctx(built.edition));
        const parsed = parseLines(html);
        const lines = allLines(page);
        lines.forEach((line, i) => {
          if (!line.link || line.link.resolved) return;
          seen++;
          const p = parsed[i] as ParsedLine;
          expect(p.tag).toBe('a');
          expect(p.attrs).toContain('data-jump');
          expect(p.attrs).toContain('aria-disabled="true"');
          expect(p.attrs).not.toMatch(/\shref=/);
          expect(p.attrs).toContain(`title="第${line.link.page}版未收录"`);
        });
      }
      return seen;
    };
    expect(check(pageOneAlone)).toBeGreaterThanOrEqual(1);
    const alone = renderPageHtml(pageOneAlone.pages[0] as FramePage, ctx(pageOneAlone.edition));
    const disabled = [...alone.matchAll(/<a class="l[^"]*" data-jump[^>]*title="第2版未收录"[^>]*>([\s\S]*?)<\/a>/g)];
    const texts = disabled.map((m) => visibleText(m[1] as string));
    expect(texts.some((t) => t.startsWith('▶下转02版'))).toBe(true);
    expect(texts.some((t) => t.includes('见02版'))).toBe(true);
    expect(check(front)).toBeGreaterThanOrEqual(1);
  });

  it('escapes document text everywhere: a <script> in a paragraph is shown as text', () => {
    const md = [
      '# 江城日报',
      '',
      '2024年3月15日 星期五',
      '',
      '## 标题<b>加粗</b>与"引号"&\'单引号\'',
      '',
      '本报讯 这段文字里有 `<script>alert(1)</script>` 一段脚本，还有 a < b && c > d 的比较。',
      '',
      '第二段 `<img src=x onerror=alert(2)>` 结束。',
      '',
    ].join('\n');
    const built = build('escape', [{ path: 'x.md', text: md }]);
    const page = built.pages[0] as FramePage;
    const lines = allLines(page);
    const joined = lines.map(drawnText).join('');
    expect(joined).toContain('<script>alert(1)</script>');
    expect(joined).toContain('<img src=x onerror=alert(2)>');

    const html = renderPageHtml(page, ctx(built.edition));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>/i);
    expect(html).toContain('&lt;');
    expect(visibleText(html)).toBe(joined);
    // The headline goes into aria-label, escaped as an attribute.
    const label = /<a class="ep-article"[^>]*aria-label="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(label).not.toMatch(/["<>]/);
    expect(unescape(label)).toBe(built.edition.pages[0]?.articles[0]?.headline);
  });

  it('marks every article on the page as a focusable link, in reading order', () => {
    for (const built of [front, twoPages]) {
      for (const page of built.pages) {
        const html = renderPageHtml(page, ctx(built.edition));
        const ids = [...new Set(page.boxes.map((b) => b.article).filter((a): a is string => a != null))];
        expect(ids.length).toBeGreaterThan(0);
        const links = [...html.matchAll(/<a class="ep-article" href="([^"]*)" data-article="([^"]*)" aria-label="([^"]*)"(?: style="[^"]*")?>/g)];
        expect(links.map((m) => m[2])).toEqual(ids);
        for (const m of links) {
          const id = m[2] as string;
          expect(m[1]).toBe(href(page.code, id));
          const article = built.edition.pages.flatMap((p) => p.articles).find((a) => a.id === id);
          if (article?.headline) expect(unescape(m[3] as string)).toBe(article.headline);
          expect((m[3] as string).length).toBeGreaterThan(0);
        }
        // The boxes themselves say which article they belong to.
        for (const id of ids) expect(html).toContain(`class="ep-box" data-kind="article" data-article="${id}"`);
      }
    }
  });

  it('draws photos as images or placeholders and rules as thin lines, with the page language', () => {
    const p2 = twoPages.pages[1] as FramePage;
    const html2 = renderPageHtml(p2, ctx(twoPages.edition));
    expect(html2).toContain('<img class="ep-img" src="images/flowers.jpg" alt="游客在花丛中拍照。"');
    const p1 = front.pages[0] as FramePage;
    const html1 = renderPageHtml(p1, ctx(front.edition));
    const photos = p1.boxes.filter((b) => b.kind === 'photo');
    expect(photos.length).toBeGreaterThan(0);
    expect((html1.match(/class="ep-ph"/g) ?? []).length).toBe(photos.filter((b) => !b.image?.file).length);
    const rules = p1.boxes.filter((b) => b.kind === 'rule');
    expect((html1.match(/class="ep-rule/g) ?? []).length).toBe(rules.length);
    expect(html1).toMatch(/^<article class="ep-page" data-page="1" lang="zh-CN"/);
    expect(html1).toContain(`--w:${p1.width}px;--h:${p1.height}px`);
  });

  it('needs no external resources in its CSS', () => {
    const css = pageCss();
    expect(css).toContain('.ep-page');
    expect(css).not.toMatch(/url\(|@import/);
  });
});
