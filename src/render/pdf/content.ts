/**
 * Content drawing: text lines, rules and photos, exactly as laid out.
 *
 * Text: every line becomes one text object whose glyphs sit on the line's baseline, each at x + xs[i].
 * The distance from one glyph to the next beyond its advance width is written as character spacing
 * (Tc), set again only where it changes, and the line's text is attached as ActualText, so text
 * extraction reads each line as exactly its text.
 */
import { LINE_BOX, type FrameBox, type FrameLine } from '../../layout/types.js';
import { glyphVariant, missingGlyph, placeGlyph, type DocFont, type DocumentFonts, type PlacedGlyph } from './fonts.js';
import { imageKey, type PreparedImage } from './images.js';
import { num, round3 } from './numbers.js';
import type { PdfPage, PdfWriter } from './pdfkit.js';

const PLACEHOLDER_GRAY = 0.88;
const RULE_WIDTH = 0.5;
/** Largest distance, in points, a glyph may sit from its xs position before the spacing is reset. */
const POSITION_TOLERANCE = 0.01;
/**
 * Space after a glyph, in em, from which the glyph is drawn as a variant whose advance includes that
 * space rather than followed by character spacing: text extractors that read positions (pdf.js takes
 * a gap over 0.102 em for a word space) then see the characters as set, without gaps.
 */
const GAP_IN_ADVANCE = 0.08;
/**
 * Steps, in em, of the advances such variants get (the rest of the gap is character spacing, well
 * under a word space): coarse enough that lines of one justification share their variants.
 */
const VARIANT_STEP = 0.01;

/** Text state carried from line to line within a page's text block. */
export interface TextState {
  fontId: string | null;
  size: number;
  gray: number;
  /** Character spacing (Tc) in points. */
  tc: number;
}

/** The operator opening a page's text block (PDF's own y-up coordinates) and its initial state. */
export function beginText(pageHeight: number): { operators: string; state: TextState } {
  // Undo pdfkit's y-down page transform so that text is written in PDF's own coordinates.
  return { operators: `q 1 0 0 -1 0 ${num(pageHeight)} cm 0 g 0 Tc`, state: { fontId: null, size: -1, gray: 0, tc: 0 } };
}

export interface LineDrawing {
  /** Never draw .notdef (PDF/A): characters without a glyph are drawn blank, their text kept. */
  skipNotdef?: boolean;
  /** Returns the operator opening the line's marked content (closed with EMC after the line). */
  open?: () => string;
}

/** The glyphs of a line to draw, their code points, the xs position each should sit at, and the text drawn. */
interface LineGlyphs {
  font: DocFont;
  glyphs: PlacedGlyph[];
  cps: number[];
  wanted: Array<number | undefined>;
  drawn: string;
}

function lineGlyphs(line: FrameLine, fonts: DocumentFonts, skipNotdef: boolean): LineGlyphs {
  const font = fonts.get(line.font);
  const glyphs: PlacedGlyph[] = [];
  const cps: number[] = [];
  const wanted: Array<number | undefined> = [];
  const text = line.text;
  let controls = false;
  let index = 0;
  for (let u = 0; u < text.length; ) {
    // Code point by code point, as a string iterates (a lone surrogate is one).
    let cp = text.charCodeAt(u++);
    if (cp >= 0xd800 && cp <= 0xdbff && u < text.length) {
      const low = text.charCodeAt(u);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        u++;
      }
    }
    const i = index++;
    if (isControl(cp)) {
      controls = true;
      continue;
    }
    let glyph: PlacedGlyph | null = placeGlyph(font, cp);
    // A character without a glyph keeps its text in ToUnicode through a stand-in glyph.
    if (glyph.gid === 0) glyph = missingGlyph(font, cp, !skipNotdef) ?? (skipNotdef ? null : glyph);
    if (!glyph) continue;
    glyphs.push(glyph);
    cps.push(cp);
    wanted.push(line.xs[i]);
  }
  const drawn = controls ? [...text].filter((char) => !isControl(char.codePointAt(0) as number)).join('') : text;
  return { font, glyphs, cps, wanted, drawn };
}

/** Tf, g and Tm for a line, each only where the state changes. */
function lineSetup(out: string[], state: TextState, line: FrameLine, fontId: string, startX: number, pageHeight: number): void {
  if (state.fontId !== fontId || state.size !== line.size) {
    out.push(`/${fontId} ${num(line.size)} Tf`);
    state.fontId = fontId;
    state.size = line.size;
  }
  const gray = clampGray(line.gray);
  if (gray !== state.gray) {
    out.push(`${num(gray)} g`);
    state.gray = gray;
  }
  out.push(`1 0 0 1 ${num(line.x + startX)} ${num(pageHeight - line.y)} Tm`);
}

/**
 * The glyph to draw when the next one should sit at `next`: a glyph followed by a gap a text
 * extractor would read as a word space becomes a variant whose advance spans the gap.
 */
function spanningGlyph(font: DocFont, glyph: PlacedGlyph, cp: number, pen: number, next: number | undefined, size: number): PlacedGlyph {
  if (next === undefined) return glyph;
  const gap = next - (pen + (glyph.width * size) / 1000);
  if (!(gap > GAP_IN_ADVANCE * size)) return glyph;
  const step = Math.max(1, Math.round(VARIANT_STEP * font.unitsPerEm));
  const extra = Math.round((gap / size) * (font.unitsPerEm / step)) * step;
  return glyphVariant(font, glyph, glyph.units + extra, cp) ?? glyph;
}

