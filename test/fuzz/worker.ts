/**
 * A fuzz worker process: receives case indexes (or ids) from the pool, builds each case, runs it and
 * sends the result back. It says when a case starts, so the pool can kill it on a hang.
 */
import { caseFromId, nthCase } from './families/index.js';
import { runCase } from './harness.js';
import type { Job, WorkerMessage } from './pool.js';

const send = (m: WorkerMessage) => process.send?.(m);

process.on('message', async (job: Job) => {
  const c = job.id ? caseFromId(job.id) : nthCase(job.seed, job.index, job.scale, job.families);
  send({ type: 'start', index: job.index, id: c.id, family: c.family, bound: c.bound });
  const result = await runCase(c, { pdfText: job.pdfText });
  send({ type: 'done', index: job.index, result });
});
send({ type: 'ready' });
