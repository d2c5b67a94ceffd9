/**
 * Share preview images (1200×630, the Open Graph card size) for an edition, a page or an article:
 * the paper's name, the headline in large type and a line naming the page and date. sharp draws SVG
 * without the project's CJK fonts, so every glyph is written as an SVG path taken from the bundled
 * fonts with fontkit; nothing depends on fonts installed on the machine.
 */
import sharp from 'sharp';
import { loadFontSet, type FontSet } from '../../layout/fonts/index.js';
import { indexedPng } from './png.js';

export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

export interface ShareCard {
  /** Paper name, drawn as the masthead. */
  paper: string;
  /** Headline (article) or page title; wrapped onto at most three lines. */
  title: string;
  /** Page, section and date line. */
  meta: string;
}

/** The parts of a fontkit font and glyph used here: shaping a line and each glyph's outline. */
interface OutlineGlyph {
  path: { toSVG(): string };
  advanceWidth: number;
}
interface OutlineFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: OutlineGlyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
}

let fonts: FontSet | null = null;
function font(role: string): OutlineFont {
  fonts ??= loadFontSet();
  return fonts.fontkit(role) as unknown as OutlineFont;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** Width of text in px at `size`. */
function measure(f: OutlineFont, text: string, size: number): number {
  return f.layout(text).positions.reduce((w, p) => w + p.xAdvance, 0) * (size / f.unitsPerEm);
}

/** Glyph outlines of one line of text with its baseline at (x, y), as SVG paths. */
export function textPaths(f: OutlineFont, text: string, x: number, y: number, size: number, fill: string): string {
  const run = f.layout(text);
  const s = size / f.unitsPerEm;
  const out: string[] = [];
  let pen = 0;
  run.glyphs.forEach((g, i) => {
    const p = run.positions[i] ?? { xAdvance: g.advanceWidth, xOffset: 0, yOffset: 0 };
    const d = g.path.toSVG();
    if (d) {
      const gx = x + (pen + p.xOffset) * s;
      const gy = y - p.yOffset * s;
      out.push(`<path transform="translate(${gx.toFixed(2)} ${gy.toFixed(2)}) scale(${s.toFixed(5)} ${(-s).toFixed(5)})" d="${esc(d)}"/>`);
    }
    pen += p.xAdvance;
  });
  return `<g fill="${fill}">${out.join('')}</g>`;
}

/** Characters that may not begin a line (禁则): they stay at the end of the line before. */
const NO_LINE_START = /[，。、,.:：;；!！?？）)」』”’》〉…]/u;

/** Breaks text into lines no wider than `width` (by character; CJK needs no word boundaries). */
export function wrap(f: OutlineFont, text: string, size: number, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (line && !NO_LINE_START.test(ch) && measure(f, line + ch, size) > width) {
      if (lines.length === maxLines - 1) {
        lines.push(`${line.slice(0, -1)}…`);
        return lines;
      }
      lines.push(line.trimEnd());
      line = ch === ' ' ? '' : ch;
    } else line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** The card as SVG (every glyph a path). */
export function shareSvg(card: ShareCard): string {
  const margin = 72;
  const inner = SHARE_WIDTH - 2 * margin;
  const mast = font('serif-black');
  const head = font('sans-bold');
  const meta = font('sans');
  let size = 76;
  let lines = wrap(head, card.title, size, inner, 3);
  if (lines.length === 3) {
    size = 64;
    lines = wrap(head, card.title, size, inner, 3);
  }
  const top = 250;
  const body = lines.map((l, i) => textPaths(head, l, margin, top + i * size * 1.3, size, '#111')).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_WIDTH}" height="${SHARE_HEIGHT}" viewBox="0 0 ${SHARE_WIDTH} ${SHARE_HEIGHT}">
<rect width="100%" height="100%" fill="#fbfaf7"/>
<rect x="0" y="0" width="${SHARE_WIDTH}" height="14" fill="#b3261e"/>
${textPaths(mast, card.paper, margin, 130, 64, '#b3261e')}
<rect x="${margin}" y="158" width="${inner}" height="3" fill="#111"/>
${body}
<rect x="${margin}" y="${SHARE_HEIGHT - 96}" width="${inner}" height="1.5" fill="#999"/>
${textPaths(meta, card.meta, margin, SHARE_HEIGHT - 50, 30, '#444')}
</svg>`;
}

/** The card as an indexed-colour PNG of 1200×630 px. */
export async function shareImage(card: ShareCard): Promise<Buffer> {
  const { data, info } = await sharp(Buffer.from(shareSvg(card))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return indexedPng({ width: info.width, height: info.height, data });
}
