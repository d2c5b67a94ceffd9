/**
 * A short fuzz run (the full one is `npm run fuzz`): generated and mutated inputs of every family at a
 * small scale, in process, for about half a minute. Every case must end with all text placed, or with
 * an error diagnostic or input error — never a crash, a hang, a silent loss or a page-identity clash.
 * A failure that is one of the open defects of defects.ts (named there, with its part of the pipeline)
 * is reported but does not fail the run; any other failure does.
 */
import { expect, test } from 'vitest';
import { openDefect } from './defects.js';
import { nthCase } from './families/index.js';
import { FAILURES, runCase, type CaseResult } from './harness.js';
import { report, summarize } from './summary.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240315);
const BUDGET_MS = 30_000;
const MAX_CASES = 400;
const MIN_CASES = 10;

test('short fuzz run: no crash, no hang, no silent loss', async () => {
  const started = performance.now();
  const results: CaseResult[] = [];
  for (let i = 0; i < MAX_CASES && performance.now() - started < BUDGET_MS; i++) {
    results.push(await runCase(nthCase(SEED, i, 0.05)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const summary = summarize(results, (performance.now() - started) / 1000);
  const failures = results.filter((r) => FAILURES.includes(r.verdict));
  const known = failures.filter((r) => openDefect(r));
  if (known.length) console.info(`${known.length} case(s) show open defects: ${known.map((r) => `${r.id} (${openDefect(r)!.id})`).join(', ')}`);
  expect(results.length).toBeGreaterThanOrEqual(MIN_CASES);
  expect(failures.filter((r) => !openDefect(r)).map((r) => r.id), report(summary)).toEqual([]);
}, 180_000);
