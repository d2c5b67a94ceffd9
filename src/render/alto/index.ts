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

/** One page as an ALTO v4 document. */
export function renderAlto(page: FramePage, options: AltoOptions): string {
  const pageId = `P${options.physicalNumber}`;
  const styles = new Map<string, string>();
  const styleOf = (line: FrameLine) => {
    const key = `${line.font}\u0000${Math.round(line.size * 100) / 100}`;
    let id = styles.get(key);
    if (!id) {
      id = `TS${styles.size + 1}`;
      styles.set(key, id);
    }
    return id;
  };
  const structureTags = new Map<string, string>();
  const layoutTags = new Map<string, string>();
  const blocks: string[] = [];
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  let blockCount = 0;
  let illustrationCount = 0;
  let graphicCount = 0;

  for (const box of page.boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
    const geometry = { HPOS: toMm10(box.x), VPOS: toMm10(box.y), WIDTH: toMm10(Math.max(0, box.width)), HEIGHT: toMm10(Math.max(0, box.height)) };
    let tag: string | undefined;
    if (box.article) {
      tag = ncName(box.article);
      if (!structureTags.has(tag)) structureTags.set(tag, options.titles?.get(box.article) ?? box.article);
    } else if (LAYOUT_LABELS[box.kind]) {
      tag = `LT_${box.kind}`;
      layoutTags.set(tag, box.kind);
    }
    if (box.kind === 'photo') {
      illustrationCount++;
      blocks.push(`<Illustration${attrs({ ID: `${pageId}_I${illustrationCount}`, TYPE: 'photo', ...geometry, TAGREFS: tag })}/>`);
      continue;
    }
    if (box.kind === 'rule') {
      graphicCount++;
      blocks.push(`<GraphicalElement${attrs({ ID: `${pageId}_G${graphicCount}`, ...geometry })}/>`);
      continue;
    }
    const lines = box.lines.filter((l) => lineWords(l.text).length > 0 && l.size > 0);
    if (lines.length === 0) continue;
    blockCount++;
    const blockId = `${pageId}_B${blockCount}`;
    const out: string[] = [`<TextBlock${attrs({ ID: blockId, ...geometry, TAGREFS: tag, LANG: options.lang })}>`];
    lines.forEach((line, li) => {
      const lineId = `${blockId}_L${li + 1}`;
      const [x, y, w, h] = lineBox(line);
      out.push(`<TextLine${attrs({ ID: lineId, STYLEREFS: styleOf(line), HPOS: toMm10(x), VPOS: toMm10(y), WIDTH: toMm10(w), HEIGHT: toMm10(h) })}>`);
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
    });
    out.push('</TextBlock>');
    blocks.push(out.join('\n'));
  }
  if (!Number.isFinite(left)) {
    left = 0;
    top = 0;
    right = page.width;
    bottom = page.height;
  }

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alto xmlns="${ALTO_NAMESPACE}" SCHEMAVERSION="4.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ALTO_NAMESPACE} ${ALTO_SCHEMA}">`,
    '<Description>',
    `<MeasurementUnit>${ALTO_UNIT}</MeasurementUnit>`,
  ];
  if (options.sourceFile) out.push(`<sourceImageInformation><fileName>${xml(options.sourceFile)}</fileName></sourceImageInformation>`);
  out.push(
    '<Processing ID="PROC1">',
    '<processingCategory>contentGeneration</processingCategory>',
    '<processingStepDescription>Text and positions written from the layout that the PDF pages were rendered from (no OCR)</processingStepDescription>',
    '<processingSoftware><softwareName>epaper</softwareName></processingSoftware>',
    '</Processing>',
    '</Description>',
  );
  if (styles.size > 0) {
    out.push('<Styles>');
    for (const [key, id] of styles) {
      const [font, size] = key.split('\u0000') as [string, string];
      out.push(`<TextStyle${attrs({ ID: id, FONTFAMILY: font, FONTSIZE: Number(size) })}/>`);
    }
    out.push('</Styles>');
  }
  if (structureTags.size > 0 || layoutTags.size > 0) {
    out.push('<Tags>');
    for (const [id, kind] of layoutTags) out.push(`<LayoutTag${attrs({ ID: id, TYPE: kind, LABEL: LAYOUT_LABELS[kind as FrameBox['kind']] })}/>`);
    for (const [id, label] of structureTags) out.push(`<StructureTag${attrs({ ID: id, TYPE: 'article', LABEL: label })}/>`);
    out.push('</Tags>');
  }
  out.push(
    '<Layout>',
    `<Page${attrs({ ID: pageId, PHYSICAL_IMG_NR: options.physicalNumber, PRINTED_IMG_NR: String(page.number).padStart(2, '0'), WIDTH: toMm10(page.width), HEIGHT: toMm10(page.height) })}>`,
    `<PrintSpace${attrs({ HPOS: toMm10(left), VPOS: toMm10(top), WIDTH: toMm10(right - left), HEIGHT: toMm10(bottom - top) })}>`,
    ...blocks,
    '</PrintSpace>',
    '</Page>',
    '</Layout>',
    '</alto>',
    '',
  );
  return out.join('\n');
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
 * "../pdf/NN.pdf", relative to alto/NN.xml).
 */
export function renderEditionAlto(
  pages: FramePage[],
  edition: Edition,
  sourceFile: (page: FramePage, index: number) => string = (page) => `../pdf/${String(page.number).padStart(2, '0')}.pdf`,
): string[] {
  const titles = articleTitles(edition);
  return pages.map((page, i) => renderAlto(page, { physicalNumber: i + 1, sourceFile: sourceFile(page, i), lang: edition.lang, titles }));
}
