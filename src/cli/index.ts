/**
 * The `epaper` command. Everything that touches files, the clock or the process lives in src/cli;
 * parse and layout stay pure.
 */
import { parseArgs } from 'node:util';
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
  epaper check <file|folder>... [--all]    print diagnostics (file:line:col severity message rule);
                                           exit 1 when there is an error; --all includes info notes
  epaper start                             summary of the sample editions in samples/
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
        const editions = loadEditions(rest);
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
      case 'start': {
        const editions = loadEditions([join(projectRoot, 'samples')]);
        for (const e of editions) io.out(summaryLine(e));
        return 0;
      }
      default:
        io.err(`epaper: unknown command "${command}". See epaper --help`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError) {
      io.err(`epaper: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
