/**
 * npm run fuzz [-- --cases N] [--seed S] [--workers W] [--scale X] [--family a,b] [--case ID] [--defects] [--json FILE] [--log FILE]
 *
 * Runs N generated and mutated inputs (default 10,000, seed 1) through the whole pipeline in worker
 * processes and prints the figures; exits 1 when any case crashed, hung, lost text or clashed. `--case
 * family/seed` runs one case again and prints what it found; `--defects` runs the repro of every defect
 * in defects.ts. `--log FILE` appends one JSON line per case as it ends (a run stopped early still
 * tells what it found).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEFECTS } from './defects.js';
import { FAMILIES } from './families/index.js';
import type { CaseResult } from './harness.js';
import { runPool, type Job } from './pool.js';
import { report, summarize } from './summary.js';

function options(argv: string[]) {
  const o = { cases: 10_000, seed: 1, workers: availableParallelism(), scale: 1, families: [] as string[], ids: [] as string[], json: '', log: '' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--cases') o.cases = Number(need());
    else if (flag === '--seed') o.seed = Number(need());
    else if (flag === '--workers') o.workers = Number(need());
    else if (flag === '--scale') o.scale = Number(need());
    else if (flag === '--family') o.families = need().split(',');
    else if (flag === '--case') o.ids.push(need());
    else if (flag === '--json') o.json = need();
    else if (flag === '--log') o.log = need();
    else if (flag === '--defects') o.ids.push(...DEFECTS.map((d) => `defect/${d.id}`));
    else if (flag.endsWith('.ts')) continue;
    else throw new Error(`unknown option ${flag}`);
  }
  for (const f of o.families) if (!FAMILIES[f]) throw new Error(`unknown family ${f} (known: ${Object.keys(FAMILIES).join(', ')})`);
  if (!(o.cases >= 0) || !Number.isInteger(o.seed) || !(o.scale > 0 && o.scale <= 1)) throw new Error('--cases, --seed and --scale take numbers (0 < scale ≤ 1)');
  return o;
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const jobs: Job[] = o.ids.length
    ? o.ids.map((id, index) => ({ index, id, seed: 0, scale: 1 }))
    : Array.from({ length: o.cases }, (_, index) => ({ index, seed: o.seed, scale: o.scale, families: o.families.length ? o.families : undefined }));
  const results: CaseResult[] = [];
  const started = performance.now();
  let shown = 0;
  await runPool(jobs, {
    workers: o.workers,
    onResult(r) {
      results.push(r);
      if (o.log) appendFileSync(o.log, `${JSON.stringify({ n: results.length, id: r.id, verdict: r.verdict, cpu: r.cpu, ms: r.ms, pages: r.pages, message: r.message, findings: r.verdict === 'ok' ? undefined : r.findings })}\n`);
      if (o.ids.length) console.log(`${r.id}: ${r.verdict}, ${r.cpu} ms CPU, ${r.pages} pages${r.message ? ` — ${r.message.slice(0, 200)}` : ''}${r.findings.length ? ` — ${JSON.stringify(r.findings.slice(0, 4))}` : ''}`);
      else if (results.length - shown >= 100 || results.length === jobs.length) {
        shown = results.length;
        const v = summarize(results, 0).verdicts;
        const counts = Object.entries(v).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
        console.error(`${results.length}/${jobs.length} cases (${counts}), ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    },
  });
  const summary = summarize(results, (performance.now() - started) / 1000);
  console.log(`epaper fuzz: seed ${o.seed}, scale ${o.scale}, ${o.workers} workers`);
  console.log(report(summary));
  if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, summary: { ...summary, failures: undefined }, results }, null, 1));
  return summary.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`fuzz: ${(error as Error).message}`);
    process.exit(2);
  },
);