/** Runs of glyphs shown with Tj, Tc set between runs wherever the spacing changes. */
function glyphRuns(out: string[], state: TextState, font: DocFont, line: LineGlyphs, size: number): void {
  const { glyphs, wanted, cps } = line;
  // Pen position relative to line.x, in points, as a viewer computes it from the written numbers.
  let pen = wanted[0] ?? 0;
  let run = '';
  for (let k = 0; k < glyphs.length; k++) {
    const next = k + 1 < glyphs.length ? wanted[k + 1] : undefined;
    const glyph = spanningGlyph(font, glyphs[k] as PlacedGlyph, cps[k] as number, pen, next, size);
    const natural = (glyph.width * size) / 1000;
    if (next !== undefined) {
      const needed = next - (pen + natural);
      if (Math.abs(needed - state.tc) > POSITION_TOLERANCE) {
        if (run) out.push(`<${run}> Tj`);
        run = '';
        state.tc = Number(num(needed));
        out.push(`${num(state.tc)} Tc`);
      }
    }
    run += glyph.hex;
    pen += natural + state.tc;
  }
  if (run) out.push(`<${run}> Tj`);
}

/**
 * Writes one line as one text object: font and size, a text matrix at the first glyph's position,
 * then runs of glyphs. Returns the operators, or null when nothing is drawn.
 */
export function drawLine(
  writer: PdfWriter,
  page: PdfPage,
  state: TextState,
  line: FrameLine,
  pageHeight: number,
  fonts: DocumentFonts,
  drawing: LineDrawing = {},
): string | null {
  if (line.text.length === 0 || !(line.size > 0)) return null;
  const glyphs = lineGlyphs(line, fonts, drawing.skipNotdef ?? false);
  const { font, wanted, drawn } = glyphs;
  if (glyphs.glyphs.length === 0) return null;
  writer.useFont(page, font.id, font.ref);

  // The line's text as ActualText, so extraction yields exactly this text whatever the spacing.
  const out: string[] = [];
  if (drawing.open) out.push(drawing.open());
  out.push(`/Span <</ActualText <FEFF${utf16Hex(drawn)}>>> BDC`, 'BT');
  lineSetup(out, state, line, font.id, wanted[0] ?? 0, pageHeight);
  glyphRuns(out, state, font, glyphs, line.size);
  out.push('ET', 'EMC');
  if (drawing.open) out.push('EMC');
  return out.join('\n');
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** UTF-16BE code units of a string, as hex digits; a lone surrogate becomes U+FFFD (valid UTF-16). */
function utf16Hex(text: string): string {
  const valid = SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\ufffd') : text;
  return Buffer.from(valid, 'utf16le').swap16().toString('hex');
}

function clampGray(gray: number | undefined): number {
  if (gray === undefined || !Number.isFinite(gray)) return 0;
  return Math.min(1, Math.max(0, Math.round(gray * 1000) / 1000));
}

/** C0 and C1 control characters are not drawn (their xs entries are skipped). */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** Link rectangle around a line (the ideographic em box), in PDF coordinates. */
export function linkRect(line: FrameLine, pageHeight: number): number[] {
  const top = line.y - line.size * LINE_BOX.top;
  const bottom = line.y + line.size * LINE_BOX.bottom;
  return [line.x, pageHeight - bottom, line.x + line.width, pageHeight - top].map(round3);
}

/** Whether a photo or rule box has an area or line to draw. */
function drawable(box: FrameBox): boolean {
  return box.kind === 'photo' ? box.width > 0 && box.height > 0 : box.width >= 0 && box.height >= 0;
}

/** Photos (image or placeholder) and rules, in pdfkit's y-down coordinates; drawn before any text. */
export function drawBoxGraphics(writer: PdfWriter, page: PdfPage, box: FrameBox, images: Map<string, PreparedImage>, open?: () => string): void {
  if (box.kind !== 'photo' && box.kind !== 'rule') return;
  // Rules are drawn whatever their size unless they are marked content.
  if ((box.kind === 'photo' || open) && !drawable(box)) return;
  if (open) writer.write(page, open());
  if (box.kind === 'photo') drawPhoto(writer, page, box, images);
  else writer.write(page, ruleOperators(box));
  if (open) writer.write(page, 'EMC');
}

function drawPhoto(writer: PdfWriter, page: PdfPage, box: FrameBox, images: Map<string, PreparedImage>): void {
  const image = box.image?.file ? images.get(imageKey(box.image.file, box.width, box.height)) : undefined;
  if (image) writer.drawImage(image, image.data, box.x, box.y, box.width, box.height);
  else writer.write(page, `q ${num(PLACEHOLDER_GRAY)} g ${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)} re f Q`);
}

function ruleOperators(box: FrameBox): string {
  const thin = Math.min(box.width, box.height);
  if (thin <= 0) {
    // A zero-height or zero-width box: a line along its long side.
    const horizontal = box.width >= box.height;
    const x2 = horizontal ? box.x + box.width : box.x;
    const y2 = horizontal ? box.y : box.y + box.height;
    return `q 0 G ${num(RULE_WIDTH)} w ${num(box.x)} ${num(box.y)} m ${num(x2)} ${num(y2)} l S Q`;
  }
  if (thin <= 3) return `q 0 g ${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)} re f Q`;
  // A large box marked as a rule: its outline.
  const inset = RULE_WIDTH / 2;
  return `q 0 G ${num(RULE_WIDTH)} w ${num(box.x + inset)} ${num(box.y + inset)} ${num(box.width - RULE_WIDTH)} ${num(box.height - RULE_WIDTH)} re S Q`;
}
