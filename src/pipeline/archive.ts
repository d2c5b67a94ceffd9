/**
 * Building an archive: every edition found (discover.ts) whose inputs changed since its last build is
 * built, in parallel on worker threads (one per core by default), each one written in place on its own
 * (write.ts); an unchanged edition is skipped; an edition whose sources are gone from an archive built
 * into OUT before has its output removed. A failing edition stops nothing else, and keeps its last good
 * output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { runEditionTask, type ArchiveBuildOptions, type EditionResult, type EditionTask } from './archive-task.js';
import { loadLayout } from './build.js';
import { discoverArchive, type ArchiveSource } from './discover.js';
import { checkInputSizes, InputTooLargeError } from './sources.js';
import { editionInputs, recordedKey } from './inputs.js';
import { lockOutput, recoverOutput, removeEdition } from './write.js';

export type { ArchiveBuildOptions, EditionResult } from './archive-task.js';

/** Defined (as the package root) only in the CLI bundle, dist/epaper.cjs (scripts/bundle.js). */
declare const __epaperRoot: string | undefined;

export interface ArchiveOptions {
  out: string;
  layout?: string;
  build?: ArchiveBuildOptions;
  /**
   * Builders (default: one per core, at most one per edition and one per PAGES_PER_WORKER pages to
   * build): this thread and jobs − 1 worker threads; 1 builds in this thread alone.
   */
  jobs?: number;
  /** Build every edition, unchanged or not. */
  force?: boolean;
  /** Bytes one document may have (default DEFAULT_MAX_INPUT); an edition with a larger one fails unread. */
  maxInput?: number;
  /** Called once the editions are known, and once per edition as it is finished (in finishing order). */
  onPlan?: (plan: ArchivePlan) => void;
  onEdition?: (result: EditionResult) => void;
}

export interface ArchivePlan {
  editions: number;
  /** Documents of all editions (a document is a page). */
  pages: number;
  toBuild: number;
  toBuildPages: number;
}

export interface ArchiveResult {
  results: EditionResult[];
  ms: number;
}

/**
 * Pages a worker thread must have to build before it pays: a worker loads and compiles the whole
 * pipeline again (about as long as laying out and rendering a few pages takes), so a small job is built
 * faster in this thread, which has it loaded already.
 */
export const PAGES_PER_WORKER = 12;

/**
 * Young generation of a worker thread, MB. An edition's build allocates tens of MB of short-lived
 * objects (text runs, candidate arrangements, PDF strings); with V8's default a worker spends about a
 * tenth of its time in scavenges, most of them of objects that die young anyway. 32 MB takes as long
 * as 64 (1,000 pages: 22–23 s either way) with less memory held.
 */
export const YOUNG_GENERATION_MB = 32;

/**
 * How far (percent) V8 lets an old generation grow past what a full collection left live, for a
 * build on several threads. What an edition leaves in the old generation is garbage once it is
 * written, so V8's own factor (up to 4×) mostly keeps garbage: 1,000 pages peak at 377 MB instead of
 * 437–447 MB, in the same time. Set for the whole process (V8's flags are), only for such builds.
 */
export const HEAP_GROWING_PERCENT = 200;

/** Builders for `tasks` when --jobs is not given (1: build in this thread alone; see runTasks). */
export function defaultJobs(tasks: EditionTask[], cores = availableParallelism()): number {
  const pages = tasks.reduce((n, t) => n + t.source.files.length, 0);
  return Math.max(1, Math.min(cores, tasks.length, Math.floor(pages / PAGES_PER_WORKER)));
}

/**
 * The worker script: bin/worker.js when this runs from the CLI bundle (the workers load the bundle
 * too), else the one beside this module when compiled, else the compiled one in dist/.
 */
function workerFile(): string {
  const bundled = fileURLToPath(new URL('../../bin/worker.js', import.meta.url));
  if (typeof __epaperRoot !== 'undefined' && existsSync(bundled)) return bundled;
  const here = fileURLToPath(new URL('./archive-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../dist/pipeline/archive-worker.js', import.meta.url));
}

/** Editions recorded in OUT as built from one of `archives` that are no longer among `ids`. */
function removedEditions(out: string, archives: Set<string>, ids: Set<string>): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(out).filter((n) => !n.startsWith('.') && !ids.has(n));
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      const manifest = JSON.parse(readFileSync(join(out, name, 'manifest.json'), 'utf8')) as { edition?: string; inputs?: { archive?: string } };
      return manifest.edition === name && typeof manifest.inputs?.archive === 'string' && archives.has(manifest.inputs.archive);
    } catch {
      return false;
    }
  });
}

