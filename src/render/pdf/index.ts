/**
 * PDF renderer: draws frames exactly as laid out, and nothing else (it never measures or breaks text).
 *
 * Text: every line becomes one text object whose glyphs sit on the line's baseline, each at x + xs[i].
 * The distance from one glyph to the next beyond its advance width is written as character spacing
 * (Tc), set again only where it changes, and the line's text is attached as ActualText, so text
 * extraction reads each line as exactly its text. Glyphs come straight from the font's cmap, one glyph
 * per code point and without shaping, so what is drawn is what layout measured.
 *
 * Fonts are embedded as Type 0 / Identity-H fonts holding a subset of the glyphs used in the document:
 * TrueType (glyf) fonts are subset here by copying the used glyph programs byte for byte; other
 * outlines (CFF) go through fontkit's subsetter.
 *
 * Output is deterministic: the same frames and options give byte-identical files.
 *
 * renderEditionPdf writes the archival edition PDF: all pages with one set of subset fonts, a named
 * destination per article and page, links from jump and teaser lines to those destinations, an outline
 * of pages and headlines, a structure tree (Document → Sect per page → Art per article → H, P, Figure …)
 * with every line's content marked, XMP metadata and, for the PDF/A profiles, an sRGB output intent.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { FontSet } from '../../layout/fonts.js';
import type { FrameBox, FrameLine, FramePage } from '../../layout/types.js';
import type { Article, Edition } from '../../model/schema.js';

/** sharp is loaded only when an image is actually read (it takes tens of ms to load). */
let sharpModule: typeof import('sharp') | null = null;
async function loadSharp(): Promise<typeof import('sharp')> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule;
}

export interface PdfOptions {
  title?: string;
  author?: string;
  subject?: string;
  /** Document language (BCP 47); defaults to zh-CN. */
  lang?: string;
  /** CreationDate and ModDate; defaults to the epoch so that output is reproducible. */
  creationDate?: Date;
  /** Folder photo files are looked up in; null or absent draws placeholders for every photo. */
  imagesDir?: string | null;
  /** Resolution photos are resampled to, in pixels per inch (default 200); photos are never enlarged. */
  imageDpi?: number;
  /** Receives a message for each photo that could not be used and was drawn as a placeholder. */
  onWarning?: (message: string) => void;
}

/** The pdfkit object reference API used here. */
interface Ref {
  data: Record<string, unknown>;
  /** Whether pdfkit deflates the stream (set before writing). */
  compress: boolean;
  write(chunk: Uint8Array | string): void;
  end(chunk?: Uint8Array | string): void;
}

/** The pdfkit page API used here. */
interface Page {
  fonts: Record<string, unknown>;
  annotations: unknown[];
  dictionary: Ref;
  write(chunk: string): void;
}

/** The parts of pdfkit's PDFDocument used beyond its typed API. */
interface DocInternals {
  page: Page;
  info: Record<string, unknown>;
  ref(data?: Record<string, unknown>): Ref;
  _addInfo(): void;
  /** Writes the XMP metadata stream; called by pdfkit while the document ends. */
  endMetadata(): void;
  _root: Ref & { data: { Names: Ref; [key: string]: unknown } };
}

/** The parts of a fontkit font used here. */
interface FkGlyph {
  id: number;
  advanceWidth: number;
}

interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight?: number;
  xHeight?: number;
  italicAngle?: number;
  postscriptName?: string | null;
  bbox?: { minX: number; minY: number; maxX: number; maxY: number };
  post?: { isFixedPitch?: number | boolean };
  head?: { macStyle?: { italic?: boolean } };
  'OS/2'?: { sFamilyClass?: number };
  cff?: unknown;
  /** Container format as fontkit names it: TTF (also for OpenType), WOFF, WOFF2, … */
  type?: string;
  stream?: { buffer?: Uint8Array };
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  glyphForCodePoint(cp: number): FkGlyph;
  getGlyph(id: number): FkGlyph;
  createSubset(): { includeGlyph(glyph: number | FkGlyph): number; encode(): Uint8Array };
}

/** A glyph as written: its code (the subset glyph id) in hex and its advance in 1/1000 em. */
interface PlacedGlyph {
  hex: string;
  width: number;
}

/** One font as used in one document: the glyphs drawn so far and the font's object reference. */
interface DocFont {
  /** Resource name (F1, F2 …). */
  id: string;
  file: string;
  fk: FkFont;
  ref: Ref;
  /** Code point → glyph as written. */
  glyphs: Map<number, PlacedGlyph>;
  /** Subset glyph id → original glyph id; index 0 is .notdef. */
  original: number[];
  /** Original glyph id → subset glyph id. */
  subsetId: Map<number, number>;
  /** Subset glyph id → code point it was drawn for (for ToUnicode). */
  unicode: Array<number | undefined>;
  /** Subset glyph id → advance in 1/1000 em, as written in /W. */
  widths: number[];
}

/** A photo resampled to fit its box, ready to embed. */
interface PreparedImage {
  data: Buffer;
}

/** pdfkit's image object, embedded once per document however often it is drawn. */
type PdfImage = object;

const DEFAULT_DPI = 200;
const PLACEHOLDER_GRAY = 0.88;
const RULE_WIDTH = 0.5;
/** Largest distance, in points, a glyph may sit from its xs position before the spacing is reset. */
const POSITION_TOLERANCE = 0.01;

/** Renders all pages into one PDF. */
export async function renderPdf(pages: FramePage[], fonts: FontSet, options: PdfOptions = {}): Promise<Buffer> {
  const images = await prepareImages(pages, options);
  return writeDocument(pages, fonts, options, images, null);
}

/** Renders each page into a PDF of its own (the same drawing as renderPdf). */
export async function renderPagePdfs(pages: FramePage[], fonts: FontSet, options: PdfOptions = {}): Promise<Buffer[]> {
  const images = await prepareImages(pages, options);
  const out: Buffer[] = [];
  for (const page of pages) out.push(await writeDocument([page], fonts, options, images, null));
  return out;
}

/**
 * What the edition PDF claims to conform to: `none` (tagged PDF 1.7, no conformance claim), `pdfa-2b`
 * (PDF/A-2b: XMP identification and an sRGB output intent) or `pdfua` (all of pdfa-2b, plus the
 * PDF/UA-1 identification in XMP with its PDF/A extension schema).
 */
export type PdfProfile = 'none' | 'pdfa-2b' | 'pdfua';
export const PDF_PROFILES: readonly PdfProfile[] = ['none', 'pdfa-2b', 'pdfua'];

export interface EditionPdfOptions extends PdfOptions {
  /** Conformance profile; default pdfa-2b. */
  profile?: PdfProfile;
  keywords?: string;
}

/**
 * Renders the edition PDF: every page in order, one set of subset fonts, named destinations, links,
 * outline, structure tree and metadata. `edition` is the model the frames were laid out from (with the
 * pages layout added, in the same order as `pages`). Title, author, subject, keywords and language
 * default to editionPdfInfo(edition); options override them.
 */
export async function renderEditionPdf(
  pages: FramePage[],
  fonts: FontSet,
  edition: Edition,
  options: EditionPdfOptions = {},
): Promise<Buffer> {
  const images = await prepareImages(pages, options);
  const merged = withEditionInfo(edition, pages, options);
  return writeDocument(pages, fonts, merged, images, { edition, profile: merged.profile ?? 'pdfa-2b' });
}

