/**
 * Building one edition of an archive into OUT/<id>/, in the build process or in a worker thread: the
 * task and its result are plain data, so they cross a thread boundary as they are.
 */
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../model/schema.js';
import type { PdfProfile } from '../render/pdf/index.js';
import { buildEdition, loadLayout, type Layout } from './build.js';
import type { EditionInputs } from './inputs.js';
import { formatDiagnostic, summaryLine } from './report.js';
import { IMAGE_EXT, type EditionSource } from './sources.js';
import { writeEdition } from './write.js';

/** Build options that change an edition's files (and so are part of its key). */
export interface ArchiveBuildOptions {
  pdfProfile?: PdfProfile;
  alto?: boolean;
  /** Write pdf/<code>.pdf per page (default true); the edition PDF is written either way. */
  pagePdfs?: boolean;
  /** Bytes one document may have (not part of the edition's inputs: it changes no output file). */
  maxInput?: number;
}

export interface EditionTask {
  source: EditionSource;
  /** The archive root the edition was found under (recorded, so removed sources remove their output). */
  archive: string;
  layout: string;
  options: ArchiveBuildOptions;
  inputs: EditionInputs;
  out: string;
}

export interface EditionResult {
  id: string;
  status: 'built' | 'unchanged' | 'failed' | 'removed';
  /** Pages built (or, when not built, the documents of the edition). */
  pages: number;
  /** Documents of the edition's source (a document is a page). */
  documents: number;
  ms: number;
  /** The edition's summary line, when built. */
  summary?: string;
  dir?: string;
  /** Error diagnostics as file:line:col lines, or the one message of a failure without them. */
  errors: string[];
}

const layouts = new Map<string, Layout>();

function layoutFor(name: string): Layout {
  let layout = layouts.get(name);
  if (!layout) {
    layout = loadLayout(name);
    layouts.set(name, layout);
  }
  return layout;
}

/** The edition's photos into its build folder (DIR/images/), so a site is made from build output alone. */
function copyImages(from: string, editionDir: string): void {
  mkdirSync(join(editionDir, 'images'), { recursive: true });
  for (const name of readdirSync(from)) {
    const file = join(from, name);
    if (IMAGE_EXT.test(name) && statSync(file).isFile()) copyFileSync(file, join(editionDir, 'images', name));
  }
}

const errorsOf = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);

/** Build and write one edition; never throws (a failure is a result, the edition's old output stays). */
export async function runEditionTask(task: EditionTask): Promise<EditionResult> {
  const started = performance.now();
  const { source } = task;
  const failed = (errors: string[]): EditionResult => ({ id: source.id, status: 'failed', pages: source.files.length, documents: source.files.length, ms: performance.now() - started, errors });
  try {
    const layout = layoutFor(task.layout);
    const { pagePdfs, ...options } = task.options;
    const built = await buildEdition(source, layout.template, { smaller: layout.smaller, ...options });
    const errors = errorsOf(built.diagnostics);
    if (errors.length > 0) return failed(errors);
    // Without page PDFs the edition PDF is still made (from the same rendering), only not split into pages.
    if (pagePdfs === false) built.pdfs = [];
    built.inputs = { ...task.inputs, archive: task.archive };
    const dir = await writeEdition(task.out, built, { extra: (d) => source.imagesDir && copyImages(source.imagesDir, d) });
    return { id: source.id, status: 'built', pages: built.edition.layout.pages.length, documents: source.files.length, ms: performance.now() - started, summary: summaryLine(built.edition), dir, errors: [] };
  } catch (error) {
    const e = error as Error;
    return failed([`${source.root}:1:1 error ${e?.message ?? String(error)} build`]);
  }
}
