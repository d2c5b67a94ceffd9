/**
 * ALTO v4 export: one XML document per page from the layout's frames (and the model, for titles and the
 * language). Pure: frames and model in, XML strings out.
 *
 * Measurements are in mm10 (tenths of a millimetre) from the top-left corner of the page, converted
 * from the frames' points (1 pt = 25.4 / 72 mm) and rounded to 0.1 mm10. Each box with text becomes a
 * TextBlock carrying the edition's LANG (article boxes refer to their article with TAGREFS → a
 * StructureTag whose ID is the article id); each frame line a TextLine whose box is the line's em box (LINE_BOX: 0.88 em above the baseline, 0.12 em
 * below); each run of non-space characters a String, with SP between them. Photos become
 * Illustrations and rules GraphicalElements. Blocks are written in the layout's reading order.
 */
import { LINE_BOX, type FrameBox, type FrameLine, type FramePage } from '../../layout/types.js';
import type { Edition } from '../../model/schema.js';

export const ALTO_NAMESPACE = 'http://www.loc.gov/standards/alto/ns-v4#';
export const ALTO_SCHEMA = 'http://www.loc.gov/alto/v4/alto-4-2.xsd';
/** The ALTO MeasurementUnit used: tenths of a millimetre. */
export const ALTO_UNIT = 'mm10';
/** mm10 per PDF point. */
export const MM10_PER_POINT = 254 / 72;

export interface AltoOptions {
  /** Position of the page in the edition, from 1 (PHYSICAL_IMG_NR). */
  physicalNumber: number;
  /** The file the page was rendered to, as written in sourceImageInformation/fileName. */
  sourceFile?: string;
  /** Language of the text (BCP 47), written as the blocks' lang. */
  lang?: string;
  /** Article id → label for its StructureTag (the headline). */
  titles?: Map<string, string>;
}

/** Box kinds that are not articles, tagged with a LayoutTag of that name. */
const LAYOUT_LABELS: Partial<Record<FrameBox['kind'], string>> = {
  masthead: '报头',
  folio: '页眉',
  teasers: '导读',
  banner: '专题',
  credits: '版权',
};

/** A length in points as mm10, rounded to one decimal. */
export function toMm10(points: number): number {
  const v = Math.round(points * MM10_PER_POINT * 10) / 10;
  return Object.is(v, -0) ? 0 : v;
}

/** The words of a line: runs of non-space characters with their start and end (code point indices). */
export function lineWords(text: string): Array<{ text: string; start: number; end: number }> {
  const chars = [...text];
  const words: Array<{ text: string; start: number; end: number }> = [];
  let start = -1;
  chars.forEach((c, i) => {
    const space = /\s/u.test(c);
    if (!space && start < 0) start = i;
    if (space && start >= 0) {
      words.push({ text: chars.slice(start, i).join(''), start, end: i });
      start = -1;
    }
  });
  if (start >= 0) words.push({ text: chars.slice(start).join(''), start, end: chars.length });
  return words;
}

/** An NCName for an ID: characters XML does not allow in names become "_", and it starts with a letter or "_". */
function ncName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]/gu, '_');
  return /^[A-Za-z_\u00C0-\uFFFF]/u.test(safe) ? safe : `_${safe}`;
}

/** Text as XML character data or attribute value; characters XML 1.0 forbids are dropped. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu, '')
    .replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function attrs(values: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') out += ` ${key}="${typeof value === 'number' ? value : xml(value)}"`;
  return out;
}

/** The em box of a line in points: left, top, width, height. */
function lineBox(line: FrameLine): [number, number, number, number] {
  const first = Math.max(0, line.xs[0] ?? 0);
  const top = line.y - line.size * LINE_BOX.top;
  return [line.x + first, top, Math.max(0, line.width - first), line.size * (LINE_BOX.top + LINE_BOX.bottom)];
}

/** What the pass over a page's boxes gathers: styles, tags, blocks, the print space and the counters for ids. */
interface AltoState {
  pageId: string;
  options: AltoOptions;
  styles: Map<string, string>;
  structureTags: Map<string, string>;
  layoutTags: Map<string, string>;
  blocks: string[];
  left: number;
  top: number;
  right: number;
  bottom: number;
  blockCount: number;
  illustrationCount: number;
  graphicCount: number;
}

