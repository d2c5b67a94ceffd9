/**
 * PDF renderer: draws frames exactly as laid out, and nothing else (it never measures or breaks text).
 *
 * Page PDFs hold one page each; the edition PDF holds all pages with one set of subset fonts, a named
 * destination per article and page, links from jump and teaser lines to those destinations, an outline
 * of pages and headlines, a structure tree (Document → Sect per page → Art per article → H, P, Figure …)
 * with every line's content marked, XMP metadata and, for the PDF/A profiles, an sRGB output intent.
 *
 * document.ts assembles a file; content.ts draws lines, rules and photos; fonts.ts and truetype.ts embed
 * subset fonts; structure.ts tags; links.ts holds destinations, links and the outline; metadata.ts Info,
 * XMP and output intent; images.ts resamples photos; pdfkit.ts is the only code reaching into pdfkit.
 */
import type { FontSet } from '../../layout/fonts/index.js';
import type { FramePage } from '../../layout/types.js';
import type { Edition } from '../../model/schema.js';
import { renderJob, writeDocument } from './document.js';
import { prepareImages, type ImageOptions } from './images.js';
import { editionPdfInfo, type PdfProfile } from './metadata.js';

export { articleDestinationName, articleTitle, editionOutline, pageDestinationName, type OutlineEntry } from './links.js';
export { editionPdfInfo, PDF_PROFILES, srgbProfile, xmpPacket, type EditionPdfInfo, type PdfProfile } from './metadata.js';

export interface PdfOptions extends ImageOptions {
  title?: string;
  author?: string;
  subject?: string;
  /** Document language (BCP 47); defaults to zh-CN. */
  lang?: string;
  /** CreationDate and ModDate; defaults to the epoch so that output is reproducible. */
  creationDate?: Date;
}

export interface EditionPdfOptions extends PdfOptions {
  /** Conformance profile; default pdfa-2b. */
  profile?: PdfProfile;
  keywords?: string;
}

/** Documents written at once: each compresses its fonts in the background while the next is drawn. */
const IN_FLIGHT = 4;

/** Runs `tasks` with up to IN_FLIGHT in flight; results in the tasks' order. */
async function inFlight<T>(tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, tasks.length) }, worker));
  return out;
}

/** Renders all pages into one PDF. */
export async function renderPdf(pages: FramePage[], fonts: FontSet, options: PdfOptions = {}): Promise<Buffer> {
  const images = await prepareImages(pages, options);
  return writeDocument(pages, fonts, options, images, null);
}

/** Renders each page into a PDF of its own (the same drawing as renderPdf). */
export async function renderPagePdfs(pages: FramePage[], fonts: FontSet, options: PdfOptions = {}): Promise<Buffer[]> {
  const images = await prepareImages(pages, options);
  const job = renderJob();
  return inFlight(pages.map((page) => () => writeDocument([page], fonts, options, images, null, job)));
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
 * the edition-only ones). A one-page edition is drawn once: its page PDF is its edition PDF.
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
  const job = renderJob();
  const editionOptions: EditionPdfOptions = { ...options, onWarning: undefined };
  delete (editionOptions as { pageOptions?: PdfOptions }).pageOptions;
  const merged = withEditionInfo(edition, pages, editionOptions);
  const whole = () => writeDocument(pages, fonts, merged, images, { edition, profile: merged.profile ?? 'pdfa-2b' }, job);
  if (pages.length === 1) {
    const only = await whole();
    return { edition: only, pages: [only] };
  }
  const written = await inFlight([...pages.map((page) => () => writeDocument([page], fonts, forPages, images, null, job)), whole]);
  return { edition: written[pages.length] as Buffer, pages: written.slice(0, pages.length) };
}
