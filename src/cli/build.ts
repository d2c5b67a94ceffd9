/**
 * `epaper build`: parse, lay out and render editions into an output folder. Each edition is written to a
 * temporary folder first and renamed into place, so a failed build never leaves half an edition behind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Edition } from '../model/schema.js';
import { parseEdition } from '../parse/index.js';
import { layoutEdition, type FramePage } from '../layout/index.js';
import { loadFontSet, type FontSet } from '../layout/fonts.js';
import { loadTemplate, type LoadedTemplate } from '../layout/template.js';
import { editionOutline, editionPdfInfo, renderEditionPdfs, renderPagePdfs, type PdfProfile } from '../render/pdf/index.js';
import { ALTO_UNIT, renderEditionAlto } from '../render/alto/index.js';
import { findEditions, readDocuments, type EditionSource } from './sources.js';

/** sharp is loaded only when an image is actually read (it takes tens of ms to load). */
let sharpModule: typeof import('sharp') | null = null;
async function loadSharp(): Promise<typeof import('sharp')> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule;
}

export interface BuiltEdition {
  source: EditionSource;
  edition: Edition & { layout: { template: string; pages: FramePage[] } };
  pdfs: Buffer[];
  diagnostics: Diagnostic[];
  /** The edition PDF (DIR/<id>/<id>.pdf), unless turned off. */
  editionPdf?: Buffer | null;
  pdfProfile?: PdfProfile;
  /** ALTO XML per page (DIR/<id>/alto/NN.xml), with --alto. */
  alto?: string[] | null;
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
}

const IMAGE_EXT = /\.(?:jpe?g|png|webp|gif|tiff?|avif)$/i;

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
export function loadLayout(name: string): { template: LoadedTemplate; smaller: LoadedTemplate | null } {
  if (name === 'auto') return { template: loadTemplate('broadsheet'), smaller: loadTemplate('tabloid') };
  return { template: loadTemplate(name), smaller: null };
}

export async function buildEdition(
  source: EditionSource,
  template: LoadedTemplate,
  options: BuildOptions = {},
): Promise<BuiltEdition> {
  const parsed = parseEdition(source.id, readDocuments(source));
  const images = await imageSizes(source.imagesDir);
  let fonts = fontsFor(template);
  let result = layoutEdition(parsed, template, fonts, { images });
  if (options.smaller && result.pages.length === 1 && result.pages[0]!.report.fill < AUTO_FILL) {
    template = options.smaller;
    fonts = fontsFor(template);
    result = layoutEdition(parsed, template, fonts, { images });
  }
  const diagnostics = [...result.edition.diagnostics, ...result.diagnostics];
  const edition = { ...result.edition, diagnostics, layout: { template: template.name, pages: result.pages } };
  const warnings: string[] = [];
  const pageOptions = {
    title: [edition.paper, edition.date].filter(Boolean).join(' ') || edition.id,
    author: edition.paper ?? undefined,
    lang: edition.lang,
    creationDate: creationDate(edition),
    imagesDir: source.imagesDir,
    onWarning: (m: string) => warnings.push(m),
  };
  const pdfProfile = options.pdfProfile ?? 'pdfa-2b';
  let pdfs: Buffer[];
  let editionPdf: Buffer | null = null;
  if (options.pagePdfs === false) pdfs = [];
  else if (options.editionPdf === false) pdfs = await renderPagePdfs(result.pages, fonts, pageOptions);
  else {
    const rendered = await renderEditionPdfs(result.pages, fonts, result.edition, {
      profile: pdfProfile,
      creationDate: pageOptions.creationDate,
      imagesDir: source.imagesDir,
      pageOptions,
    });
    pdfs = rendered.pages;
    editionPdf = rendered.edition;
  }
  const alto = options.alto ? renderEditionAlto(result.pages, result.edition) : null;
  for (const message of warnings) {
    diagnostics.push({ file: source.root, line: null, column: null, severity: 'warning', rule: 'image', message });
  }
  return { source, edition, pdfs, diagnostics, editionPdf, pdfProfile, alto };
}

