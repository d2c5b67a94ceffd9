/**
 * Page images without system fonts: an SVG of the page's boxes and lines, and WebP thumbnails of it
 * rasterised by sharp (librsvg). Text is greeked: each line is drawn as grey bars over the space its
 * glyphs take, split at spaces, with a height from the font size and the weight of the font role, and
 * darker for headlines. Like every renderer, this draws the frames as they are and measures nothing.
 */
import sharp from 'sharp';
import { LINE_BOX, type FrameBox, type FrameLine, type FramePage, type LineRole } from '../../layout/types.js';

export interface SvgOptions {
  /** Draw text as grey bars (default true); false writes the text itself as SVG <text>. */
  greek?: boolean;
}

export interface ThumbnailOptions {
  /** Width in pixels (default 240); the height follows the page's proportions. */
  width?: number;
}

const DEFAULT_THUMBNAIL_WIDTH = 240;
const RULE_WIDTH = 0.5;
const PLACEHOLDER = '#e0e0e0';

/** Roles drawn dark: display type. */
const DARK_ROLES = new Set<LineRole>(['masthead', 'banner', 'headline', 'logo', 'ear']);
/** Roles drawn a little darker than body text. */
const MEDIUM_ROLES = new Set<LineRole>(['kicker', 'deck', 'banner-sub', 'subhead', 'teaser-head', 'folio', 'jump']);

