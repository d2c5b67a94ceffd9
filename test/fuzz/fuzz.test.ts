/**
 * A short fuzz run (the full one is `npm run fuzz`): generated and mutated inputs of every family at a
 * small scale, in process, for about half a minute. Every case must end with all text placed, or with
 * an error diagnostic or input error — never a crash, a hang, a silent loss or a page-identity clash.
 */
import { expect, test } from 'vitest';
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
  }
  const summary = summarize(results, (performance.now() - started) / 1000);
  const failures = results.filter((r) => FAILURES.includes(r.verdict));
  expect(results.length).toBeGreaterThanOrEqual(MIN_CASES);
  expect(failures.map((r) => r.id), report(summary)).toEqual([]);
}, 120_000);
