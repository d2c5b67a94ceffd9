/**
 * HTML renderer: draws frames as absolutely positioned HTML text, exactly where the PDF draws them.
 * It never measures or breaks text: every FrameLine becomes one element at the line's position, and
 * every code point sits at x + xs[i].
 *
 * Units: the page element is sized in pt (1 CSS px = 1 pt at --scale 1, set as --w and --h); the viewer
 * scales it as a whole. Inside it, everything is drawn in a layer of UNIT px per pt scaled down by
 * 1/UNIT, because browsers keep inline positions and spacing on a 1/64 px grid: at UNIT px per pt
 * that grid is 1/(64·UNIT) pt fine.
 *
 * Horizontal placement: a line element starts at its first glyph (x + xs[0]); the glyphs then follow
 * one another in normal inline flow, each advancing by its font advance plus the letter-spacing of
 * the element holding it (plus word-spacing after U+0020). The distance from one glyph to the next
 * beyond its advance is therefore written as letter-spacing: the most common value on the line is set
 * on the line element, glyphs that need another value are wrapped in a <span> carrying it. Spacing,
 * offsets and widths are written as exact multiples of 1/64 px so that browsers use them unrounded. A
 * glyph the font lacks (drawn by a fallback font with an unknown advance) sits in an inline-block of
 * the exact width to the next glyph. The positions a browser computes from the written numbers are
 * simulated while writing, so rounding never accumulates along a line.
 *
 * Vertical placement: a line element has line-height 0 and ends with an inline-block 1.2em high whose
 * bottom sits 0.2em below the baseline; that block alone decides where the line box starts, so the
 * baseline lies exactly 1em below the element's top whatever the font's ascent and descent. `top` is
 * the baseline and pageCss() moves the element up by 1em.
 */
import type { Edition } from '../../model/schema.js';
import { loadFontSet, type FontSet } from '../../layout/fonts/index.js';
import { pageSlug } from '../../layout/index.js';
import type { FrameBox, FrameLine, FramePage } from '../../layout/types.js';

export interface HtmlPageContext {
  /** For article headlines, page sections and the page language. */
  edition: Edition;
  /** CSS font-family name to use for a font role (e.g. 'ep-serif'). */
  fontFamily(role: string): string;
  /** URL of a page (by its code, FramePage.code) and article in the viewer, e.g. '#p2/p2-a1'. */
  pageHref(code: string, article?: string | null): string;
  /** URL an article's tap target opens (the article view); defaults to pageHref(code, article). */
  articleHref?(code: string, article: string): string;
  /**
   * Fonts the frames were laid out with (glyph advances). Defaults to the bundled fonts of
   * fonts/manifest.json; pass the template's FontSet when the template overrides font files.
   */
  fonts?: Pick<FontSet, 'metrics' | 'hasGlyph'>;
  /** URL of a photo of the edition's images/ folder; defaults to images/<file>. */
  imageHref?(file: string): string;
}

/** CSS px per pt inside the page's drawing layer (see the module comment). */
export const UNIT = 4;
/** Font roles that get a class (f0 … f15) in pageCss(); further roles name their family inline. */
const ROLE_CLASSES = 16;
/** Largest distance, in layer px, a glyph may sit from its xs position before it gets its own spacing. */
const TOLERANCE = 0.1;
/** The browsers' grid for inline positions, in px. */
const GRID = 64;
const PLACEHOLDER = '#e0e0e0';
const RULE_WIDTH = 0.5;

let defaultFonts: FontSet | null = null;

function fontsOf(ctx: HtmlPageContext): Pick<FontSet, 'metrics' | 'hasGlyph'> {
  if (ctx.fonts) return ctx.fonts;
  defaultFonts ??= loadFontSet();
  return defaultFonts;
}