/** editionPdfInfo's values, overridden by the options given. */
function withEditionInfo(edition: Edition, pages: FramePage[], options: EditionPdfOptions): EditionPdfOptions {
  const info = editionPdfInfo(edition, pages);
  const merged: EditionPdfOptions = { title: info.title, subject: info.subject, keywords: info.keywords, lang: info.lang };
  if (info.author) merged.author = info.author;
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * The edition PDF and the page PDFs of one edition, photos resampled once for both. Page PDFs are
 * written as renderPagePdfs writes them, with `pageOptions` (default: the edition's options without
 * the edition-only ones).
 */
export async function renderEditionPdfs(
  pages: FramePage[],
  fonts: FontSet,
  edition: Edition,
  options: EditionPdfOptions & { pageOptions?: PdfOptions } = {},
): Promise<{ edition: Buffer; pages: Buffer[] }> {
  const { pageOptions, profile: _profile, keywords: _keywords, ...rest } = options;
  const forPages: PdfOptions = pageOptions ?? rest;
  const images = await prepareImages(pages, { ...forPages, imagesDir: forPages.imagesDir ?? options.imagesDir });
  const out: Buffer[] = [];
  for (const page of pages) out.push(await writeDocument([page], fonts, forPages, images, null));
  const editionOptions: EditionPdfOptions = { ...options, onWarning: undefined };
  delete (editionOptions as { pageOptions?: PdfOptions }).pageOptions;
  const merged = withEditionInfo(edition, pages, editionOptions);
  const pdf = await writeDocument(pages, fonts, merged, images, { edition, profile: merged.profile ?? 'pdfa-2b' });
  return { edition: pdf, pages: out };
}

/** The edition PDF's document information, from the model. */
export interface EditionPdfInfo {
  /** Paper, date and issue number ("江城日报 2024年3月15日 第10234期"), else the edition id. */
  title: string;
  author?: string;
  subject: string;
  keywords: string;
  lang: string;
}

export function editionPdfInfo(edition: Edition, pages?: FramePage[]): EditionPdfInfo {
  const issue = edition.pages.map((p) => p.masthead?.issueNumber).find((n) => n != null);
  const date = chineseDate(edition.date);
  const title = [edition.paper, date, issue != null ? `第${issue}期` : null].filter(Boolean).join(' ') || edition.id;
  const count = pages?.length ?? edition.pages.length;
  const sections: string[] = [];
  edition.pages.forEach((p) => {
    const section = p.section ?? p.folio?.section;
    if (section && !sections.includes(section)) sections.push(section);
  });
  const subject = `${[edition.paper, date].filter(Boolean).join(' ') || edition.id} 电子版，共${count}版${
    sections.length > 0 ? `：${sections.join('、')}` : ''
  }`;
  const keywords = [edition.paper, edition.date, issue != null ? `第${issue}期` : null, ...sections].filter(Boolean).join(', ');
  const out: EditionPdfInfo = { title, subject, keywords, lang: edition.lang || 'zh-CN' };
  if (edition.paper) out.author = edition.paper;
  return out;
}

function chineseDate(date: string | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}

/** The edition model and profile of an edition PDF being written. */
interface ArchiveSetup {
  edition: Edition;
  profile: PdfProfile;
}

function writeDocument(
  pages: FramePage[],
  fonts: FontSet,
  options: EditionPdfOptions,
  images: Map<string, PreparedImage>,
  archive: ArchiveSetup | null,
): Promise<Buffer> {
  const date = options.creationDate ?? new Date(0);
  const info: Record<string, string | Date> = {
    Producer: 'epaper (PDFKit)',
    Creator: 'epaper',
    CreationDate: date,
    ModDate: date,
  };
  if (options.title) info.Title = options.title;
  if (options.author) info.Author = options.author;
  if (options.subject) info.Subject = options.subject;
  if (archive && options.keywords) info.Keywords = options.keywords;

  const doc = new PDFDocument({
    autoFirstPage: false,
    pdfVersion: '1.7',
    compress: true,
    bufferPages: true,
    lang: options.lang ?? 'zh-CN',
    displayTitle: Boolean(options.title),
    info: info as PDFKit.DocumentInfo,
    // No default font: only the frames' own fonts are loaded and embedded.
    font: null as unknown as string,
  });
  const internals = doc as unknown as DocInternals;
  if (archive) writeXmpOnEnd(internals, archive.profile, options.lang ?? 'zh-CN');
  else escapeXmpInfo(internals);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const docFonts = new Map<string, DocFont>();
  const embeddedImages = new Map<PreparedImage, PdfImage>();
  const pdfPages = new Map<number, Page>();
  const pageList: Page[] = [];
  const links: Array<{ from: Page; rect: number[]; target: number }> = [];
  const ctx = archive ? archiveContext(pages, archive.edition) : null;
  const marked: MarkedLink[] = [];
  /** Per page: the structure element owning each marked-content id. */
  const owners: StructNode[][] = [];
  const sects: StructNode[] = [];
  // PDF/A forbids drawing .notdef: characters without a glyph are left blank (their text stays in ActualText).
  const skipNotdef = archive != null && archive.profile !== 'none';

  pages.forEach((page, pageIndex) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    const pdfPage = internals.page;
    pageList.push(pdfPage);
    if (!pdfPages.has(page.number)) pdfPages.set(page.number, pdfPage);
    const plan = ctx ? planPage(ctx, page, pageIndex) : null;
    const pageOwners: StructNode[] = [];
    owners.push(pageOwners);
    if (plan) sects.push(plan.sect);
    /** Opens the marked content for a planned element: allocates its MCID on first drawing. */
    const opener = (entry: PlannedContent | 'artifact' | undefined, artifact: string): (() => string) | undefined => {
      if (!plan) return undefined;
      if (entry === undefined || entry === 'artifact') return () => artifact;
      return () => {
        entry.slot.mcid = pageOwners.length;
        pageOwners.push(entry.node);
        return `/${entry.node.type} <</MCID ${entry.slot.mcid}>> BDC`;
      };
    };

    for (const box of page.boxes) {
      drawBoxGraphics(doc, pdfPage, box, images, embeddedImages, opener(plan?.boxes.get(box), '/Artifact <</Type /Layout>> BDC'));
    }

    // Undo pdfkit's y-down page transform so that text is written in PDF's own coordinates.
    const content: string[] = [`q 1 0 0 -1 0 ${num(page.height)} cm 0 g 0 Tc`];
    const state: TextState = { fontId: null, size: -1, gray: 0, tc: 0 };
    for (const box of page.boxes) {
      for (const line of box.lines) {
        const entry = plan?.lines.get(line);
        const open = opener(entry, '/Artifact <</Type /Pagination /Subtype /Header>> BDC');
        const drawn = drawLine(content, state, line, page.height, pdfPage, fonts, internals, docFonts, { skipNotdef, open });
        if (plan) {
          if (drawn && entry && entry !== 'artifact' && entry.link) {
            marked.push({ from: pdfPage, pageIndex, rect: linkRect(line, page.height), line, link: entry.link });
          }
        } else if (line.link?.resolved && line.link.page != null) {
          links.push({ from: pdfPage, rect: linkRect(line, page.height), target: line.link.page });
        }
      }
    }
    content.push('Q');
    pdfPage.write(content.join('\n'));
  });

  for (const link of links) {
    const target = pdfPages.get(link.target);
    if (!target) continue;
    const annotation = internals.ref({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: link.rect,
      Border: [0, 0, 0],
      F: 4,
      A: { S: 'GoTo', D: [target.dictionary, 'Fit'] },
    });
    link.from.annotations.push(annotation);
    annotation.end();
  }

  if (ctx) {
    // Annotations get the parent-tree keys after the pages' keys.
    const linkOwners: StructNode[] = [];
    for (const link of marked) {
      const key = pages.length + linkOwners.length;
      const annotation = internals.ref({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: link.rect,
        Border: [0, 0, 0],
        F: 4,
        Contents: new String(link.link.contents),
        StructParent: key,
        A: { S: 'GoTo', D: new String(link.link.dest) },
      });
      link.from.annotations.push(annotation);
      annotation.end();
      link.link.annot.ref = annotation;
      linkOwners.push(link.link.node);
    }
    writeStructure(internals, sects, pageList, owners, linkOwners);
    writeDestinations(internals, ctx, pageList, pages);
    writeOutline(internals, ctx);
    if (archive && archive.profile !== 'none') writeOutputIntent(internals);
  }

  const written = new Set<DocFont>();
  for (const font of docFonts.values()) {
    if (written.has(font)) continue;
    written.add(font);
    writeFont(internals, font);
  }

  doc.end();
  return finished;
}