type Geometry = { HPOS: number; VPOS: number; WIDTH: number; HEIGHT: number };

/** One page as an ALTO v4 document. */
export function renderAlto(page: FramePage, options: AltoOptions): string {
  const s: AltoState = {
    pageId: `P${options.physicalNumber}`, options, styles: new Map(), structureTags: new Map(), layoutTags: new Map(), blocks: [],
    left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity, blockCount: 0, illustrationCount: 0, graphicCount: 0,
  };
  for (const box of page.boxes) addBox(s, box);
  if (!Number.isFinite(s.left)) {
    s.left = 0;
    s.top = 0;
    s.right = page.width;
    s.bottom = page.height;
  }
  return [...altoDescription(s), ...altoStyles(s), ...altoTags(s), ...altoLayout(s, page)].join('\n');
}

/** The style id of a line's font and size, added on first use. */
function styleOf(s: AltoState, line: FrameLine): string {
  const key = `${line.font}\u0000${Math.round(line.size * 100) / 100}`;
  let id = s.styles.get(key);
  if (!id) {
    id = `TS${s.styles.size + 1}`;
    s.styles.set(key, id);
  }
  return id;
}

/** The tag of a box: its article's structure tag, or a layout tag for its kind. */
function tagOf(s: AltoState, box: FrameBox): string | undefined {
  if (box.article) {
    const tag = ncName(box.article);
    if (!s.structureTags.has(tag)) s.structureTags.set(tag, s.options.titles?.get(box.article) ?? box.article);
    return tag;
  }
  if (LAYOUT_LABELS[box.kind]) {
    const tag = `LT_${box.kind}`;
    s.layoutTags.set(tag, box.kind);
    return tag;
  }
  return undefined;
}

/** One box: an Illustration, a GraphicalElement or a TextBlock. */
function addBox(s: AltoState, box: FrameBox): void {
  s.left = Math.min(s.left, box.x);
  s.top = Math.min(s.top, box.y);
  s.right = Math.max(s.right, box.x + box.width);
  s.bottom = Math.max(s.bottom, box.y + box.height);
  const geometry: Geometry = { HPOS: toMm10(box.x), VPOS: toMm10(box.y), WIDTH: toMm10(Math.max(0, box.width)), HEIGHT: toMm10(Math.max(0, box.height)) };
  const tag = tagOf(s, box);
  if (box.kind === 'photo') {
    s.illustrationCount++;
    s.blocks.push(`<Illustration${attrs({ ID: `${s.pageId}_I${s.illustrationCount}`, TYPE: 'photo', ...geometry, TAGREFS: tag })}/>`);
    return;
  }
  if (box.kind === 'rule') {
    s.graphicCount++;
    s.blocks.push(`<GraphicalElement${attrs({ ID: `${s.pageId}_G${s.graphicCount}`, ...geometry })}/>`);
    return;
  }
  const lines = box.lines.filter((l) => lineWords(l.text).length > 0 && l.size > 0);
  if (lines.length === 0) return;
  s.blockCount++;
  const blockId = `${s.pageId}_B${s.blockCount}`;
  const out: string[] = [`<TextBlock${attrs({ ID: blockId, ...geometry, TAGREFS: tag, LANG: s.options.lang })}>`];
  lines.forEach((line, li) => out.push(...textLine(s, line, `${blockId}_L${li + 1}`)));
  out.push('</TextBlock>');
  s.blocks.push(out.join('\n'));
}

/** A TextLine: its words as Strings with the spaces between them. */
function textLine(s: AltoState, line: FrameLine, lineId: string): string[] {
  const [x, y, w, h] = lineBox(line);
  const out: string[] = [`<TextLine${attrs({ ID: lineId, STYLEREFS: styleOf(s, line), HPOS: toMm10(x), VPOS: toMm10(y), WIDTH: toMm10(w), HEIGHT: toMm10(h) })}>`];
  const words = lineWords(line.text);
  const at = (i: number) => line.x + (i < line.xs.length ? (line.xs[i] as number) : line.width);
  words.forEach((word, wi) => {
    const start = at(word.start);
    const end = word.end >= [...line.text].length ? line.x + line.width : at(word.end);
    if (wi > 0) {
      const previous = words[wi - 1] as { end: number };
      const gapStart = at(previous.end);
      out.push(`<SP${attrs({ HPOS: toMm10(gapStart), VPOS: toMm10(y), WIDTH: toMm10(Math.max(0, start - gapStart)) })}/>`);
    }
    out.push(
      `<String${attrs({ ID: `${lineId}_S${wi + 1}`, CONTENT: word.text, HPOS: toMm10(start), VPOS: toMm10(y), WIDTH: toMm10(Math.max(0, end - start)), HEIGHT: toMm10(h) })}/>`,
    );
  });
  out.push('</TextLine>');
  return out;
}