/** The CSS every page fragment needs; it loads nothing (fonts come from fontFaceCss). */
export function pageCss(): string {
  const roles: string[] = [];
  for (let i = 0; i < ROLE_CLASSES; i++) roles.push(`.ep-page .f${i}{font-family:var(--f${i})}`);
  return [
    '.ep-page{position:relative;display:block;box-sizing:border-box;width:var(--w);height:var(--h);margin:0;padding:0;',
    'overflow:hidden;isolation:isolate;background:#fff;color:#000;transform:scale(var(--scale,1));transform-origin:0 0;',
    'font-size:10px;line-height:normal;text-align:left;direction:ltr;-webkit-text-size-adjust:none;text-size-adjust:none}',
    `.ep-page>.ep-layer{position:absolute;left:0;top:0;width:calc(var(--w)*${UNIT});height:calc(var(--h)*${UNIT});`,
    `transform:scale(${1 / UNIT});transform-origin:0 0}`,
    '.ep-page .l{position:absolute;display:block;margin:-1em 0 0;padding:0;white-space:pre;line-height:0;',
    'font-weight:400;font-style:normal;font-kerning:none;font-variant-ligatures:none;font-feature-settings:normal;',
    'font-synthesis:none;font-optical-sizing:none;text-rendering:geometricPrecision;text-transform:none;text-indent:0;',
    'text-autospace:no-autospace;text-spacing-trim:space-all;unicode-bidi:bidi-override;direction:ltr;',
    'word-break:keep-all;overflow-wrap:normal;text-decoration:none;color:inherit}',
    '.ep-page .l::after{content:"";display:inline-block;width:0;height:1.2em;vertical-align:-.2em}',
    '.ep-page .l .g{display:inline-block;overflow:visible;letter-spacing:0;word-spacing:0}',
    '.ep-page a.l[href]{cursor:pointer}',
    '.ep-page a.l[href]:hover,.ep-page a.l[href]:focus-visible{text-decoration:underline}',
    '.ep-page a.l[aria-disabled]{cursor:not-allowed;opacity:.7}',
    '.ep-page a.l[data-jump]{z-index:2}',
    `.ep-page a.l[data-jump]::before{content:"";position:absolute;left:50%;top:50%;width:max(100%,calc(${44 * UNIT}px / var(--ep-zoom,1)));`,
    `height:max(1.2em,calc(${44 * UNIT}px / var(--ep-zoom,1)));transform:translate(-50%,-50%)}`,
    '.ep-page .ep-article{position:absolute;display:block;color:inherit;pointer-events:none}',
    '.ep-page .ep-article i{position:absolute;display:block;pointer-events:auto;cursor:pointer}',
    '.ep-page .ep-article:hover i{background:rgba(0,80,200,.06)}',
    '.ep-page .ep-article:focus-visible{outline:none}',
    `.ep-page .ep-article:focus-visible i{outline:${2 * UNIT}px solid #1a5fd0;background:rgba(0,80,200,.08)}`,
    `.ep-page .ep-ph,.ep-page .ep-img,.ep-page .ep-rule{position:absolute;display:block;box-sizing:border-box;z-index:-1}`,
    `.ep-page .ep-ph{background:${PLACEHOLDER}}`,
    '.ep-page .ep-img{object-fit:cover;object-position:50% 50%;max-width:none}',
    '.ep-page .ep-rule{background:#000}',
    `.ep-page .ep-rule.o{background:none;border:${RULE_WIDTH * UNIT}px solid #000}`,
    ...roles,
  ].join('');
}

/** One page as an <article class="ep-page"> fragment. */
export function renderPageHtml(page: FramePage, ctx: HtmlPageContext): string {
  const fonts = fontsOf(ctx);
  const modelPage = ctx.edition.pages.find((p) => p.code === page.code) ?? ctx.edition.pages.find((p) => p.code == null && p.number === page.number);
  const headlines = articleLabels(ctx.edition, page);

  // Font roles in order of first use on this page.
  const roleIndex = new Map<string, number>();
  for (const box of page.boxes) {
    for (const line of box.lines) if (!roleIndex.has(line.font)) roleIndex.set(line.font, roleIndex.size);
  }
  const vars = [`--w:${round(page.width, 3)}px`, `--h:${round(page.height, 3)}px`];
  for (const [role, i] of roleIndex) if (i < ROLE_CLASSES) vars.push(`--f${i}:${familyValue(ctx.fontFamily(role), role)}`);

  const slug = pageSlug(page.code);
  const label = `第${slug}版${modelPage?.section ? ` ${modelPage.section}` : ''}`;
  const out: string[] = [
    `<article class="ep-page" data-page="${attr(slug)}" lang="${attr(ctx.edition.lang || 'zh-CN')}" aria-label="${attr(label)}" style="${attr(vars.join(';'))}">`,
    '<div class="ep-layer">',
  ];

  // Each article's boxes on this page, for its link overlay.
  const articleBoxes = new Map<string, FrameBox[]>();
  for (const box of page.boxes) {
    if (!box.article) continue;
    const list = articleBoxes.get(box.article);
    if (list) list.push(box);
    else articleBoxes.set(box.article, [box]);
  }
  const linked = new Set<string>();

  for (const box of page.boxes) {
    if (box.kind === 'rule') {
      const rule = ruleHtml(box);
      if (rule) out.push(rule);
      continue;
    }
    if (box.article && !linked.has(box.article)) {
      linked.add(box.article);
      out.push(articleLink(page.code, box.article, articleBoxes.get(box.article) ?? [box], headlines, ctx));
    }
    const groupAttrs = `class="ep-box" data-kind="${attr(box.kind)}"${box.article ? ` data-article="${attr(box.article)}"` : ''}`;
    out.push(`<div ${groupAttrs}>`);
    if (box.kind === 'photo') out.push(photoHtml(box, ctx));
    for (const line of box.lines) {
      const html = lineHtml(line, roleIndex, fonts, ctx);
      if (html) out.push(html);
    }
    out.push('</div>');
  }
  out.push('</div>', '</article>');
  return out.join('\n');
}