/** Removes the given editions, and whatever a build killed while writing into OUT left there. */
async function removeEditions(out: string, names: string[]): Promise<EditionResult[]> {
  if (!existsSync(out)) return [];
  const release = await lockOutput(out);
  try {
    recoverOutput(out);
    return names.map((id) => {
      removeEdition(out, id);
      return { id, status: 'removed' as const, pages: 0, documents: 0, ms: 0, errors: [] };
    });
  } finally {
    release();
  }
}

/** The failed result of an edition with a document over the size limit (it is not read), else null. */
function oversized(source: ArchiveSource, maxInput?: number): EditionResult | null {
  try {
    checkInputSizes(source, maxInput);
    return null;
  } catch (error) {
    if (!(error instanceof InputTooLargeError)) throw error;
    const n = source.files.length;
    return { id: source.id, status: 'failed', pages: n, documents: n, ms: 0, errors: [`${error.file}:1:1 error ${error.detail} max-input`] };
  }
}

/**
 * Run the tasks on `jobs` builders: this thread and jobs − 1 worker threads, each taking the next task
 * once it is done with one (here, one after another, when jobs is 1). This thread has the pipeline
 * loaded already, so building in it as well costs no worker's start-up and no worker's memory.
 */
async function runTasks(tasks: EditionTask[], jobs: number, done: (r: EditionResult) => void): Promise<void> {
  let next = 0;
  const take = (): EditionTask | undefined => tasks[next++];
  const here = async () => {
    for (let task = take(); task; task = take()) done(await runEditionTask(task));
  };
  if (jobs <= 1 || tasks.length <= 1) return here();
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const { Piscina } = await import('piscina');
  const threads = jobs - 1;
  const pool = new Piscina<EditionTask, EditionResult>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const failed = (task: EditionTask, error: Error): EditionResult => {
    const n = task.source.files.length;
    return { id: task.source.id, status: 'failed', pages: n, documents: n, ms: 0, errors: [`${task.source.root}:1:1 error ${error.message} build`] };
  };
  // Two lanes per worker thread: its next task is queued before it finishes one, so that it does not
  // wait for this thread, busy building, to hand it another.
  const lane = async () => {
    for (let task = take(); task; task = take()) done(await pool.run(task).catch((error: Error) => failed(task, error)));
  };
  try {
    const lanes = Array.from({ length: threads * 2 }, lane);
    await Promise.all([...lanes, here()]);
  } finally {
    await pool.destroy();
  }
}

/** Build the archive(s) at `paths` into `options.out`. */
export async function buildArchive(paths: string[], options: ArchiveOptions): Promise<ArchiveResult> {
  const started = performance.now();
  const layoutName = options.layout ?? 'auto';
  const layout = loadLayout(layoutName);
  const buildOptions = options.build ?? {};
  const sources: ArchiveSource[] = discoverArchive(paths);
  const results: EditionResult[] = [];
  const tasks: EditionTask[] = [];
  for (const source of sources) {
    const tooLarge = oversized(source, options.maxInput);
    if (tooLarge) {
      results.push(tooLarge);
      continue;
    }
    const inputs = editionInputs(source, layout, { layout: layoutName, ...buildOptions });
    if (!options.force && recordedKey(join(options.out, source.id)) === inputs.key) {
      results.push({ id: source.id, status: 'unchanged', pages: source.files.length, documents: source.files.length, ms: 0, dir: join(options.out, source.id), errors: [] });
      continue;
    }
    const { archive, ...edition } = source;
    tasks.push({ source: edition, archive, layout: layoutName, options: { ...buildOptions, maxInput: options.maxInput }, inputs, out: options.out });
  }
  options.onPlan?.({
    editions: sources.length,
    pages: sources.reduce((n, s) => n + s.files.length, 0),
    toBuild: tasks.length,
    toBuildPages: tasks.reduce((n, t) => n + t.source.files.length, 0),
  });
  for (const r of results) options.onEdition?.(r);
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(tasks), tasks.length));
  await runTasks(tasks, jobs, (r) => {
    results.push(r);
    options.onEdition?.(r);
  });
  const ids = new Set(sources.map((s) => s.id));
  const removed = await removeEditions(options.out, removedEditions(options.out, new Set(sources.map((s) => s.archive)), ids));
  for (const r of removed) options.onEdition?.(r);
  results.push(...removed);
  return { results, ms: performance.now() - started };
}
