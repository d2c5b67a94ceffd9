/**
 * The `epaper` command. Everything that touches files, the clock or the process lives in src/cli;
 * parse and layout stay pure.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseEdition, InputError } from '../parse/index.js';
import { Edition as EditionSchema, type Edition } from '../model/schema.js';
import { findEditions, readDocuments, UsageError } from './sources.js';
import { formatDiagnostic, outline, summaryLine } from './outline.js';

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
                                           DIR/<edition>/pdf/NN.pdf; default DIR is out/, default
                                           layout broadsheet (also: tabloid, or a JSON file)
  epaper start                             build the sample editions in samples/ into out/
  epaper --help | --version

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

export function loadEditions(paths: string[]): Edition[] {
  return findEditions(paths).map((src) => parseEdition(src.id, readDocuments(src)));
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        out: { type: 'string', short: 'o' },
        layout: { type: 'string', short: 'l' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
      },
    });
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
    switch (command) {
      case 'parse': {
        const editions = loadEditions(rest);
        if (values.json) {
          const json = editions.map((e) => EditionSchema.parse(e));
          io.out(JSON.stringify(json.length === 1 ? json[0] : json, null, 2));
        } else io.out(editions.map(outline).join('\n\n'));
        return 0;
      }
      case 'check': {
        const editions = values.layout !== undefined ? await layoutDiagnostics(rest, values.layout || 'broadsheet') : loadEditions(rest);
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
      case 'build':
        return await build(rest, values.out ?? 'out', values.layout ?? 'broadsheet', io);
      case 'start': {
        const out = values.out ?? join(projectRoot, 'out');
        const code = await build([join(projectRoot, 'samples')], out, values.layout ?? 'broadsheet', io);
        if (code === 0) io.out(`\nPDF pages are in ${out}/<edition>/pdf/; open one, e.g. ${join(out, '001-front-page', 'pdf', '01.pdf')}`);
        return code;
      }
      default:
        io.err(`epaper: unknown command "${command}". See epaper --help`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || (error instanceof Error && (error.name === 'TemplateError' || error.name === 'FontError'))) {
      io.err(`epaper: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function layoutDiagnostics(paths: string[], layout: string): Promise<Edition[]> {
  const { buildEdition, findEditions, loadTemplate } = await import('./build.js');
  const template = loadTemplate(layout);
  const out: Edition[] = [];
  for (const source of findEditions(paths)) {
    const built = await buildEdition(source, template);
    out.push({ ...built.edition, diagnostics: built.diagnostics });
  }
  return out;
}

async function build(paths: string[], out: string, layout: string, io: Io): Promise<number> {
  const { buildEdition, findEditions, loadTemplate, reportLines, writeEdition } = await import('./build.js');
  const template = loadTemplate(layout);
  const sources = findEditions(paths);
  let failed = 0;
  for (const source of sources) {
    const started = performance.now();
    const built = await buildEdition(source, template);
    const errors = built.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      for (const d of errors) io.err(formatDiagnostic(d));
      io.err(`epaper: ${source.id}: not built (${errors.length} error(s) above)`);
      failed++;
      continue;
    }
    const dir = writeEdition(out, built);
    const ms = performance.now() - started;
    io.out(`${summaryLine(built.edition)}\n  → ${dir}/ (${built.pdfs.length} PDF page(s), ${ms.toFixed(0)} ms)`);
    for (const line of reportLines(built)) io.out(line);
  }
  return failed > 0 ? 1 : 0;
}