/** Text state carried from line to line within a page's text block. */
interface TextState {
  fontId: string | null;
  size: number;
  gray: number;
  /** Character spacing (Tc) in points. */
  tc: number;
}

interface LineDrawing {
  /** Leave characters without a glyph undrawn instead of drawing .notdef. */
  skipNotdef?: boolean;
  /** Returns the operator opening the line's marked content (closed with EMC after the line). */
  open?: () => string;
}

/**
 * Writes one line as one text object: font and size, a text matrix at the first glyph's position,
 * then runs of glyphs shown with Tj, with Tc set between runs wherever the spacing changes.
 * Returns whether anything was drawn.
 */
function drawLine(
  content: string[],
  state: TextState,
  line: FrameLine,
  pageHeight: number,
  pdfPage: Page,
  fonts: FontSet,
  doc: DocInternals,
  docFonts: Map<string, DocFont>,
  drawing: LineDrawing = {},
): boolean {
  if (line.text.length === 0 || !(line.size > 0)) return false;
  const font = documentFont(doc, fonts, line.font, docFonts);
  const size = line.size;

  const glyphs: PlacedGlyph[] = [];
  const wanted: Array<number | undefined> = [];
  let drawn = '';
  let index = 0;
  for (const char of line.text) {
    const cp = char.codePointAt(0) as number;
    const i = index++;
    if (isControl(cp)) continue;
    drawn += char;
    const glyph = placeGlyph(font, cp);
    if (drawing.skipNotdef && glyph.hex === '0000') continue;
    glyphs.push(glyph);
    wanted.push(line.xs[i]);
  }
  if (glyphs.length === 0) return false;
  if (pdfPage.fonts[font.id] == null) pdfPage.fonts[font.id] = font.ref;

  // The line's text as ActualText, so extraction yields exactly this text whatever the spacing.
  const out: string[] = [];
  if (drawing.open) out.push(drawing.open());
  out.push(`/Span <</ActualText <FEFF${utf16Hex(drawn)}>>> BDC`, 'BT');
  if (state.fontId !== font.id || state.size !== size) {
    out.push(`/${font.id} ${num(size)} Tf`);
    state.fontId = font.id;
    state.size = size;
  }
  const gray = clampGray(line.gray);
  if (gray !== state.gray) {
    out.push(`${num(gray)} g`);
    state.gray = gray;
  }
  const startX = wanted[0] ?? 0;
  out.push(`1 0 0 1 ${num(line.x + startX)} ${num(pageHeight - line.y)} Tm`);

  // Pen position relative to line.x, in points, as a viewer computes it from the written numbers.
  let pen = startX;
  let run = '';
  for (let k = 0; k < glyphs.length; k++) {
    const glyph = glyphs[k] as PlacedGlyph;
    const natural = (glyph.width * size) / 1000;
    const next = k + 1 < glyphs.length ? wanted[k + 1] : undefined;
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
  out.push('ET', 'EMC');
  if (drawing.open) out.push('EMC');
  content.push(out.join('\n'));
  return true;
}

/** UTF-16BE code units of a string, as hex digits. */
function utf16Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return hex;
}

function clampGray(gray: number | undefined): number {
  if (gray === undefined || !Number.isFinite(gray)) return 0;
  return Math.min(1, Math.max(0, Math.round(gray * 1000) / 1000));
}

/** C0 and C1 control characters are not drawn (their xs entries are skipped). */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/** The font for a role in this document; roles backed by the same file share one embedded font. */
function documentFont(doc: DocInternals, fonts: FontSet, role: string, docFonts: Map<string, DocFont>): DocFont {
  const known = docFonts.get(role);
  if (known) return known;
  const file = fonts.file(role);
  for (const existing of docFonts.values()) {
    if (existing.file === file) {
      docFonts.set(role, existing);
      return existing;
    }
  }
  const fk = fonts.fontkit(role) as FkFont;
  const count = new Set(docFonts.values()).size;
  const notdef = fk.getGlyph(0);
  const font: DocFont = {
    id: `F${count + 1}`,
    file,
    fk,
    ref: doc.ref(),
    glyphs: new Map(),
    original: [0],
    subsetId: new Map([[0, 0]]),
    unicode: [undefined],
    widths: [widthOf(fk, notdef.advanceWidth)],
  };
  docFonts.set(role, font);
  return font;
}

/** An advance in font units as 1/1000 em, rounded as it is written. */
function widthOf(fk: FkFont, advance: number): number {
  return Math.round(((advance * 1000) / fk.unitsPerEm) * 1000) / 1000;
}

/** The glyph for a code point, added to the font's subset on first use. */
function placeGlyph(font: DocFont, cp: number): PlacedGlyph {
  const cached = font.glyphs.get(cp);
  if (cached) return cached;
  const glyph = font.fk.glyphForCodePoint(cp);
  let gid = font.subsetId.get(glyph.id);
  if (gid === undefined) {
    gid = font.original.length;
    font.original.push(glyph.id);
    font.subsetId.set(glyph.id, gid);
    font.widths.push(widthOf(font.fk, glyph.advanceWidth));
    font.unicode.push(glyph.id === 0 ? undefined : cp);
  }
  const placed: PlacedGlyph = { hex: gid.toString(16).padStart(4, '0'), width: font.widths[gid] as number };
  font.glyphs.set(cp, placed);
  return placed;
}

/** Writes the font program, descriptor, CID font, ToUnicode map and the Type 0 font itself. */
function writeFont(doc: DocInternals, font: DocFont): void {
  const fk = font.fk;
  const scale = 1000 / fk.unitsPerEm;
  const truetype = rawTables(fk);
  let program: Uint8Array;
  let cff = false;
  let widths = font.widths;
  if (truetype) {
    const subset = subsetTrueType(truetype, font.original);
    program = subset.bytes;
    // Components of composite glyphs were appended to the subset; give them their widths too.
    widths = subset.advances.map((advance) => widthOf(fk, advance));
  } else {
    const subset = fk.createSubset();
    for (const gid of font.original.slice(1)) subset.includeGlyph(gid);
    program = subset.encode();
    cff = fk.cff != null;
  }

  const name = `${subsetTag(font)}+${(fk.postscriptName ?? 'Font').replace(/[^A-Za-z0-9_.-]/g, '')}`;
  const fontFile = doc.ref(
    cff
      ? { Subtype: 'CIDFontType0C', Filter: 'FlateDecode' }
      : { Length1: program.length, Filter: 'FlateDecode' },
  );
  fontFile.end(deflateSync(program));

  const familyClass = (fk['OS/2']?.sFamilyClass ?? 0) >> 8;
  let flags = 4;
  if (fk.post?.isFixedPitch) flags |= 1;
  if (familyClass >= 1 && familyClass <= 7) flags |= 2;
  if (fk.head?.macStyle?.italic) flags |= 64;
  const bbox = fk.bbox ?? { minX: 0, minY: fk.descent, maxX: fk.unitsPerEm, maxY: fk.ascent };
  const descriptor = doc.ref({
    Type: 'FontDescriptor',
    FontName: name,
    Flags: flags,
    FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => round3(v * scale)),
    ItalicAngle: fk.italicAngle ?? 0,
    Ascent: round3(fk.ascent * scale),
    Descent: round3(fk.descent * scale),
    CapHeight: round3((fk.capHeight || fk.ascent) * scale),
    XHeight: round3((fk.xHeight || 0) * scale),
    StemV: 80,
    [cff ? 'FontFile3' : 'FontFile2']: fontFile,
  });
  descriptor.end();

  const { dw, w } = widthArrays(widths);
  const cidFont = doc.ref({
    Type: 'Font',
    Subtype: cff ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: dw,
    ...(w.length > 0 ? { W: w } : {}),
    ...(cff ? {} : { CIDToGIDMap: 'Identity' }),
  });
  cidFont.end();

  const toUnicode = doc.ref();
  toUnicode.end(toUnicodeCMap(font.unicode));

  font.ref.data = {
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: name,
    Encoding: 'Identity-H',
    DescendantFonts: [cidFont],
    ToUnicode: toUnicode,
  };
  font.ref.end();
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Six capital letters naming this subset, from the font and the glyphs it holds. */
function subsetTag(font: DocFont): string {
  const hash = createHash('sha256')
    .update(`${font.fk.postscriptName ?? ''}\u0000${font.original.join(',')}`)
    .digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((hash[i] as number) % 26));
  return tag;
}

