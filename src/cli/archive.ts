/**
 * `epaper build` as the terminal shows it: a progress bar on a terminal (editions and pages done of
 * total, pages per second, ETA), one line per finished edition elsewhere (a pipe, a log, CI=true), and a
 * summary at the end: built, unchanged, removed, failed (each failure with its file:line diagnostics).
 */
import { relative } from 'node:path';
import cliProgress from 'cli-progress';
import type { ArchiveOptions, ArchivePlan, EditionResult } from '../pipeline/archive.js';

export interface ArchiveIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A progress bar only on an interactive terminal outside CI. */
export function wantsBar(stream: NodeJS.WriteStream = process.stderr, env = process.env): boolean {
  return stream.isTTY === true && !(env.CI && env.CI !== 'false' && env.CI !== '0') && env.TERM !== 'dumb';
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One line of a finished edition (non-terminal output). */
export function editionLine(r: EditionResult, done: number, total: number): string {
  const n = `[${done}/${total}]`;
  const rel = r.dir ? relative(process.cwd(), r.dir) : '';
  const where = r.dir ? ` → ${rel && !rel.startsWith('..') ? rel : r.dir}/` : '';
  switch (r.status) {
    case 'built':
      return `${n} built ${r.summary ?? r.id}${where} (${r.ms.toFixed(0)} ms)`;
    case 'unchanged':
      return `${n} unchanged ${r.id}${where}`;
    case 'removed':
      return `removed ${r.id} (its sources are gone)`;
    default:
      return `${n} failed ${r.id}: ${r.errors.length} error(s), its last good output kept`;
  }
}

/** The closing summary lines. */
export function summaryLines(results: EditionResult[], ms: number): string[] {
  const count = (s: EditionResult['status']) => results.filter((r) => r.status === s);
  const built = count('built');
  const pages = built.reduce((n, r) => n + r.pages, 0);
  const rate = ms > 0 && pages > 0 ? `, ${(pages / (ms / 1000)).toFixed(1)} pages/s` : '';
  const lines = [
    `${built.length} edition(s) built (${pages} page(s)), ${count('unchanged').length} unchanged, ${count('removed').length} removed, ${count('failed').length} failed in ${seconds(ms)}${rate}`,
  ];
  for (const r of count('failed')) {
    lines.push(`failed ${r.id}:`);
    for (const e of r.errors) lines.push(`  ${e}`);
  }
  return lines;
}

/** Hooks for buildArchive that report to `io` (and draw a bar on standard error when `bar`). */
export function archiveReporter(io: ArchiveIo, bar: boolean): Pick<ArchiveOptions, 'onPlan' | 'onEdition'> & { stop(): void } {
  let plan: ArchivePlan = { editions: 0, pages: 0, toBuild: 0, toBuildPages: 0 };
  let done = 0;
  let editionsBuilt = 0;
  let pagesDone = 0;
  let startedAt = Date.now();
  let progress: cliProgress.SingleBar | null = null;
  return {
    onPlan(p) {
      plan = p;
      if (!bar || p.toBuild === 0) return;
      progress = new cliProgress.SingleBar(
        {
          format: 'building {bar} editions {editions}/{editionsTotal} · pages {value}/{total} · {rate} pages/s · ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 50,
          clearOnComplete: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      startedAt = Date.now();
      progress.start(p.toBuildPages, 0, { editions: 0, editionsTotal: p.toBuild, rate: '0.0' });
    },
    onEdition(r) {
      done++;
      if (r.status === 'failed') for (const e of r.errors) io.err(e);
      if (progress && (r.status === 'built' || r.status === 'failed')) {
        editionsBuilt++;
        pagesDone += r.documents;
        const elapsed = (Date.now() - startedAt) / 1000;
        progress.update(Math.min(pagesDone, plan.toBuildPages), { editions: editionsBuilt, rate: (pagesDone / Math.max(elapsed, 0.001)).toFixed(1) });
        return;
      }
      if (!progress) io.out(editionLine(r, Math.min(done, plan.editions), plan.editions));
    },
    stop() {
      progress?.stop();
    },
  };
}
