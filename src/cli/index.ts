/**
 * The `epaper` command: arguments, exit codes and what is printed. Building and writing editions is
 * src/pipeline, serving them src/server; parse and layout stay pure.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseEdition, InputError } from '../parse/index.js';
import { Edition as EditionSchema, type Edition } from '../model/schema.js';
import { bytesText, DEFAULT_MAX_INPUT, findEditions, InputTooLargeError, parseByteSize, readDocuments, UsageError } from '../pipeline/sources.js';
import { formatDiagnostic } from '../pipeline/report.js';
import { outline } from './outline.js';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const HELP = `epaper — Chinese newspaper pages: read, lay out again, render

Usage:
  epaper parse <file|folder>... [--json]   print each edition's outline (or the page model as JSON)
  epaper check <file|folder>... [--all] [--layout [NAME|FILE]]
                                           print diagnostics (file:line:col severity message rule);
                                           exit 1 when there is an error; --all includes info notes;
                                           --layout also lays the pages out and reports 禁则, 孤字,
                                           loose lines, under-filled pages and continuations
  epaper build <file|folder>... [--out DIR] [--layout NAME|FILE]
                                           write DIR/<edition>/edition.json (model + frames) and
                                           DIR/<edition>/pdf/<code>.pdf (01.pdf, A01.pdf …);
                                           default DIR is out/; layout auto (default:
                                           broadsheet, or tabloid for a one-page edition filling
                                           less than half a broadsheet page), broadsheet,
                                           tabloid, or a template JSON file
        [--pdf-profile none|pdfa-2b|pdfua] [--alto]
                                           also DIR/<edition>/<edition>.pdf (all pages, links,
                                           outline, tagged; PDF/A-2b by default) and manifest.json;
                                           --alto adds DIR/<edition>/alto/<code>.xml (ALTO
                                           v4); an edition is put in place only once it is
                                           complete (the old one stays until then); builds into
                                           one DIR take turns
        [--jobs N] [--force] [--no-page-pdfs]
                                           an archive (a folder of editions, a YYYY/MM/DD tree, any
                                           folder of folders of pages) is built by N builders, this
                                           thread and N − 1 worker threads (default: one per core,
                                           one per 12 pages at most; a smaller job is built in this
                                           thread alone); an edition whose
                                           documents, images, template, fonts and epaper version are
                                           unchanged is skipped (--force builds it again); output of editions
                                           whose sources are gone is removed; a failing edition keeps
                                           its last good output and the build exits 1 at the end
  epaper site <build-dir> DIR              write the built editions as a static site into DIR: the
                                           archive page, viewer pages (e/<id>/<n>/index.html), page
                                           fragments, thumbnails, photos, PDFs, fonts, content-hashed
                                           assets under assets/ and fonts/, api/ JSON and a 404.html —
                                           the bytes epaper serve sends; build --site DIR does both;
                                           --base-url URL (where it is published) for share tags
  epaper serve <file|folder|build-dir>... [--port 3000] [--host 127.0.0.1] [--out CACHE] [--layout NAME|FILE]
                                           build the editions (kept in CACHE, default .cache/epaper,
                                           so unchanged sources are not laid out again; a build-dir
                                           holding <edition>/edition.json is served as it is, a
                                           site folder written by epaper site as files) and
                                           serve the e-paper viewer at http://HOST:PORT/; stops on
                                           Ctrl+C, SIGTERM, or when a pipe on its standard input closes
  epaper preview <file|folder> [--layout NAME|FILE] [--port 3000] [--host 127.0.0.1]
                                           live preview while editing: watches the documents, images/,
                                           the layout file and the fonts, lays the pages out again on
                                           every save and updates the open browser in place; lists
                                           and marks every problem on the page; switch layouts there
  epaper start [--no-serve]                build the sample editions in samples/ and serve them;
                                           --no-serve builds them into out/ and exits
  epaper --help | --version

  --max-input SIZE                         parse, check, build, serve: bytes one document may have
                                           (default ${bytesText(DEFAULT_MAX_INPUT)}; K, M, G allowed: --max-input 64M); a
                                           larger document is not read: an error naming it, exit 1

A file is a one-page edition; a folder of documents (.md, .txt, .html) is an edition, its files its
pages; a folder of such folders (like samples/) holds several editions.
Exit codes: 0 ok, 1 errors found in the documents, 2 bad usage or unreadable input.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

export function loadEditions(paths: string[], maxInput = DEFAULT_MAX_INPUT): Edition[] {
  return findEditions(paths).map((src) => parseEdition(src.id, readDocuments(src, undefined, maxInput)));
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  layout: { type: 'string', short: 'l' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'no-serve': { type: 'boolean' },
  'pdf-profile': { type: 'string' },
  alto: { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  force: { type: 'boolean' },
  'no-page-pdfs': { type: 'boolean' },
  site: { type: 'string' },
  'base-url': { type: 'string' },
  'max-input': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Errors of the input or the usage: one line and exit 2, never a stack trace. */