/** aria-label of each article on the page: its headline, else kicker, deck or its first line. */
function articleLabels(edition: Edition, page: FramePage): Map<string, string> {
  const labels = new Map<string, string>();
  for (const p of edition.pages) {
    for (const a of p.articles) {
      const text = a.headline ?? a.kicker ?? a.deck;
      if (text) labels.set(a.id, text);
    }
  }
  for (const box of page.boxes) {
    if (!box.article || labels.has(box.article)) continue;
    const first = box.lines.find((l) => l.text.trim().length > 0);
    if (first) labels.set(box.article, first.text.trim());
  }
  return labels;
}

/**
 * An article's link: a block over the bounding box of the article's boxes on the page (so that focus
 * scrolls to the article), clickable only on the boxes themselves, which it holds as <i> rectangles.
 */
function articleLink(
  pageCode: string,
  id: string,
  boxes: FrameBox[],
  labels: Map<string, string>,
  ctx: HtmlPageContext,
): string {
  const areas = boxes.filter((b) => b.width > 0 && b.height > 0);
  const left = Math.min(...areas.map((b) => b.x));
  const top = Math.min(...areas.map((b) => b.y));
  const right = Math.max(...areas.map((b) => b.x + b.width));
  const bottom = Math.max(...areas.map((b) => b.y + b.height));
  const label = labels.get(id) ?? `文章 ${id}`;
  const href = ctx.articleHref ? ctx.articleHref(pageCode, id) : ctx.pageHref(pageCode, id);
  const open = `<a class="ep-article" href="${attr(href)}" data-article="${attr(id)}" aria-label="${attr(label)}"`;
  if (areas.length === 0) return `${open}></a>`;
  const rects = areas.map((b) => `<i style="${rectStyle(b.x - left, b.y - top, b.width, b.height)}"></i>`).join('');
  return `${open} style="${rectStyle(left, top, right - left, bottom - top)}">${rects}</a>`;
}

function photoHtml(box: FrameBox, ctx: HtmlPageContext): string {
  if (!(box.width > 0 && box.height > 0)) return '';
  const style = rectStyle(box.x, box.y, box.width, box.height);
  const file = box.image?.file;
  if (file) {
    const src = ctx.imageHref ? ctx.imageHref(file) : `images/${file.split('/').map(encodeURIComponent).join('/')}`;
    return `<img class="ep-img" src="${attr(src)}" alt="${attr(box.image?.alt ?? '')}" loading="lazy" decoding="async" style="${style}">`;
  }
  return `<div class="ep-ph" aria-hidden="true" style="${style}"></div>`;
}

/** Rules as the PDF draws them: a 0.5 pt line along a zero-width side, a filled bar, or an outline. */
function ruleHtml(box: FrameBox): string | null {
  const thin = Math.min(box.width, box.height);
  if (thin <= 0) {
    if (box.width <= 0 && box.height <= 0) return null;
    const horizontal = box.width >= box.height;
    const style = horizontal
      ? rectStyle(box.x, box.y - RULE_WIDTH / 2, box.width, RULE_WIDTH)
      : rectStyle(box.x - RULE_WIDTH / 2, box.y, RULE_WIDTH, box.height);
    return `<i class="ep-rule" style="${style}"></i>`;
  }
  if (thin <= 3) return `<i class="ep-rule" style="${rectStyle(box.x, box.y, box.width, box.height)}"></i>`;
  return `<i class="ep-rule o" style="${rectStyle(box.x, box.y, box.width, box.height)}"></i>`;
}

