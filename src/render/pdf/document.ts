/**
 * Document assembly: pages drawn in order, then (for the edition PDF) link annotations, structure
 * tree, destinations, outline and output intent, then the fonts. Output is deterministic: the same
 * frames and options give byte-identical files.
 */
import type { FontSet } from '../../layout/fonts/index.js';
import type { FrameLine, FramePage } from '../../layout/types.js';
import type { Edition } from '../../model/schema.js';
import { beginText, drawBoxGraphics, drawLine, linkRect } from './content.js';
import { DocumentFonts, type SubsetCache } from './fonts.js';
import type { PreparedImage } from './images.js';
import { archiveContext, writeDestinations, writeLinkAnnotation, writeOutline, type ArchiveContext } from './links.js';
import { documentInfo, setMetadata, writeOutputIntent, type InfoOptions, type PdfProfile } from './metadata.js';
import { DeflateCache, PdfWriter, type PdfPage } from './pdfkit.js';
import { markedContentOpener, planPage, writeStructure, type LinkPlan, type PlannedContent, type StructNode } from './structure.js';

export interface DocumentOptions extends InfoOptions {
  lang?: string;
}

/** What the documents of one render call share: compressed streams and font programs made once. */
export interface RenderJob {
  deflate: DeflateCache;
  subsets: SubsetCache;
}

export function renderJob(): RenderJob {
  return { deflate: new DeflateCache(), subsets: new Map() };
}

/** The edition model and profile of an edition PDF being written. */
export interface ArchiveSetup {
  edition: Edition;
  profile: PdfProfile;
}

/** A drawn line that becomes a link annotation. */
interface MarkedLink {
  from: PdfPage;
  rect: number[];
  link: LinkPlan;
}

/** What is collected while the pages are drawn. */
interface Assembly {
  writer: PdfWriter;
  fonts: DocumentFonts;
  images: Map<string, PreparedImage>;
  ctx: ArchiveContext | null;
  /** PDF/A forbids drawing .notdef: characters without a glyph are left blank (their text stays in ActualText). */
  skipNotdef: boolean;
  pageList: PdfPage[];
  /** The PDF page of each page code. */
  pdfPages: Map<string, PdfPage>;
  /** Links of untagged documents: to the page of a code. */
  links: Array<{ from: PdfPage; rect: number[]; target: string }>;
  marked: MarkedLink[];
  /** Per page: the structure element owning each marked-content id. */
  owners: StructNode[][];
  sects: StructNode[];
}

export async function writeDocument(
  pages: FramePage[],
  fontSet: FontSet,
  options: DocumentOptions,
  images: Map<string, PreparedImage>,
  archive: ArchiveSetup | null,
  job: RenderJob = renderJob(),
): Promise<Buffer> {
  const lang = options.lang ?? 'zh-CN';
  const writer = new PdfWriter({ lang, displayTitle: Boolean(options.title), info: documentInfo(options, archive != null), deflate: job.deflate });
  setMetadata(writer, archive?.profile ?? null, lang);
  const assembly: Assembly = {
    writer,
    fonts: new DocumentFonts(writer, fontSet, job.subsets),
    images,
    ctx: archive ? archiveContext(pages, archive.edition) : null,
    skipNotdef: archive != null && archive.profile !== 'none',
    pageList: [],
    pdfPages: new Map(),
    links: [],
    marked: [],
    owners: [],
    sects: [],
  };
  pages.forEach((page, pageIndex) => drawPage(assembly, page, pageIndex));
  writePlainLinks(assembly);
  if (assembly.ctx) finishArchive(assembly, assembly.ctx, pages, archive as ArchiveSetup);
  await assembly.fonts.writeAll();
  return writer.finish();
}

/** Draws one page: graphics first, then every line as text, marked as planned. */
function drawPage(a: Assembly, page: FramePage, pageIndex: number): void {
  const pdfPage = a.writer.addPage(page.width, page.height);
  a.pageList.push(pdfPage);
  if (!a.pdfPages.has(page.code)) a.pdfPages.set(page.code, pdfPage);
  const plan = a.ctx ? planPage(a.ctx, page, pageIndex) : null;
  const pageOwners: StructNode[] = [];
  a.owners.push(pageOwners);
  if (plan) a.sects.push(plan.sect);

  for (const box of page.boxes) {
    const open = markedContentOpener(plan, pageOwners, plan?.boxes.get(box), '/Artifact <</Type /Layout>> BDC');
    drawBoxGraphics(a.writer, pdfPage, box, a.images, open);
  }

  const text = beginText(page.height);
  const content: string[] = [text.operators];
  for (const box of page.boxes) {
    for (const line of box.lines) {
      const entry = plan?.lines.get(line);
      const open = markedContentOpener(plan, pageOwners, entry, '/Artifact <</Type /Pagination /Subtype /Header>> BDC');
      const drawn = drawLine(a.writer, pdfPage, text.state, line, page.height, a.fonts, { skipNotdef: a.skipNotdef, open });
      if (drawn !== null) content.push(drawn);
      noteLink(a, plan != null, entry, drawn !== null, pdfPage, line, page.height);
    }
  }
  content.push('Q');
  a.writer.write(pdfPage, content.join('\n'));
}

/** Remembers a line that becomes a link annotation once all pages exist. */
function noteLink(
  a: Assembly,
  tagged: boolean,
  entry: PlannedContent | 'artifact' | undefined,
  drawn: boolean,
  from: PdfPage,
  line: FrameLine,
  pageHeight: number,
): void {
  if (tagged) {
    if (drawn && entry && entry !== 'artifact' && entry.link) a.marked.push({ from, rect: linkRect(line, pageHeight), link: entry.link });
  } else if (line.link?.resolved && line.link.code != null) {
    a.links.push({ from, rect: linkRect(line, pageHeight), target: line.link.code });
  }
}

/** Links of untagged documents: straight to the target page when it is in this document. */
function writePlainLinks(a: Assembly): void {
  for (const link of a.links) {
    const target = a.pdfPages.get(link.target);
    if (target) writeLinkAnnotation(a.writer, link.from, link.rect, { page: target });
  }
}

/** The edition PDF's link annotations (parent-tree keys after the pages' keys), structure, destinations, outline and output intent. */
function finishArchive(a: Assembly, ctx: ArchiveContext, pages: FramePage[], archive: ArchiveSetup): void {
  const linkOwners: StructNode[] = [];
  for (const link of a.marked) {
    const structParent = pages.length + linkOwners.length;
    link.link.annot.ref = writeLinkAnnotation(a.writer, link.from, link.rect, { dest: link.link.dest, contents: link.link.contents, structParent });
    linkOwners.push(link.link.node);
  }
  writeStructure(a.writer, a.sects, a.pageList, a.owners, linkOwners);
  writeDestinations(a.writer, ctx, a.pageList, pages);
  writeOutline(a.writer, ctx);
  if (archive.profile !== 'none') writeOutputIntent(a.writer);
}