/** The page as SVG, in points (viewBox = the page), with a white background. */
export function renderPageSvg(page: FramePage, opts: SvgOptions = {}): string {
  const greek = opts.greek ?? true;
  const w = num(page.width);
  const h = num(page.height);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
  ];
  for (const box of page.boxes) {
    const graphic = boxGraphic(box);
    if (graphic) out.push(graphic);
  }
  for (const box of page.boxes) {
    for (const line of box.lines) {
      const drawn = greek ? greekLine(line) : textLine(line);
      if (drawn) out.push(drawn);
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

/** A WebP thumbnail of the greeked page, `width` pixels wide. */
export async function renderThumbnail(page: FramePage, opts: ThumbnailOptions = {}): Promise<Buffer> {
  const width = Math.max(1, Math.round(opts.width ?? DEFAULT_THUMBNAIL_WIDTH));
  const height = Math.max(1, Math.round((width * page.height) / page.width));
  // Rasterise at twice the target size, then downsample, for smooth thin bars and rules.
  const density = Math.min(2400, Math.max(1, (72 * 2 * width) / page.width));
  return sharp(Buffer.from(renderPageSvg(page, { greek: true })), { density })
    .resize({ width, height, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .webp({ quality: 80 })
    .toBuffer();
}

/** Photos as neutral placeholders, rules as the PDF draws them. */
function boxGraphic(box: FrameBox): string | null {
  if (box.kind === 'photo') {
    if (!(box.width > 0 && box.height > 0)) return null;
    return `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" fill="${PLACEHOLDER}"/>`;
  }
  if (box.kind !== 'rule') return null;
  const thin = Math.min(box.width, box.height);
  if (thin <= 0) {
    if (box.width <= 0 && box.height <= 0) return null;
    const horizontal = box.width >= box.height;
    const x2 = horizontal ? box.x + box.width : box.x;
    const y2 = horizontal ? box.y : box.y + box.height;
    return `<line x1="${num(box.x)}" y1="${num(box.y)}" x2="${num(x2)}" y2="${num(y2)}" stroke="#000" stroke-width="${RULE_WIDTH}"/>`;
  }
  if (thin <= 3) return `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" fill="#000"/>`;
  const inset = RULE_WIDTH / 2;
  return (
    `<rect x="${num(box.x + inset)}" y="${num(box.y + inset)}" width="${num(box.width - RULE_WIDTH)}" ` +
    `height="${num(box.height - RULE_WIDTH)}" fill="none" stroke="#000" stroke-width="${RULE_WIDTH}"/>`
  );
}

/** Weight of a font role from its name: 0 regular, 1 bold, 2 black. */
function weightOf(font: string): number {
  if (/black|heavy|extra-?bold/i.test(font)) return 2;
  if (/bold|semi|medium/i.test(font)) return 1;
  return 0;
}

/** Grey level (0 black .. 1 white) of a greeked line. */
function barGray(line: FrameLine): number {
  const weight = weightOf(line.font);
  let base = DARK_ROLES.has(line.role) ? 0.3 : MEDIUM_ROLES.has(line.role) ? 0.5 : 0.68;
  base -= weight * 0.08;
  const ink = line.gray ?? 0;
  // Lighter text (gray > 0) lightens the bar towards white.
  return Math.min(0.92, Math.max(0.1, base + (1 - base) * Math.min(1, Math.max(0, ink)) * 0.8));
}

/** Spans of a line to draw as bars: from x + xs[i] of each run of non-space characters. */
function barSpans(line: FrameLine): Array<[number, number]> {
  const chars = [...line.text];
  const spans: Array<[number, number]> = [];
  let start: number | null = null;
  const xsAt = (i: number) => line.xs[i] ?? (i > 0 ? (line.xs[i - 1] ?? 0) + line.size : 0);
  const end = Math.max(line.width, xsAt(chars.length - 1) + line.size * 0.5);
  chars.forEach((ch, i) => {
    const blank = /\s/u.test(ch) || isControl(ch.codePointAt(0) as number);
    if (blank) {
      if (start !== null) spans.push([start, xsAt(i)]);
      start = null;
    } else if (start === null) {
      start = xsAt(i);
    }
  });
  if (start !== null) spans.push([start, end]);
  return spans.filter(([a, b]) => b > a);
}

function greekLine(line: FrameLine): string | null {
  if (line.text.length === 0 || !(line.size > 0)) return null;
  const spans = barSpans(line);
  if (spans.length === 0) return null;
  const weight = weightOf(line.font);
  const height = line.size * (0.5 + weight * 0.08);
  // Centred on the middle of the ideographic em box.
  const top = line.y - line.size * ((LINE_BOX.top - LINE_BOX.bottom) / 2) - height / 2;
  const v = Math.round(barGray(line) * 255);
  const fill = `rgb(${v},${v},${v})`;
  const d = spans
    .map(([a, b]) => `M${num(line.x + a)} ${num(top)}h${num(b - a)}v${num(height)}h${num(a - b)}z`)
    .join('');
  return `<path d="${d}" fill="${fill}"/>`;
}

/** The line as SVG text, each character at x + xs[i] (for viewers that have the fonts). */
function textLine(line: FrameLine): string | null {
  if (line.text.length === 0 || !(line.size > 0)) return null;
  let text = '';
  const xs: string[] = [];
  let i = 0;
  for (const ch of line.text) {
    const k = i++;
    const cp = ch.codePointAt(0) as number;
    if (isControl(cp) || !isXmlChar(cp)) continue;
    text += ch;
    xs.push(num(line.x + (line.xs[k] ?? 0)));
  }
  if (text.length === 0) return null;
  const family = /sans/i.test(line.font) ? 'sans-serif' : 'serif';
  const weight = [400, 700, 900][weightOf(line.font)];
  const gray = Math.round(Math.min(1, Math.max(0, line.gray ?? 0)) * 255);
  const fill = gray > 0 ? ` fill="rgb(${gray},${gray},${gray})"` : '';
  return (
    `<text x="${xs.join(' ')}" y="${num(line.y)}" font-size="${num(line.size)}" font-family="${family}" ` +
    `font-weight="${weight}"${fill} xml:space="preserve">${escapeXml(text)}</text>`
  );
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** Characters XML allows (controls are filtered before). */
function isXmlChar(cp: number): boolean {
  return !(cp >= 0xd800 && cp <= 0xdfff) && cp !== 0xfffe && cp !== 0xffff;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 100) / 100;
  return r === 0 ? '0' : String(r);
}
