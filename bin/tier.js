// V8's optimising compiler by job size. A small job (a few pages) is over before most functions that
// TurboFan compiles in the background pay off, and that compiling competes with the job for the CPU;
// capped at the baseline tier (Sparkplug) a five-page build takes about a quarter less CPU time. From
// about ten pages on the optimised code pays, so larger jobs and the long-running commands keep every
// tier. EPAPER_V8_TIER=full keeps every tier always.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

/**
 * Folder levels counted below a path: as deep as an archive's editions are found
 * (src/pipeline/discover.ts), so that a YYYY/MM/DD archive counts as the large job it is.
 */
const MAX_DEPTH = 9;

/** Jobs of at most this many documents run without the optimising compiler. */
export const SMALL_JOB_DOCUMENTS = 8;

const DOCUMENT = /\.(md|markdown|txt|html?)$/i;
const WITH_VALUE = new Set(['--out', '-o', '--layout', '-l', '--port', '-p', '--host', '--pdf-profile']);

/** The paths a parse, check or build command reads, or null for other commands. */
function inputPaths(argv) {
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) positionals.push(a);
  }
  const [command, ...paths] = positionals;
  return ['parse', 'check', 'build'].includes(command) ? paths : null;
}

/** How many documents `paths` hold (files, folders of documents, trees of such folders), up to limit + 1. */
function countDocuments(paths, limit) {
  let n = 0;
  const visit = (p, depth) => {
    if (n > limit) return;
    let s;
    try {
      s = statSync(p);
    } catch {
      return;
    }
    if (s.isFile()) n += depth === 0 || DOCUMENT.test(p) ? 1 : 0;
    else if (s.isDirectory() && depth < MAX_DEPTH) for (const name of readdirSync(p)) if (!name.startsWith('.') && name !== 'images') visit(join(p, name), depth + 1);
  };
  for (const p of paths) visit(p, 0);
  return n;
}

/** Whether this command line is a small job (see above). */
export function isSmallJob(argv) {
  if (process.env.EPAPER_V8_TIER === 'full') return false;
  const paths = inputPaths(argv);
  return paths !== null && paths.length > 0 && countDocuments(paths, SMALL_JOB_DOCUMENTS) <= SMALL_JOB_DOCUMENTS;
}

/** Caps V8 at the baseline tier for a small job. Call after the code cache was read: flags count in its check. */
export function chooseTier(argv) {
  if (isSmallJob(argv)) setFlagsFromString('--max-opt=1');
}
