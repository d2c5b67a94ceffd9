/**
 * Building an edition from its sources: parse, lay out (choosing the template when the layout is
 * `auto`) and render. The result names the template and the fonts it was laid out with and the options
 * its page PDFs were made with, so a caller that renders more pages later uses the same ones.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Edition } from '../model/schema.js';
import { parseEdition } from '../parse/index.js';
import { layoutEdition, type FramePage } from '../layout/index.js';
import { loadFontSet, type FontSet } from '../layout/fonts/index.js';
import { loadTemplate, type LoadedTemplate } from '../layout/template/index.js';
import { renderEditionPdfs, renderPagePdfs, type PdfOptions, type PdfProfile } from '../render/pdf/index.js';
import { renderEditionAlto } from '../render/alto/index.js';
import { IMAGE_EXT, readDocuments, type EditionSource } from './sources.js';

/** sharp is loaded only when an image is actually read (it takes tens of ms to load). */
let sharpModule: typeof import('sharp') | null = null;
async function loadSharp(): Promise<typeof import('sharp')> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule;
}

export type EditionWithLayout = Edition & { layout: { template: string; pages: FramePage[] } };

/** The template every edition is set on, and the smaller one a short one-page edition may be set on. */
export interface Layout {
  template: LoadedTemplate;
  /** The smaller template one-page editions may be set on (`--layout auto`), or null. */
  smaller: LoadedTemplate | null;
}

export interface BuiltEdition {
  source: EditionSource;
  edition: EditionWithLayout;
  /** The template the pages were laid out on (the smaller one when `auto` chose it). */
  template: LoadedTemplate;
  /** The fonts the pages were laid out and rendered with. */
  fonts: FontSet;
  /** The options the page PDFs were (or are to be) rendered with. */
  pageOptions: PdfOptions;
  pdfs: Buffer[];
  diagnostics: Diagnostic[];
  /** The edition PDF (DIR/<id>/<id>.pdf), unless turned off. */
  editionPdf?: Buffer | null;
  pdfProfile?: PdfProfile;
  /** ALTO XML per page (DIR/<id>/alto/<code>.xml), with --alto. */
  alto?: string[] | null;
  /** Content hashes of what the build depends on (inputs.ts), recorded in manifest.json. */
  inputs?: { key: string; archive?: string } & Record<string, unknown>;
}

export interface BuildOptions {
  smaller?: LoadedTemplate | null;
  /** Write the edition PDF (default true). */
  editionPdf?: boolean;
  /** Render the page PDFs (default true); false leaves `pdfs` empty and skips the edition PDF too. */
  pagePdfs?: boolean;
  /** Conformance profile of the edition PDF (default pdfa-2b). */
  pdfProfile?: PdfProfile;
  /** Write ALTO XML per page (default false). */
  alto?: boolean;
  /** Bytes one document may have (default DEFAULT_MAX_INPUT); a larger one is an InputTooLargeError. */
  maxInput?: number;
  /**
   * Set pages holding little text on smaller formats of the template (layout option `formats`; default
   * true). The preview turns it off so that a page keeps its sheet while it is edited.
   */
  formats?: boolean;
}

/** Pixel sizes of the images in an edition's images/ folder (read with sharp). */
export async function imageSizes(dir: string | null): Promise<Record<string, { width: number; height: number }>> {
  const sizes: Record<string, { width: number; height: number }> = {};
  if (!dir) return sizes;
  for (const name of readdirSync(dir).filter((n) => IMAGE_EXT.test(n)).sort()) {
    try {
      const meta = await (await loadSharp())(join(dir, name)).metadata();
      if (meta.width && meta.height) sizes[name] = { width: meta.width, height: meta.height };
    } catch {
      // An unreadable image is drawn as a placeholder; the renderer reports it.
    }
  }
  return sizes;
}

let fontCache: { key: string; fonts: FontSet } | null = null;

/** Drops the FontSet kept by fontsFor, so the next call opens the font files again. */
export function forgetFonts(): void {
  fontCache = null;
}

/** The fonts of a template (the last set is kept, so building several editions opens them once). */
export function fontsFor(template: LoadedTemplate): FontSet {
  const key = JSON.stringify([template.dir, template.fonts ?? {}]);
  if (fontCache?.key !== key) fontCache = { key, fonts: loadFontSet({ overrides: template.fonts, baseDir: template.dir }) };
  return fontCache.fonts;
}

/** The PDF CreationDate: SOURCE_DATE_EPOCH, else the edition date, else the epoch — never the clock. */
export function creationDate(edition: Edition, env = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return edition.date ? new Date(`${edition.date}T00:00:00Z`) : new Date(0);
}

/** Below this fill a one-page edition is set on the smaller template when the layout is `auto`. */
export const AUTO_FILL = 0.5;

/**
 * `--layout auto` (the default): broadsheet, or tabloid for a one-page edition whose text fills less
 * than half a broadsheet page. Anything else names one template for every edition.
 */
export function loadLayout(name: string): Layout {
  if (name === 'auto') return { template: loadTemplate('broadsheet'), smaller: loadTemplate('tabloid') };
  return { template: loadTemplate(name), smaller: null };
}

/** Title, author, language, date and photo folder of an edition's page PDFs. */
export function pagePdfOptions(edition: Edition, imagesDir: string | null): PdfOptions {
  return {
    title: [edition.paper, edition.date].filter(Boolean).join(' ') || edition.id,
    author: edition.paper ?? undefined,
    lang: edition.lang,
    creationDate: creationDate(edition),
    imagesDir,
  };
}

export async function buildEdition(source: EditionSource, template: LoadedTemplate, options: BuildOptions = {}): Promise<BuiltEdition> {
  const parsed = parseEdition(source.id, readDocuments(source, undefined, options.maxInput));
  const images = await imageSizes(source.imagesDir);
  let fonts = fontsFor(template);
  const formats = options.formats !== false;
  let result = layoutEdition(parsed, template, fonts, { images, formats });
  if (options.smaller && result.pages.length === 1 && result.pages[0]!.report.fill < AUTO_FILL) {
    template = options.smaller;
    fonts = fontsFor(template);
    result = layoutEdition(parsed, template, fonts, { images, formats });
  }
  const diagnostics = [...result.edition.diagnostics, ...result.diagnostics];
  const edition: EditionWithLayout = { ...result.edition, diagnostics, layout: { template: template.name, pages: result.pages } };
  const pageOptions = pagePdfOptions(edition, source.imagesDir);
  const warnings: string[] = [];
  const rendering = { ...pageOptions, onWarning: (m: string) => warnings.push(m) };
  const pdfProfile = options.pdfProfile ?? 'pdfa-2b';
  let pdfs: Buffer[];
  let editionPdf: Buffer | null = null;
  if (options.pagePdfs === false) pdfs = [];
  else if (options.editionPdf === false) pdfs = await renderPagePdfs(result.pages, fonts, rendering);
  else {
    const rendered = await renderEditionPdfs(result.pages, fonts, result.edition, {
      profile: pdfProfile,
      creationDate: rendering.creationDate,
      imagesDir: source.imagesDir,
      pageOptions: rendering,
    });
    pdfs = rendered.pages;
    editionPdf = rendered.edition;
  }
  const alto = options.alto ? renderEditionAlto(result.pages, result.edition) : null;
  for (const message of warnings) {
    diagnostics.push({ file: source.root, line: null, column: null, severity: 'warning', rule: 'image', message });
  }
  return { source, edition, template, fonts, pageOptions, pdfs, diagnostics, editionPdf, pdfProfile, alto };
}