/** A rectangle given in pt, as layer px. */
function rectStyle(x: number, y: number, width: number, height: number): string {
  return `left:${px(x * UNIT)};top:${px(y * UNIT)};width:${px(width * UNIT)};height:${px(height * UNIT)}`;
}

/** A glyph of a line as placed, in layer px: its character, target x (from the page's left edge) and advance. */
interface Placed {
  ch: string;
  target: number;
  advance: number;
  space: boolean;
  missing: boolean;
}

/** A run of glyphs written in one element: letter-spacing null means the line's own value. */
export interface Segment {
  text: string;
  spacing: number | null;
  /** Inline-block width for a glyph the font lacks. */
  width?: number;
}

/** One line as written, in layer px (UNIT px per pt, page origin). */
export interface LineLayout {
  /** x of the first glyph. */
  left: number;
  /** Font size. */
  size: number;
  letterSpacing: number;
  wordSpacing: number;
  segments: Segment[];
}

/** Characters CSS word-spacing applies to besides U+0020; lines holding any get no word-spacing. */
const OTHER_WORD_SEPARATORS = /[\u00a0\u1361\u{10100}\u{10101}\u{1039f}\u{1091f}]/u;

/**
 * How a line is written: its start, font size, letter- and word-spacing and the runs of glyphs that
 * need spacing of their own, in layer px. Every spacing, offset and width is a multiple of 1/64 px.
 */
