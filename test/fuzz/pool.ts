/**
 * Runs fuzz cases in worker processes, a few at a time, and kills a worker whose case runs well past
 * its bound: the case is recorded as a hang (or as a crash when the worker dies) and a new worker
 * takes the next case.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './harness.js';

export interface Job {
  index: number;
  seed: number;
  scale: number;
  families?: string[];
  /** Run this case id instead of case `index` of the seed. */
  id?: string;
  pdfText?: boolean;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'start'; index: number; id: string; family: string; bound: number }
  | { type: 'done'; index: number; result: CaseResult };

export interface PoolOptions {
  workers: number;
  /**
   * A worker is killed when its CPU time in the case passes this many times the case's bound (plus a
   * second), or, where /proc cannot tell, when the wall time does (times four, as other load slows it);
   * and in any case at twenty times the bound (at least a minute) of wall time.
   */
  slack?: number;
  onResult(result: CaseResult): void;
}

const here = dirname(fileURLToPath(import.meta.url));
const viteNode = join(dirname(createRequire(import.meta.url).resolve('vite-node/package.json')), 'vite-node.mjs');

interface Slot {
  child: ChildProcess;
  job: Job | null;
  started: { id: string; family: string; bound: number; at: number; cpu: number | null } | null;
  timer: NodeJS.Timeout | null;
}

/** CPU time (user + system) of a process, in ms, from /proc; null where there is no /proc. */
function cpuOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function runPool(jobs: Job[], options: PoolOptions): Promise<void> {
  const slack = options.slack ?? 1.5;
  const queue = jobs.slice();
  let live = 0;
  return new Promise((resolve) => {
    const finish = (slot: Slot) => {
      if (slot.timer) clearInterval(slot.timer);
      slot.timer = null;
      slot.job = null;
      slot.started = null;
    };
    const next = (slot: Slot) => {
      const job = queue.shift();
      if (!job) {
        slot.child.kill();
        return;
      }
      slot.job = job;
      slot.child.send(job);
    };
    const failed = (slot: Slot, verdict: 'hang' | 'crash', message: string) => {
      const s = slot.started;
      const job = slot.job!;
      options.onResult({
        id: s?.id ?? job.id ?? `case ${job.index}`,
        family: s?.family ?? '?',
        verdict,
        ms: s ? Math.round(performance.now() - s.at) : 0,
        cpu: 0,
        bound: s?.bound ?? 0,
        stages: {},
        findings: [],
        message,
        pages: 0,
        bytes: 0,
      });
      finish(slot);
    };
    const spawn = () => {
      live++;
      const child = fork(viteNode, [join(here, 'worker.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
      const slot: Slot = { child, job: null, started: null, timer: null };
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') next(slot);
        else if (m.type === 'start') {
          const started = { id: m.id, family: m.family, bound: m.bound, at: performance.now(), cpu: cpuOf(child.pid) };
          slot.started = started;
          const limit = m.bound * slack + 1000;
          slot.timer = setInterval(() => {
            const cpu = started.cpu === null ? null : cpuOf(child.pid);
            const wall = performance.now() - started.at;
            const used = cpu === null ? wall / 4 : cpu - started.cpu!;
            // A worker blocked without using CPU time is a hang too, once the wall time is far past the bound.
            if (used <= limit && wall <= Math.max(60_000, 20 * m.bound)) return;
            failed(slot, 'hang', `killed after ${Math.round(used)} ms of ${cpu === null ? 'wall time / 4' : 'CPU time'} (bound ${m.bound} ms)`);
            child.kill('SIGKILL');
          }, 250);
        } else {
          options.onResult(m.result);
          finish(slot);
          next(slot);
        }
      });
      child.on('exit', (code, signal) => {
        live--;
        if (slot.job) failed(slot, 'crash', `worker exited (${signal ?? `code ${code}`}) during the case`);
        if (queue.length > 0) spawn();
        else if (live === 0) resolve();
      });
    };
    const n = Math.max(1, Math.min(options.workers, queue.length));
    for (let i = 0; i < n; i++) spawn();
    if (queue.length === 0) resolve();
  });
}