/** The XML declaration, the root element and the Description. */
function altoDescription(s: AltoState): string[] {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alto xmlns="${ALTO_NAMESPACE}" SCHEMAVERSION="4.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ALTO_NAMESPACE} ${ALTO_SCHEMA}">`,
    '<Description>',
    `<MeasurementUnit>${ALTO_UNIT}</MeasurementUnit>`,
  ];
  if (s.options.sourceFile) out.push(`<sourceImageInformation><fileName>${xml(s.options.sourceFile)}</fileName></sourceImageInformation>`);
  out.push(
    '<Processing ID="PROC1">',
    '<processingCategory>contentGeneration</processingCategory>',
    '<processingStepDescription>Text and positions written from the layout that the PDF pages were rendered from (no OCR)</processingStepDescription>',
    '<processingSoftware><softwareName>epaper</softwareName></processingSoftware>',
    '</Processing>',
    '</Description>',
  );
  return out;
}

function altoStyles(s: AltoState): string[] {
  if (s.styles.size === 0) return [];
  const out = ['<Styles>'];
  for (const [key, id] of s.styles) {
    const [font, size] = key.split('\u0000') as [string, string];
    out.push(`<TextStyle${attrs({ ID: id, FONTFAMILY: font, FONTSIZE: Number(size) })}/>`);
  }
  out.push('</Styles>');
  return out;
}

function altoTags(s: AltoState): string[] {
  if (s.structureTags.size === 0 && s.layoutTags.size === 0) return [];
  const out = ['<Tags>'];
  for (const [id, kind] of s.layoutTags) out.push(`<LayoutTag${attrs({ ID: id, TYPE: kind, LABEL: LAYOUT_LABELS[kind as FrameBox['kind']] })}/>`);
  for (const [id, label] of s.structureTags) out.push(`<StructureTag${attrs({ ID: id, TYPE: 'article', LABEL: label })}/>`);
  out.push('</Tags>');
  return out;
}

/** The Layout: the page, its print space and the blocks, and the end of the document. */
function altoLayout(s: AltoState, page: FramePage): string[] {
  return [
    '<Layout>',
    `<Page${attrs({ ID: s.pageId, PHYSICAL_IMG_NR: s.options.physicalNumber, PRINTED_IMG_NR: page.code, WIDTH: toMm10(page.width), HEIGHT: toMm10(page.height) })}>`,
    `<PrintSpace${attrs({ HPOS: toMm10(s.left), VPOS: toMm10(s.top), WIDTH: toMm10(s.right - s.left), HEIGHT: toMm10(s.bottom - s.top) })}>`,
    ...s.blocks,
    '</PrintSpace>',
    '</Page>',
    '</Layout>',
    '</alto>',
    '',
  ];
}

/** Article id → title for the StructureTags: the headline, else the article id. */
function articleTitles(edition: Edition): Map<string, string> {
  const titles = new Map<string, string>();
  for (const page of edition.pages) {
    for (const article of page.articles) {
      const headline = (article.headline ?? '').replace(/\s+/gu, ' ').trim();
      if (!titles.has(article.id)) titles.set(article.id, headline || article.id);
    }
  }
  return titles;
}

/**
 * Every page of an edition as ALTO. `sourceFile` names the file each page was rendered to (default
 * "../pdf/<code>.pdf", relative to alto/<code>.xml).
 */
export function renderEditionAlto(
  pages: FramePage[],
  edition: Edition,
  sourceFile: (page: FramePage, index: number) => string = (page) => `../pdf/${page.code}.pdf`,
): string[] {
  const titles = articleTitles(edition);
  return pages.map((page, i) => renderAlto(page, { physicalNumber: i + 1, sourceFile: sourceFile(page, i), lang: edition.lang, titles }));
}