/** The default width (the most common one) and a /W array for the glyphs that differ from it. */
function widthArrays(widths: number[]): { dw: number; w: Array<number | number[]> } {
  const counts = new Map<number, number>();
  for (const width of widths.slice(1)) counts.set(width, (counts.get(width) ?? 0) + 1);
  let dw = 1000;
  let best = -1;
  for (const [width, count] of counts) {
    if (count > best || (count === best && width < dw)) {
      dw = width;
      best = count;
    }
  }
  const w: Array<number | number[]> = [];
  let gid = 0;
  while (gid < widths.length) {
    if (widths[gid] === dw) {
      gid++;
      continue;
    }
    const start = gid;
    const run: number[] = [];
    while (gid < widths.length && widths[gid] !== dw) run.push(widths[gid++] as number);
    w.push(start, run);
  }
  return { dw, w };
}

/** A ToUnicode CMap mapping each subset glyph id to the code point it was drawn for. */
function toUnicodeCMap(unicode: Array<number | undefined>): string {
  const entries: string[] = [];
  unicode.forEach((cp, gid) => {
    if (cp === undefined) return;
    const units = cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp];
    entries.push(`<${gid.toString(16).padStart(4, '0')}> <${units.map((u) => u.toString(16).padStart(4, '0')).join('')}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** The raw bytes of a TrueType-outline font and where its tables are, or null for other fonts. */
interface RawTrueType {
  bytes: Uint8Array;
  view: DataView;
  tables: Map<string, { offset: number; length: number }>;
}

function rawTables(fk: FkFont): RawTrueType | null {
  // Only plain sfnt files store their tables uncompressed at the offsets the directory gives.
  if (fk.type !== 'TTF') return null;
  const bytes = fk.stream?.buffer;
  const directory = fk.directory?.tables;
  if (!bytes || !directory) return null;
  const tables = new Map<string, { offset: number; length: number }>();
  for (const [tag, entry] of Object.entries(directory)) {
    if (entry && Number.isInteger(entry.offset) && Number.isInteger(entry.length)) tables.set(tag, entry);
  }
  for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx']) {
    const entry = tables.get(tag);
    if (!entry || entry.offset + entry.length > bytes.length) return null;
  }
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), tables };
}

const COMPONENT_ARGS_ARE_WORDS = 0x0001;
const COMPONENT_HAS_SCALE = 0x0008;
const COMPONENT_MORE = 0x0020;
const COMPONENT_HAS_XY_SCALE = 0x0040;
const COMPONENT_HAS_2X2 = 0x0080;

/**
 * A TrueType font holding only the given glyphs (in that order, then any components of composite
 * glyphs), with the tables a PDF TrueType font program needs: head, hhea, maxp, hmtx, loca, glyf and,
 * when present, the hinting tables cvt, fpgm and prep.
 */
function subsetTrueType(font: RawTrueType, glyphIds: number[]): { bytes: Uint8Array; advances: number[] } {
  const { bytes, view, tables } = font;
  const table = (tag: string) => tables.get(tag) as { offset: number; length: number };
  const head = table('head');
  const hhea = table('hhea');
  const maxp = table('maxp');
  const loca = table('loca');
  const glyf = table('glyf');
  const hmtx = table('hmtx');
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const numGlyphs = view.getUint16(maxp.offset + 4);
  const numberOfHMetrics = view.getUint16(hhea.offset + 34);

  const glyphRange = (gid: number): [number, number] => {
    if (gid >= numGlyphs) return [0, 0];
    const start = longLoca ? view.getUint32(loca.offset + gid * 4) : view.getUint16(loca.offset + gid * 2) * 2;
    const end = longLoca ? view.getUint32(loca.offset + gid * 4 + 4) : view.getUint16(loca.offset + gid * 2 + 2) * 2;
    return [glyf.offset + start, glyf.offset + Math.max(start, end)];
  };
  const metrics = (gid: number): [number, number] => {
    if (gid < numberOfHMetrics) {
      return [view.getUint16(hmtx.offset + gid * 4), view.getInt16(hmtx.offset + gid * 4 + 2)];
    }
    const advance = view.getUint16(hmtx.offset + (numberOfHMetrics - 1) * 4);
    const lsbAt = hmtx.offset + numberOfHMetrics * 4 + (gid - numberOfHMetrics) * 2;
    return [advance, lsbAt + 2 <= hmtx.offset + hmtx.length ? view.getInt16(lsbAt) : 0];
  };

  const order = [...glyphIds];
  const newId = new Map<number, number>();
  order.forEach((gid, i) => newId.set(gid, i));
  const programs: Uint8Array[] = [];
  for (let i = 0; i < order.length; i++) {
    const [start, end] = glyphRange(order[i] as number);
    let program = bytes.subarray(start, end);
    if (program.length >= 10 && view.getInt16(start) < 0) {
      // Composite glyph: include its components and renumber them in a copy of the program.
      program = copyBytes(bytes, start, end);
      const copy = new DataView(program.buffer);
      let at = 10;
      for (;;) {
        if (at + 4 > program.length) break;
        const flags = copy.getUint16(at);
        const component = copy.getUint16(at + 2);
        let id = newId.get(component);
        if (id === undefined) {
          id = order.length;
          order.push(component);
          newId.set(component, id);
        }
        copy.setUint16(at + 2, id);
        at += 4 + (flags & COMPONENT_ARGS_ARE_WORDS ? 4 : 2);
        if (flags & COMPONENT_HAS_SCALE) at += 2;
        else if (flags & COMPONENT_HAS_XY_SCALE) at += 4;
        else if (flags & COMPONENT_HAS_2X2) at += 8;
        if (!(flags & COMPONENT_MORE)) break;
      }
    }
    programs.push(program);
  }

  const count = order.length;
  const newLoca = new Uint8Array((count + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  let glyfLength = 0;
  programs.forEach((program, i) => {
    locaView.setUint32(i * 4, glyfLength);
    glyfLength += (program.length + 3) & ~3;
  });
  locaView.setUint32(count * 4, glyfLength);
  const newGlyf = new Uint8Array(glyfLength);
  let offset = 0;
  for (const program of programs) {
    newGlyf.set(program, offset);
    offset += (program.length + 3) & ~3;
  }

  const advances: number[] = [];
  const newHmtx = new Uint8Array(count * 4);
  const hmtxView = new DataView(newHmtx.buffer);
  order.forEach((gid, i) => {
    const [advance, lsb] = metrics(gid);
    advances.push(advance);
    hmtxView.setUint16(i * 4, advance);
    hmtxView.setInt16(i * 4 + 2, lsb);
  });

  const newHead = copyBytes(bytes, head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, 1);
  const newHhea = copyBytes(bytes, hhea.offset, hhea.offset + hhea.length);
  new DataView(newHhea.buffer).setUint16(34, count);
  const newMaxp = copyBytes(bytes, maxp.offset, maxp.offset + maxp.length);
  new DataView(newMaxp.buffer).setUint16(4, count);

  const out = new Map<string, Uint8Array>([
    ['head', newHead],
    ['hhea', newHhea],
    ['maxp', newMaxp],
    ['hmtx', newHmtx],
    ['loca', newLoca],
    ['glyf', newGlyf],
  ]);
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const entry = tables.get(tag);
    if (entry && entry.offset + entry.length <= bytes.length) out.set(tag, bytes.subarray(entry.offset, entry.offset + entry.length));
  }
  const font2 = assembleSfnt(out);
  // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
  const headAt = sfntTableOffset(font2, 'head');
  new DataView(font2.buffer, font2.byteOffset).setUint32(headAt + 8, (0xb1b0afba - checksum(font2)) >>> 0);
  return { bytes: font2, advances };
}

/** A copy of bytes [start, end) in a fresh buffer (the font's own bytes are never written to). */
function copyBytes(source: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(source.subarray(start, end));
  return out;
}

function checksum(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < data.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < data.length ? (data[i] as number) : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** An sfnt file from its tables: offset table, table records sorted by tag, 4-byte aligned data. */
function assembleSfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const headerLength = 12 + tags.length * 16;
  let length = headerLength;
  for (const tag of tags) length += ((tables.get(tag) as Uint8Array).length + 3) & ~3;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, tags.length * 16 - searchRange);
  let offset = headerLength;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) as Uint8Array;
    const record = 12 + i * 16;
    for (let k = 0; k < 4; k++) view.setUint8(record + k, tag.charCodeAt(k));
    view.setUint32(record + 4, checksum(data));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    out.set(data, offset);
    offset += (data.length + 3) & ~3;
  });
  return out;
}

function sfntTableOffset(font: Uint8Array, wanted: string): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    const tag = String.fromCharCode(...font.subarray(record, record + 4));
    if (tag === wanted) return view.getUint32(record + 8);
  }
  throw new Error(`table ${wanted} missing from the font subset`);
}

/** Link rectangle around a line (the ideographic em box), in PDF coordinates. */
function linkRect(line: FrameLine, pageHeight: number): number[] {
  const top = line.y - line.size * 0.88;
  const bottom = line.y + line.size * 0.12;
  return [line.x, pageHeight - bottom, line.x + line.width, pageHeight - top].map(round3);
}

/** Photos (image or placeholder) and rules; drawn before any text. */
function drawBoxGraphics(
  doc: PDFKit.PDFDocument,
  page: Page,
  box: FrameBox,
  images: Map<string, PreparedImage>,
  embedded: Map<PreparedImage, PdfImage>,
  open?: () => string,
): void {
  if (open && (box.kind === 'photo' || box.kind === 'rule')) {
    if (!(box.kind === 'photo' ? box.width > 0 && box.height > 0 : box.width >= 0 && box.height >= 0)) return;
    page.write(open());
    drawBoxGraphics(doc, page, box, images, embedded);
    page.write('EMC');
    return;
  }
  if (box.kind === 'photo') {
    if (!(box.width > 0 && box.height > 0)) return;
    const image = box.image?.file ? images.get(imageKey(box.image.file, box.width, box.height)) : undefined;
    if (image) {
      let pdfImage = embedded.get(image);
      if (!pdfImage) {
        pdfImage = (doc as unknown as { openImage(src: Buffer): PdfImage }).openImage(image.data);
        embedded.set(image, pdfImage);
      }
      doc.image(pdfImage as unknown as Buffer, box.x, box.y, { width: box.width, height: box.height });
    } else {
      page.write(`q ${num(PLACEHOLDER_GRAY)} g ${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)} re f Q`);
    }
    return;
  }
  if (box.kind === 'rule') {
    const thin = Math.min(box.width, box.height);
    if (thin <= 0) {
      // A zero-height or zero-width box: a line along its long side.
      const horizontal = box.width >= box.height;
      const x2 = horizontal ? box.x + box.width : box.x;
      const y2 = horizontal ? box.y : box.y + box.height;
      page.write(`q 0 G ${num(RULE_WIDTH)} w ${num(box.x)} ${num(box.y)} m ${num(x2)} ${num(y2)} l S Q`);
    } else if (thin <= 3) {
      page.write(`q 0 g ${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)} re f Q`);
    } else {
      // A large box marked as a rule: its outline.
      const inset = RULE_WIDTH / 2;
      page.write(
        `q 0 G ${num(RULE_WIDTH)} w ${num(box.x + inset)} ${num(box.y + inset)} ${num(box.width - RULE_WIDTH)} ${num(box.height - RULE_WIDTH)} re S Q`,
      );
    }
  }
}

function imageKey(file: string, width: number, height: number): string {
  return `${file}\u0000${num(width)}x${num(height)}`;
}

/** Resolves a photo file inside imagesDir; null when absent or outside that folder. */
function resolveImage(imagesDir: string, file: string): string | null {
  const root = path.resolve(imagesDir);
  const full = path.resolve(root, file);
  const relative = path.relative(root, full);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/** Resamples every photo to its box (cover, centred crop, never enlarged) as an sRGB JPEG. */
async function prepareImages(pages: FramePage[], options: PdfOptions): Promise<Map<string, PreparedImage>> {
  const images = new Map<string, PreparedImage>();
  const imagesDir = options.imagesDir ?? null;
  if (!imagesDir) return images;
  const dpi = options.imageDpi && options.imageDpi > 0 ? options.imageDpi : DEFAULT_DPI;
  const jobs = new Map<string, { file: string; width: number; height: number }>();
  for (const page of pages) {
    for (const box of page.boxes) {
      const file = box.kind === 'photo' ? box.image?.file : null;
      if (!file || !(box.width > 0 && box.height > 0)) continue;
      const key = imageKey(file, box.width, box.height);
      if (!jobs.has(key)) jobs.set(key, { file, width: box.width, height: box.height });
    }
  }
  await Promise.all(
    [...jobs].map(async ([key, job]) => {
      const full = resolveImage(imagesDir, job.file);
      if (!full) {
        options.onWarning?.(`photo ${job.file}: not found in ${imagesDir}; drawing a placeholder.`);
        return;
      }
      try {
        images.set(key, { data: await fitImage(full, job.width, job.height, dpi) });
      } catch (error) {
        options.onWarning?.(`photo ${job.file}: cannot be read (${(error as Error).message}); drawing a placeholder.`);
      }
    }),
  );
  return images;
}

async function fitImage(file: string, width: number, height: number, dpi: number): Promise<Buffer> {
  const meta = await (await loadSharp())(file).metadata();
  const rotated = (meta.orientation ?? 1) >= 5;
  const sourceWidth = (rotated ? meta.height : meta.width) ?? 1;
  const sourceHeight = (rotated ? meta.width : meta.height) ?? 1;
  let targetWidth = Math.max(1, Math.round((width * dpi) / 72));
  let targetHeight = Math.max(1, Math.round((height * dpi) / 72));
  const enlargement = Math.max(targetWidth / sourceWidth, targetHeight / sourceHeight);
  if (enlargement > 1) {
    targetWidth = Math.max(1, Math.round(targetWidth / enlargement));
    targetHeight = Math.max(1, Math.round(targetHeight / enlargement));
  }
  return (await loadSharp())(file)
    .rotate()
    .resize({ width: targetWidth, height: targetHeight, fit: 'cover', position: 'centre' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 82 })
    .toBuffer();
}

// ── Edition PDF: structure, destinations, outline, metadata ─────────────────────────────────────

/** A structure element as planned: type, title, alternate text and kids in reading order. */
interface StructNode {
  type: string;
  title?: string;
  alt?: string;
  /** Index of the page the element's content is on; -1 for the Document element. */
  page: number;
  kids: StructKid[];
  /** Body-text element of an article (photos without a caption go before the first one). */
  body?: boolean;
}

/** A marked-content reference; mcid stays -1 until the content is drawn. */
interface ContentSlot {
  mcid: number;
}

/** An annotation reference, filled in when the annotation is written. */
interface AnnotSlot {
  ref: Ref | null;
}

type StructKid = { kind: 'node'; node: StructNode } | { kind: 'content'; slot: ContentSlot } | { kind: 'annot'; annot: AnnotSlot };

interface LinkPlan {
  dest: string;
  /** Alternate description of the link annotation. */
  contents: string;
  annot: AnnotSlot;
  node: StructNode;
}

/** The element a line or graphic is marked as, and its slot in that element. */
interface PlannedContent {
  node: StructNode;
  slot: ContentSlot;
  link?: LinkPlan;
}

interface PagePlan {
  sect: StructNode;
  lines: Map<FrameLine, PlannedContent | 'artifact'>;
  boxes: Map<FrameBox, PlannedContent | 'artifact'>;
}

/** A drawn line that becomes a link annotation. */
interface MarkedLink {
  from: Page;
  pageIndex: number;
  rect: number[];
  line: FrameLine;
  link: LinkPlan;
}

/** A named destination: the top left corner of a box (frame coordinates) on a page. */
interface Destination {
  name: string;
  pageIndex: number;
  x: number;
  y: number;
}

export interface OutlineEntry {
  title: string;
  /** Named destination the entry opens. */
  dest: string;
  /** The article an entry below a page stands for. */
  article?: string;
  children: OutlineEntry[];
}

interface ArchiveContext {
  destinations: Destination[];
  /** `${article id}\0${page number}` → destination name. */
  articleDest: Map<string, string>;
  /** Article id → the destination of its first box in the edition. */
  firstDest: Map<string, string>;
  /** Page number → destination of the page's top. */
  pageDest: Map<number, string>;
  /** Article id → title (headline, else the first words of its text). */
  titles: Map<string, string>;
  outline: OutlineEntry[];
}

const SECTION_LABELS: Partial<Record<FrameBox['kind'], string>> = {
  masthead: '报头',
  teasers: '导读',
  banner: '专题',
  credits: '版权',
};
/** Element types by line role; headline roles (headline, headline-lead …) are H, other roles P. */
const ROLE_TYPES: Partial<Record<FrameLine['role'], string>> = {
  quote: 'BlockQuote',
  caption: 'Caption',
  credit: 'Caption',
};
const BODY_ROLES = new Set<FrameLine['role']>(['body', 'quote', 'subhead', 'callout', 'list']);
const LIST_MARKER = /^(?:●|\d+\.)$/;
const TITLE_CHARS = 16;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Destination name of an article's first box on a page: its id on the first page it appears on, else id@page. */
export function articleDestinationName(articleId: string, pageNumber: number, first: boolean): string {
  return first ? articleId : `${articleId}@${pageNumber}`;
}

/** Destination name of the top of a page ("page-02"). */
export function pageDestinationName(pageNumber: number): string {
  return `page-${pad2(pageNumber)}`;
}

/** Outline title of an article: its headline, else the first words of its text. */
export function articleTitle(article: Article): string {
  const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, ' ').trim();
  const cut = (s: string) => ([...s].length > TITLE_CHARS ? `${[...s].slice(0, TITLE_CHARS).join('')}…` : s);
  const headline = clean(article.headline);
  if (headline) return headline;
  for (const block of article.body) {
    const text = clean(block.text ?? (block.items ?? []).join(' '));
    if (text) return cut(text);
  }
  for (const text of [article.kicker, article.deck]) if (clean(text)) return cut(clean(text));
  return article.id;
}

/**
 * The edition PDF's outline: one entry per page ("01 要闻"), holding the headlines of the articles set
 * on it in reading order, continued ones marked （续）.
 */
export function editionOutline(pages: FramePage[], edition: Edition): OutlineEntry[] {
  return archiveContext(pages, edition).outline;
}

function archiveContext(pages: FramePage[], edition: Edition): ArchiveContext {
  const ctx: ArchiveContext = {
    destinations: [],
    articleDest: new Map(),
    firstDest: new Map(),
    pageDest: new Map(),
    titles: new Map(),
    outline: [],
  };
  const articles = new Map<string, Article>();
  for (const page of edition.pages) for (const article of page.articles) if (!articles.has(article.id)) articles.set(article.id, article);
  const used = new Set<string>();
  pages.forEach((page, pageIndex) => {
    let pageName = pageDestinationName(page.number);
    if (used.has(pageName)) pageName = `${pageName}.${pageIndex + 1}`;
    used.add(pageName);
    ctx.destinations.push({ name: pageName, pageIndex, x: 0, y: 0 });
    if (!ctx.pageDest.has(page.number)) ctx.pageDest.set(page.number, pageName);
    const model = edition.pages[pageIndex];
    const section = (model?.section ?? model?.folio?.section ?? '').trim();
    const entry: OutlineEntry = { title: section ? `${pad2(page.number)} ${section}` : pad2(page.number), dest: pageName, children: [] };
    for (const box of page.boxes) {
      if (box.kind !== 'article' || !box.article) continue;
      const key = `${box.article}\u0000${page.number}`;
      if (ctx.articleDest.has(key)) continue;
      const first = !ctx.firstDest.has(box.article);
      let name = articleDestinationName(box.article, page.number, first);
      if (used.has(name)) name = `${name}.${pageIndex + 1}`;
      used.add(name);
      ctx.destinations.push({ name, pageIndex, x: box.x, y: box.y });
      ctx.articleDest.set(key, name);
      if (first) ctx.firstDest.set(box.article, name);
      const article = articles.get(box.article);
      const title = article ? articleTitle(article) : box.article;
      ctx.titles.set(box.article, title);
      const continued = !first || article?.continues != null;
      entry.children.push({ title: continued && !title.endsWith('（续）') ? `${title}（续）` : title, dest: name, article: box.article, children: [] });
    }
    ctx.outline.push(entry);
  });
  return ctx;
}

/** Where a resolved jump or teaser line leads: the target article's box on the target page, else that page. */
function linkTarget(ctx: ArchiveContext, line: FrameLine): { dest: string; contents: string } | null {
  const link = line.link;
  if (!link || !link.resolved || link.page == null) return null;
  let dest: string | undefined;
  if (link.article) dest = ctx.articleDest.get(`${link.article}\u0000${link.page}`) ?? ctx.firstDest.get(link.article);
  dest ??= ctx.pageDest.get(link.page);
  if (!dest) return null;
  const title = link.article ? ctx.titles.get(link.article) : undefined;
  return { dest, contents: `${line.text.trim()}：第${pad2(link.page)}版${title ? ` ${title}` : ''}` };
}

function structNode(type: string, page: number, title?: string): StructNode {
  const node: StructNode = { type, page, kids: [] };
  if (title) node.title = title;
  return node;
}

/** The photo a caption or credit line sits under: a photo box of the article just above the line. */
function captionPhoto(line: FrameLine, photos: FrameBox[]): FrameBox | undefined {
  let best: FrameBox | undefined;
  let bestGap = Infinity;
  for (const photo of photos) {
    const bottom = photo.y + photo.height;
    const gap = line.y - bottom;
    if (line.x < photo.x - 1 || line.x > photo.x + photo.width + 1 || gap < -1 || gap > 80) continue;
    if (gap < bestGap) {
      best = photo;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * The structure of one page: a Sect holding, in box order (the layout's reading order), an Art per
 * article, a labelled Sect for masthead, teasers, banner and credits, and Figures; the folio and the
 * rules are artifacts.
 */
function planPage(ctx: ArchiveContext, page: FramePage, pageIndex: number): PagePlan {
  const sect = structNode('Sect', pageIndex, ctx.outline[pageIndex]?.title);
  const plan: PagePlan = { sect, lines: new Map(), boxes: new Map() };
  const arts = new Map<string, StructNode>();
  const figures = new Map<FrameBox, StructNode>();
  const photos = page.boxes.filter((b) => b.kind === 'photo');

  const figure = (box: FrameBox): StructNode => {
    const node = structNode('Figure', pageIndex);
    node.alt = (box.image?.alt ?? '').replace(/\s+/gu, ' ').trim() || '图片';
    const slot: ContentSlot = { mcid: -1 };
    node.kids.push({ kind: 'content', slot });
    plan.boxes.set(box, { node, slot });
    figures.set(box, node);
    return node;
  };

  const planLines = (lines: FrameLine[], parent: StructNode, ownPhotos: FrameBox[]) => {
    let current: StructNode | null = null;
    let currentKey = '';
    let closed = false;
    let list: StructNode | null = null;
    let item: StructNode | null = null;
    let itemBody: StructNode | null = null;
    const assign = (line: FrameLine, owner: StructNode): boolean => {
      const slot: ContentSlot = { mcid: -1 };
      const target = linkTarget(ctx, line);
      if (!target) {
        owner.kids.push({ kind: 'content', slot });
        plan.lines.set(line, { node: owner, slot });
        return false;
      }
      const link = structNode('Link', pageIndex);
      const annot: AnnotSlot = { ref: null };
      link.kids.push({ kind: 'content', slot }, { kind: 'annot', annot });
      owner.kids.push({ kind: 'node', node: link });
      plan.lines.set(line, { node: link, slot, link: { dest: target.dest, contents: target.contents, annot, node: link } });
      return true;
    };
    for (const line of lines) {
      if (line.role === 'folio') {
        plan.lines.set(line, 'artifact');
        current = null;
        list = null;
        continue;
      }
      if (line.role === 'list') {
        current = null;
        if (!list) {
          list = structNode('L', pageIndex);
          list.body = true;
          parent.kids.push({ kind: 'node', node: list });
          item = null;
        }
        const marker = LIST_MARKER.test(line.text.trim());
        if (marker || !item) {
          item = structNode('LI', pageIndex);
          list.kids.push({ kind: 'node', node: item });
          itemBody = null;
          if (marker) {
            const label = structNode('Lbl', pageIndex);
            item.kids.push({ kind: 'node', node: label });
            assign(line, label);
            continue;
          }
        }
        if (!itemBody) {
          itemBody = structNode('LBody', pageIndex);
          (item as StructNode).kids.push({ kind: 'node', node: itemBody });
        }
        assign(line, itemBody);
        continue;
      }
      list = null;
      const type = line.role.startsWith('headline') ? 'H' : (ROLE_TYPES[line.role] ?? 'P');
      let key: string = line.role;
      let photo: FrameBox | undefined;
      if (type === 'Caption') {
        photo = captionPhoto(line, ownPhotos);
        key = `caption:${photo ? photos.indexOf(photo) : -1}`;
      }
      const paragraphStart = (line.role === 'body' || line.role === 'quote') && (line.xs[0] ?? 0) >= 0.75 * line.size;
      if (!current || closed || key !== currentKey || paragraphStart || line.role === 'jump') {
        if (photo && !figures.has(photo)) parent.kids.push({ kind: 'node', node: figure(photo) });
        current = structNode(type, pageIndex);
        if (BODY_ROLES.has(line.role)) current.body = true;
        parent.kids.push({ kind: 'node', node: current });
        currentKey = key;
        closed = false;
      }
      closed = assign(line, current) || line.role === 'jump';
    }
  };

  for (const box of page.boxes) {
    switch (box.kind) {
      case 'rule':
        plan.boxes.set(box, 'artifact');
        break;
      case 'folio':
        for (const line of box.lines) plan.lines.set(line, 'artifact');
        break;
      case 'photo': {
        if (figures.has(box)) break;
        const parent = (box.article ? arts.get(box.article) : undefined) ?? sect;
        const node = figure(box);
        const at = parent.kids.findIndex((k) => k.kind === 'node' && k.node.body === true);
        parent.kids.splice(at < 0 ? parent.kids.length : at, 0, { kind: 'node', node });
        break;
      }
      case 'article': {
        let art = box.article ? arts.get(box.article) : undefined;
        if (!art) {
          art = structNode('Art', pageIndex, box.article ? ctx.titles.get(box.article) : undefined);
          sect.kids.push({ kind: 'node', node: art });
          if (box.article) arts.set(box.article, art);
        }
        planLines(box.lines, art, photos.filter((p) => p.article != null && p.article === box.article));
        break;
      }
      default: {
        const group = structNode('Sect', pageIndex, SECTION_LABELS[box.kind]);
        sect.kids.push({ kind: 'node', node: group });
        planLines(box.lines, group, []);
      }
    }
  }
  return plan;
}

/**
 * Writes the structure tree: StructTreeRoot → Document → the pages' Sects, every element with content
 * drawn; the parent tree maps each page's MCIDs and each link annotation to its element.
 */
function writeStructure(doc: DocInternals, sects: StructNode[], pageList: Page[], owners: StructNode[][], linkOwners: StructNode[]): void {
  const documentNode: StructNode = { type: 'Document', page: -1, kids: sects.map((node) => ({ kind: 'node', node })) };
  const liveCache = new Map<StructNode, boolean>();
  const live = (node: StructNode): boolean => {
    let known = liveCache.get(node);
    if (known === undefined) {
      known = node.kids.some((k) => (k.kind === 'content' ? k.slot.mcid >= 0 : k.kind === 'annot' ? k.annot.ref != null : live(k.node)));
      liveCache.set(node, known);
    }
    return known;
  };
  const root = doc.ref({ Type: 'StructTreeRoot' });
  const refs = new Map<StructNode, Ref>();
  const allocate = (node: StructNode) => {
    refs.set(node, doc.ref());
    for (const kid of node.kids) if (kid.kind === 'node' && live(kid.node)) allocate(kid.node);
  };
  allocate(documentNode);
  const write = (node: StructNode, parent: Ref) => {
    const ref = refs.get(node) as Ref;
    const page = node.page >= 0 ? pageList[node.page] : undefined;
    const kids: unknown[] = [];
    const children: StructNode[] = [];
    for (const kid of node.kids) {
      if (kid.kind === 'content') {
        if (kid.slot.mcid >= 0) kids.push(kid.slot.mcid);
      } else if (kid.kind === 'annot') {
        if (kid.annot.ref) kids.push({ Type: 'OBJR', Obj: kid.annot.ref, ...(page ? { Pg: page.dictionary } : {}) });
      } else if (live(kid.node)) {
        kids.push(refs.get(kid.node));
        children.push(kid.node);
      }
    }
    const data: Record<string, unknown> = { Type: 'StructElem', S: node.type, P: parent };
    if (page) data.Pg = page.dictionary;
    if (node.title) data.T = new String(node.title);
    if (node.alt) data.Alt = new String(node.alt);
    data.K = kids.length === 1 ? kids[0] : kids;
    ref.data = data;
    ref.end();
    for (const child of children) write(child, ref);
  };
  write(documentNode, root);

  const nums: unknown[] = [];
  owners.forEach((pageOwners, i) => {
    (pageList[i] as Page).dictionary.data.StructParents = i;
    nums.push(i, pageOwners.map((node) => refs.get(node)));
  });
  linkOwners.forEach((node, j) => nums.push(owners.length + j, refs.get(node)));
  const parentTree = doc.ref({ Nums: nums });
  parentTree.end();
  root.data = { Type: 'StructTreeRoot', K: refs.get(documentNode), ParentTree: parentTree, ParentTreeNextKey: owners.length + linkOwners.length };
  // pdfkit writes the StructTreeRoot and MarkInfo dictionaries when the document ends, and gives every
  // page /Tabs /S once MarkInfo exists.
  doc._root.data.StructTreeRoot = root;
  doc._root.data.MarkInfo = doc.ref({ Marked: true });
}

/** The Dests name tree, its names in byte order. */
function writeDestinations(doc: DocInternals, ctx: ArchiveContext, pageList: Page[], pages: FramePage[]): void {
  const sorted = [...ctx.destinations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names: unknown[] = [];
  for (const d of sorted) {
    const page = pages[d.pageIndex] as FramePage;
    names.push(new String(d.name), [(pageList[d.pageIndex] as Page).dictionary, 'XYZ', round3(d.x), round3(page.height - d.y), null]);
  }
  const tree = doc.ref({ Names: names });
  tree.end();
  doc._root.data.Names.data.Dests = tree;
}

/** The document outline, every entry open and pointing at a named destination. */
function writeOutline(doc: DocInternals, ctx: ArchiveContext): void {
  if (ctx.outline.length === 0) return;
  const root = doc.ref({ Type: 'Outlines' });
  const level = (entries: OutlineEntry[], parent: Ref): { first: Ref; last: Ref; count: number } => {
    const refs = entries.map(() => doc.ref());
    let count = 0;
    entries.forEach((entry, i) => {
      const data: Record<string, unknown> = { Title: new String(entry.title), Parent: parent, Dest: new String(entry.dest) };
      if (i > 0) data.Prev = refs[i - 1];
      if (i < entries.length - 1) data.Next = refs[i + 1];
      count += 1;
      if (entry.children.length > 0) {
        const sub = level(entry.children, refs[i] as Ref);
        data.First = sub.first;
        data.Last = sub.last;
        data.Count = sub.count;
        count += sub.count;
      }
      const ref = refs[i] as Ref;
      ref.data = data;
      ref.end();
    });
    return { first: refs[0] as Ref, last: refs[refs.length - 1] as Ref, count };
  };
  const top = level(ctx.outline, root);
  root.data = { Type: 'Outlines', First: top.first, Last: top.last, Count: top.count };
  root.end();
  doc._root.data.Outlines = root;
  doc._root.data.PageMode = 'UseOutlines';
}

let srgbCache: Buffer | null = null;

/** The sRGB IEC 61966-2.1 ICC profile (ICC v2) that ships inside the pdfkit package. */
export function srgbProfile(): Buffer {
  if (srgbCache) return srgbCache;
  const main = createRequire(import.meta.url).resolve('pdfkit');
  const file = path.join(path.dirname(main), 'data', 'sRGB_IEC61966_2_1.icc');
  const bytes = readFileSync(file);
  if (bytes.length < 132 || bytes.toString('latin1', 36, 40) !== 'acsp' || bytes.toString('latin1', 16, 20) !== 'RGB ') {
    throw new Error(`${file} is not an RGB ICC profile`);
  }
  srgbCache = bytes;
  return bytes;
}

/** The PDF/A output intent: sRGB, the colour space photos are converted to. */
function writeOutputIntent(doc: DocInternals): void {
  const profile = doc.ref({ N: 3 });
  profile.end(srgbProfile());
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    Info: new String('sRGB IEC61966-2.1'),
    RegistryName: new String('http://www.color.org'),
    DestOutputProfile: profile,
  });
  intent.end();
  doc._root.data.OutputIntents = [intent];
}

/** Replaces pdfkit's XMP with one whose values match the Info dictionary, escaped, plus the profile's identification. */
function writeXmpOnEnd(doc: DocInternals, profile: PdfProfile, lang: string): void {
  doc.endMetadata = function (this: DocInternals) {
    const ref = this.ref({ Type: 'Metadata', Subtype: 'XML' });
    ref.compress = false;
    ref.end(Buffer.from(xmpPacket(this.info, profile, lang), 'utf8'));
    this._root.data.Metadata = ref;
  };
}

function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The XMP packet of an edition PDF. */
export function xmpPacket(info: Record<string, unknown>, profile: PdfProfile, lang: string): string {
  const text = (key: string) => (typeof info[key] === 'string' ? escapeXml(info[key] as string) : null);
  const date = info.CreationDate instanceof Date ? info.CreationDate : new Date(0);
  const modified = info.ModDate instanceof Date ? info.ModDate : date;
  const out: string[] = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>', '<x:xmpmeta xmlns:x="adobe:ns:meta/">', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'];
  if (profile !== 'none') {
    out.push(
      '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
      '<pdfaid:part>2</pdfaid:part>',
      '<pdfaid:conformance>B</pdfaid:conformance>',
      '</rdf:Description>',
    );
  }
  if (profile === 'pdfua') {
    out.push(
      '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
      '<pdfuaid:part>1</pdfuaid:part>',
      '</rdf:Description>',
      // PDF/A accepts properties outside its predefined schemas only when an extension schema describes them.
      '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
      '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
      '<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>',
      '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
      '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
      '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
      '<pdfaProperty:name>part</pdfaProperty:name>',
      '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
      '<pdfaProperty:category>internal</pdfaProperty:category>',
      '<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>',
      '</rdf:li></rdf:Seq></pdfaSchema:property>',
      '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
      '</rdf:Description>',
    );
  }
  out.push('<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">', '<dc:format>application/pdf</dc:format>');
  const title = text('Title');
  if (title) out.push(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>`);
  const author = text('Author');
  if (author) out.push(`<dc:creator><rdf:Seq><rdf:li>${author}</rdf:li></rdf:Seq></dc:creator>`);
  const subject = text('Subject');
  if (subject) out.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${subject}</rdf:li></rdf:Alt></dc:description>`);
  const keywords = typeof info.Keywords === 'string' ? info.Keywords.split(/,\s*/).filter(Boolean) : [];
  if (keywords.length > 0) out.push(`<dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${escapeXml(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
  out.push(`<dc:language><rdf:Bag><rdf:li>${escapeXml(lang)}</rdf:li></rdf:Bag></dc:language>`, '</rdf:Description>');
  out.push(
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreatorTool>${text('Creator') ?? ''}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${xmpDate(date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(modified)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(modified)}</xmp:MetadataDate>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${text('Producer') ?? ''}</pdf:Producer>`,
  );
  const allKeywords = text('Keywords');
  if (allKeywords) out.push(`<pdf:Keywords>${allKeywords}</pdf:Keywords>`);
  out.push('</rdf:Description>', '</rdf:RDF>', '</x:xmpmeta>', '<?xpacket end="w"?>');
  return out.join('\n');
}

/** pdfkit copies Title/Author/Subject into the XMP packet unescaped; escape them there only. */
function escapeXmpInfo(doc: DocInternals): void {
  const addInfo = doc._addInfo;
  if (typeof addInfo !== 'function') return;
  doc._addInfo = function (this: DocInternals) {
    const saved = { ...this.info };
    for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
      const value = this.info[key];
      if (typeof value === 'string') this.info[key] = escapeXml(value);
    }
    try {
      addInfo.call(this);
    } finally {
      this.info = saved;
    }
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for a content stream: at most 3 decimals, no exponent, no negative zero. */
function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const rounded = Math.round(n * 1000) / 1000;
  if (rounded === 0) return '0';
  return String(rounded);
}
