/**
 * A fuzz worker process: receives case indexes (or ids) from the pool, builds each case, runs it and
 * sends the result back. It says when a case starts, so the pool can kill it on a hang.
 */
import { DEFECTS } from './defects.js';
import { caseFromId, nthCase } from './families/index.js';
import { runCase } from './harness.js';
import type { Job, WorkerMessage } from './pool.js';

const send = (m: WorkerMessage) => process.send?.(m);

process.on('message', async (job: Job) => {
  const defect = job.id?.startsWith('defect/') ? DEFECTS.find((d) => `defect/${d.id}` === job.id) : undefined;
  const c = defect ? defect.repro() : job.id ? caseFromId(job.id) : nthCase(job.seed, job.index, job.scale, job.families);
  send({ type: 'start', index: job.index, id: c.id, family: c.family, bound: c.bound });
  const result = await runCase(c, { pdfText: job.pdfText });
  send({ type: 'done', index: job.index, result });
});
send({ type: 'ready' });