/** Write one built edition as DIR/<id>/edition.json and DIR/<id>/pdf/NN.pdf, atomically. */
export function writeEdition(out: string, built: BuiltEdition): string {
  mkdirSync(out, { recursive: true });
  const final = join(out, built.edition.id);
  const tmp = join(out, `.${built.edition.id}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'pdf'), { recursive: true });
  try {
    writeFileSync(join(tmp, 'edition.json'), JSON.stringify(built.edition, null, 1));
    built.pdfs.forEach((pdf, i) => {
      const n = built.edition.layout.pages[i]?.number ?? i + 1;
      writeFileSync(join(tmp, 'pdf', `${String(n).padStart(2, '0')}.pdf`), pdf);
    });
    if (built.editionPdf) writeFileSync(join(tmp, `${built.edition.id}.pdf`), built.editionPdf);
    if (built.alto) {
      mkdirSync(join(tmp, 'alto'));
      built.alto.forEach((xml, i) => {
        const n = built.edition.layout.pages[i]?.number ?? i + 1;
        writeFileSync(join(tmp, 'alto', `${String(n).padStart(2, '0')}.xml`), xml);
      });
    }
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(editionManifest(built), null, 1));
    const old = join(out, `.${built.edition.id}.old-${process.pid}`);
    let moved = false;
    try {
      renameSync(final, old);
      moved = true;
    } catch {
      // nothing there yet
    }
    renameSync(tmp, final);
    if (moved) rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return final;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * manifest.json: the files of a built edition tied together — per page its number, section, page PDF,
 * ALTO file and the named destinations of the page and its articles in the edition PDF — with SHA-256
 * checksums. Paths are relative to the edition folder.
 */
export function editionManifest(built: BuiltEdition): Record<string, unknown> {
  const { edition } = built;
  const pages = edition.layout.pages;
  const outline = editionOutline(pages, edition);
  const linked = built.editionPdf != null;
  const info = editionPdfInfo(edition, pages);
  const nn = (i: number) => String(pages[i]?.number ?? i + 1).padStart(2, '0');
  return {
    edition: edition.id,
    title: info.title,
    paper: edition.paper,
    date: edition.date,
    lang: edition.lang,
    template: edition.layout.template,
    editionPdf: built.editionPdf ? { file: `${edition.id}.pdf`, profile: built.pdfProfile ?? 'pdfa-2b', sha256: sha256(built.editionPdf) } : null,
    alto: built.alto ? { version: '4.2', measurementUnit: ALTO_UNIT, note: 'mm10: tenths of a millimetre from the top-left corner of the page' } : null,
    pages: pages.map((page, i) => {
      const model = edition.pages[i];
      const pdf = built.pdfs[i];
      const alto = built.alto?.[i];
      return {
        number: page.number,
        order: i + 1,
        section: model?.section ?? model?.folio?.section ?? null,
        pdf: pdf ? { file: `pdf/${nn(i)}.pdf`, sha256: sha256(pdf) } : null,
        alto: alto != null ? { file: `alto/${nn(i)}.xml`, sha256: sha256(alto) } : null,
        destination: linked ? (outline[i]?.dest ?? null) : null,
        articles: (outline[i]?.children ?? []).map((entry) => ({ id: entry.article ?? null, title: entry.title, destination: linked ? entry.dest : null })),
      };
    }),
  };
}

export function reportLines(built: BuiltEdition): string[] {
  return built.edition.layout.pages.map((p) => {
    const r = p.report;
    return `  page ${String(p.number).padStart(2, '0')}: fill ${(r.fill * 100).toFixed(1)}%, 禁则 ${r.kinsokuViolations}, loose lines ${r.looseLines}, 孤字 ${r.orphans}, continuations ${r.continuations}`;
  });
}

export { findEditions, loadTemplate };