export function lineLayout(line: FrameLine, fonts: Pick<FontSet, 'metrics' | 'hasGlyph'>): LineLayout | null {
  if (line.text.length === 0 || !(line.size > 0)) return null;
  const size = round(line.size * UNIT, 3);
  const metrics = fonts.metrics(line.font);
  const glyphs: Placed[] = [];
  let index = 0;
  let previous: number | null = null;
  for (const ch of line.text) {
    const i = index++;
    const cp = ch.codePointAt(0) as number;
    if (isControl(cp)) continue;
    const advance = metrics.advance(cp) * size;
    const offset = line.xs[i];
    const target: number =
      offset !== undefined && Number.isFinite(offset) ? (line.x + offset) * UNIT : (previous ?? line.x * UNIT);
    glyphs.push({ ch, target, advance, space: cp === 0x20, missing: !fonts.hasGlyph(line.font, cp) });
    previous = target + advance;
  }
  if (glyphs.length === 0) return null;

  // Spacing each glyph needs after it to reach the next one, and the most common values.
  const ideal = (k: number) => (glyphs[k + 1] as Placed).target - (glyphs[k] as Placed).target - (glyphs[k] as Placed).advance;
  const counts = new Map<number, number>();
  for (let k = 0; k + 1 < glyphs.length; k++) {
    const g = glyphs[k] as Placed;
    if (g.space || g.missing) continue;
    const v = grid(ideal(k));
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const letterSpacing = mode(counts);
  let wordSpacing = 0;
  if (!OTHER_WORD_SEPARATORS.test(line.text)) {
    const spaces = new Map<number, number>();
    for (let k = 0; k + 1 < glyphs.length; k++) {
      const g = glyphs[k] as Placed;
      if (!g.space || g.missing) continue;
      const v = grid(ideal(k) - letterSpacing);
      spaces.set(v, (spaces.get(v) ?? 0) + 1);
    }
    wordSpacing = mode(spaces);
  }

  // Walk the glyphs with the pen a browser would use, giving a glyph its own spacing only when the
  // line's spacing would put the next glyph more than TOLERANCE from its place.
  const left = grid((glyphs[0] as Placed).target);
  const segments: Segment[] = [];
  let pen = left;
  for (let k = 0; k < glyphs.length; k++) {
    const g = glyphs[k] as Placed;
    const next = glyphs[k + 1];
    if (g.missing) {
      const width = next ? Math.max(0, grid(next.target - pen)) : grid(g.advance);
      segments.push({ text: g.ch, spacing: null, width });
      pen += width;
      continue;
    }
    const extra = g.space ? wordSpacing : 0;
    let spacing: number | null = null;
    if (next) {
      const needed = next.target - (pen + g.advance) - extra;
      if (Math.abs(needed - letterSpacing) > TOLERANCE) spacing = grid(needed);
    }
    pen += g.advance + (spacing ?? letterSpacing) + extra;
    const last = segments[segments.length - 1];
    if (last && last.width === undefined && last.spacing === spacing) last.text += g.ch;
    else segments.push({ text: g.ch, spacing });
  }
  return { left, size, letterSpacing, wordSpacing, segments };
}

function lineHtml(
  line: FrameLine,
  roleIndex: Map<string, number>,
  fonts: Pick<FontSet, 'metrics' | 'hasGlyph'>,
  ctx: HtmlPageContext,
): string | null {
  const laid = lineLayout(line, fonts);
  if (!laid) return null;
  const styles = [`left:${gridPx(laid.left)}`, `top:${px(line.y * UNIT)}`, `font-size:${px(laid.size)}`];
  if (laid.letterSpacing !== 0) styles.push(`letter-spacing:${gridPx(laid.letterSpacing)}`);
  if (laid.wordSpacing !== 0) styles.push(`word-spacing:${gridPx(laid.wordSpacing)}`);
  const gray = clampGray(line.gray);
  if (gray > 0) styles.push(`color:${grayHex(gray)}`);
  const fontClass = roleIndex.get(line.font);
  let cls = 'l';
  if (fontClass !== undefined && fontClass < ROLE_CLASSES) cls += ` f${fontClass}`;
  else styles.push(`font-family:${familyValue(ctx.fontFamily(line.font), line.font)}`);

  let inner = '';
  for (const segment of laid.segments) {
    const text = escapeText(segment.text);
    if (segment.width !== undefined) inner += `<span class="g" style="width:${gridPx(segment.width)}">${text}</span>`;
    else if (segment.spacing === null) inner += text;
    else inner += `<span style="letter-spacing:${gridPx(segment.spacing)}">${text}</span>`;
  }

  const style = `style="${attr(styles.join(';'))}"`;
  const link = line.link;
  if (!link) return `<div class="${cls}" ${style}>${inner}</div>`;
  const kind = `data-link="${attr(link.kind)}"`;
  const target = link.code != null ? pageSlug(link.code) : null;
  const pageAttr = target != null ? ` data-page="${attr(target)}"` : '';
  const articleAttr = link.article ? ` data-article="${attr(link.article)}"` : '';
  if (link.resolved && link.code != null) {
    const href = attr(ctx.pageHref(link.code, link.article));
    return `<a class="${cls}" data-jump ${kind} href="${href}"${pageAttr}${articleAttr} ${style}>${inner}</a>`;
  }
  const title = target != null ? `第${target}版未收录` : '链接的版面未收录';
  return `<a class="${cls}" data-jump ${kind} role="link" aria-disabled="true" title="${attr(title)}"${pageAttr}${articleAttr} ${style}>${inner}</a>`;
}

/** The most frequent value (ties: the smallest magnitude), or 0 for none. */
function mode(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && Math.abs(value) < Math.abs(best))) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** A font-family value: the family as a CSS string, then a generic family for the role. */
function familyValue(family: string, role: string): string {
  const quoted = `"${family.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
  return `${quoted},${/sans/i.test(role) ? 'sans-serif' : 'serif'}`;
}

/** C0 and C1 control characters are not drawn (as in the PDF). */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

function clampGray(gray: number | undefined): number {
  if (gray === undefined || !Number.isFinite(gray)) return 0;
  return Math.min(1, Math.max(0, gray));
}

function grayHex(gray: number): string {
  const v = Math.round(gray * 255)
    .toString(16)
    .padStart(2, '0');
  return `#${v}${v}${v}`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return r === 0 ? 0 : r;
}

/** The nearest multiple of 1/64. */
function grid(n: number): number {
  const r = Math.round(n * GRID) / GRID;
  return r === 0 ? 0 : r;
}

/** A multiple of 1/64 as an exact CSS length (every such number has a short exact decimal form). */
function gridPx(n: number): string {
  const r = grid(n);
  if (r === 0) return '0';
  return `${String(r).replace(/^(-?)0\./, '$1.')}px`;
}

/** A CSS length in px without superfluous zeros ("0", ".5px", "-4.5px"). */
function px(n: number): string {
  if (!Number.isFinite(n) || n === 0) return '0';
  const s = String(round(n, 3));
  if (s === '0') return '0';
  return `${s.replace(/^(-?)0\./, '$1.')}px`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function attr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