const USAGE_ERRORS = ['TemplateError', 'FontError', 'LockError'];

/**
 * One edition of an archive build, for a worker thread that runs the CLI bundle (bin/worker.js): the
 * pipeline is loaded on the first task.
 */
export async function archiveWorkerTask(task: import('../pipeline/archive-task.js').EditionTask): Promise<import('../pipeline/archive-task.js').EditionResult> {
  const { runEditionTask } = await import('../pipeline/archive-task.js');
  return runEditionTask(task);
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    io.err(`epaper: ${(error as Error).message}. See epaper --help`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    io.out(pkg.version);
    return 0;
  }
  if (values.help || !command || command === 'help') {
    io.out(HELP);
    return command || values.help ? 0 : 2;
  }
  try {
    return await run(command, rest, values, io);
  } catch (error) {
    if (error instanceof InputTooLargeError) {
      io.err(`epaper: ${error.message}`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof InputError || (error instanceof Error && USAGE_ERRORS.includes(error.name))) {
      io.err(`epaper: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function run(command: string, rest: string[], values: Values, io: Io): Promise<number> {
  const maxInput = values['max-input'] === undefined ? DEFAULT_MAX_INPUT : parseByteSize(values['max-input']);
  if (maxInput === null) {
    io.err(`epaper: --max-input wants a size in bytes, or with K, M or G (e.g. 64M; got "${values['max-input']}")`);
    return 2;
  }
  switch (command) {
    case 'parse':
      return parseCommand(rest, values, io, maxInput);
    case 'check':
      return await checkCommand(rest, values, io, maxInput);
    case 'build': {
      const profile = values['pdf-profile'] ?? 'pdfa-2b';
      if (!(['none', 'pdfa-2b', 'pdfua'] as string[]).includes(profile)) {
        io.err(`epaper: --pdf-profile wants none, pdfa-2b or pdfua (got "${profile}")`);
        return 2;
      }
      const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
        io.err(`epaper: --jobs wants a whole number from 1 (got "${values.jobs}")`);
        return 2;
      }
      const flags = { pdfProfile: profile as 'none' | 'pdfa-2b' | 'pdfua', alto: values.alto === true, pagePdfs: !values['no-page-pdfs'], jobs, force: values.force === true, maxInput };
      const out = values.out ?? 'out';
      const code = await build(rest, out, values.layout ?? 'auto', io, flags);
      if (values.site === undefined) return code;
      const siteCode = await siteCommand([out], values.site, io, values['base-url']);
      return Math.max(code, siteCode);
    }
    case 'site':
      if (rest.length !== 2) {
        io.err('epaper: site wants a build folder and the folder to write the site into: epaper site <build-dir> DIR');
        return 2;
      }
      return await siteCommand([rest[0]!], rest[1]!, io, values['base-url']);
    case 'serve':
      return await serveCommand(rest, values, io, maxInput);
    case 'preview':
      return await previewCommand(rest, values, io);
    case 'start':
      return await startCommand(values, io);
    default:
      io.err(`epaper: unknown command "${command}". See epaper --help`);
      return 2;
  }
}

function parseCommand(paths: string[], values: Values, io: Io, maxInput: number): number {
  const editions = loadEditions(paths, maxInput);
  if (values.json) {
    const json = editions.map((e) => EditionSchema.parse(e));
    io.out(JSON.stringify(json.length === 1 ? json[0] : json, null, 2));
  } else io.out(editions.map(outline).join('\n\n'));
  return 0;
}

/** `epaper check`: every diagnostic as file:line:col severity message rule; exit 1 on an error. */
async function checkCommand(paths: string[], values: Values, io: Io, maxInput: number): Promise<number> {
  const editions = values.layout !== undefined ? await layoutDiagnostics(paths, values.layout || 'auto', maxInput) : loadEditions(paths, maxInput);
  let errors = 0;
  let warnings = 0;
  for (const e of editions) {
    for (const d of e.diagnostics) {
      if (d.severity === 'error') errors++;
      if (d.severity === 'warning') warnings++;
      if (d.severity !== 'info' || values.all) io.out(formatDiagnostic(d));
    }
  }
  io.out(`${errors} error(s), ${warnings} warning(s) in ${editions.length} edition(s)`);
  return errors > 0 ? 1 : 0;
}

/** `epaper start`: the samples, served (or built into out/ with --no-serve). */
async function startCommand(values: Values, io: Io): Promise<number> {
  if (!values['no-serve']) {
    return await serveCommand([join(projectRoot, 'samples')], { ...values, out: values.out ?? join(projectRoot, '.cache', 'epaper') }, io);
  }
  const out = values.out ?? join(projectRoot, 'out');
  const code = await build([join(projectRoot, 'samples')], out, values.layout ?? 'auto', io);
  if (code === 0) io.out(`\nPDF pages are in ${out}/<edition>/pdf/; open one, e.g. ${join(out, '001-front-page', 'pdf', '01.pdf')}`);
  return code;
}

async function layoutDiagnostics(paths: string[], layout: string, maxInput: number): Promise<Edition[]> {
  const { buildEdition, loadLayout } = await import('../pipeline/build.js');
  const { template, smaller } = loadLayout(layout);
  const out: Edition[] = [];
  for (const source of findEditions(paths)) {
    const built = await buildEdition(source, template, { smaller, editionPdf: false, maxInput });
    out.push({ ...built.edition, diagnostics: built.diagnostics });
  }
  return out;
}

interface BuildFlags {
  pdfProfile?: 'none' | 'pdfa-2b' | 'pdfua';
  alto?: boolean;
  pagePdfs?: boolean;
  jobs?: number;
  force?: boolean;
  maxInput?: number;
}

/** `epaper build`: the editions of the archive(s) at `paths`, built in parallel, unchanged ones skipped. */
async function build(paths: string[], out: string, layout: string, io: Io, flags: BuildFlags = {}): Promise<number> {
  const { buildArchive } = await import('../pipeline/archive.js');
  const { archiveReporter, summaryLines, wantsBar } = await import('./archive.js');
  const reporter = archiveReporter(io, io === defaultIo && wantsBar());
  const buildOptions = {
    ...(flags.pdfProfile ? { pdfProfile: flags.pdfProfile } : {}),
    ...(flags.alto ? { alto: true } : {}),
    ...(flags.pagePdfs === false ? { pagePdfs: false } : {}),
  };
  let result;
  try {
    result = await buildArchive(paths, { out, layout, build: buildOptions, jobs: flags.jobs, force: flags.force, maxInput: flags.maxInput, ...reporter });
  } finally {
    reporter.stop();
  }
  for (const line of summaryLines(result.results, result.ms)) io.out(line);
  return result.results.some((r) => r.status === 'failed') ? 1 : 0;
}

/** `epaper site`: the built editions as a static site in DIR (what `serve` sends, as files). */
async function siteCommand(builds: string[], dir: string, io: Io, baseUrl?: string): Promise<number> {
  const started = performance.now();
  const { loadSite } = await import('../server/site.js');
  const { exportSite } = await import('../server/export.js');
  const site = await loadSite(builds, { cacheRoot: join(builds[0]!, '.web') });
  const r = await exportSite(site, dir, { baseUrl });
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const pages = site.editions.reduce((n, e) => n + e.edition.layout.pages.length, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const perPage = (n: number) => (pages ? n / pages : 0);
  const kinds = Object.entries(r.byKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${kb(perPage(n))}`).join(', ');
  io.out(`site: ${site.editions.length} edition(s), ${pages} page(s), ${r.files} file(s), ${mb(r.bytes)} (${kb(perPage(r.bytes))} per page: ${kinds}) → ${dir}/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** --port: a number from 0 to 65535 (default 3000); null (after saying so) for anything else. */
function portOf(value: string | undefined, io: Io): number | null {
  const port = value === undefined ? 3000 : Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535 && /^\d+$/.test(value ?? '0')) return port;
  io.err(`epaper: --port wants a number from 0 to 65535 (got "${value}")`);
  return null;
}

/** `epaper preview`: resolves once the preview has been closed (SIGINT / SIGTERM). */
async function previewCommand(paths: string[], values: { port?: string; host?: string; layout?: string }, io: Io): Promise<number> {
  const port = portOf(values.port, io);
  if (port === null) return 2;
  const { ServeError } = await import('../server/listen.js');
  const { preview } = await import('../server/preview/index.js');
  try {
    const previewing = await preview(paths, { port, host: values.host ?? '127.0.0.1', layout: values.layout, io });
    await previewing.closed;
    return 0;
  } catch (error) {
    if (error instanceof ServeError) {
      io.err(`epaper: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

/** `epaper serve`: resolves once the server has been closed (SIGINT / SIGTERM). */
async function serveCommand(
  paths: string[],
  values: { port?: string; host?: string; out?: string; layout?: string },
  io: Io,
  maxInput = DEFAULT_MAX_INPUT,
): Promise<number> {
  const port = portOf(values.port, io);
  if (port === null) return 2;
  const { serve, ServeError } = await import('../server/index.js');
  try {
    const serving = await serve(paths, { port, host: values.host ?? '127.0.0.1', out: values.out, layout: values.layout, maxInput, io });
    await serving.closed;
    return 0;
  } catch (error) {
    if (error instanceof ServeError || (error instanceof Error && error.name === 'SiteError')) {
      io.err(`epaper: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
