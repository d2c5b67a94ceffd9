/** Figures of a fuzz run: verdicts, failures by family and stage, the slowest cases. */
import { FAILURES, type CaseResult, type Verdict } from './harness.js';

export interface Summary {
  cases: number;
  verdicts: Record<Verdict, number>;
  /** Cases that lost text silently, and the characters they lost. */
  lossCases: number;
  lostChars: number;
  failures: CaseResult[];
  slowest: CaseResult[];
  seconds: number;
}

export function summarize(results: CaseResult[], seconds: number): Summary {
  const verdicts = { ok: 0, rejected: 0, refused: 0, crash: 0, hang: 0, loss: 0, identity: 0, unclear: 0 } as Record<Verdict, number>;
  for (const r of results) verdicts[r.verdict]++;
  const losses = results.filter((r) => r.verdict === 'loss');
  return {
    cases: results.length,
    verdicts,
    lossCases: losses.length,
    lostChars: losses.reduce((n, r) => n + r.findings.reduce((m, f) => m + f.missing, 0), 0),
    failures: results.filter((r) => FAILURES.includes(r.verdict)),
    slowest: results.slice().sort((a, b) => b.ms - a.ms).slice(0, 5),
    seconds,
  };
}

export function report(s: Summary, limit = 40): string {
  const v = s.verdicts;
  const lines = [
    `${s.cases} cases in ${s.seconds.toFixed(1)} s: ${v.ok} ok, ${v.rejected} rejected with an error diagnostic, ${v.refused} refused as input errors`,
    `failures: ${v.crash} crashes, ${v.hang} hangs, ${v.loss} silent losses (${s.lostChars} characters), ${v.identity} page-identity clashes, ${v.unclear} unclear errors`,
  ];
  const byKind = new Map<string, CaseResult[]>();
  for (const r of s.failures) {
    const stages = [...new Set(r.findings.map((f) => f.stage))].join('+');
    const key = `${r.verdict}${stages ? ` (${stages})` : ''} in ${r.family}`;
    byKind.set(key, [...(byKind.get(key) ?? []), r]);
  }
  for (const [key, rs] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${rs.length} × ${key}, e.g. ${rs.slice(0, 3).map((r) => r.id).join(' ')}`);
  }
  if (s.failures.length) lines.push('', 'failures:');
  for (const r of s.failures.slice(0, limit)) {
    const f = r.findings.filter((x) => x.missing > 0 || x.stage === 'identity').slice(0, 3).map((x) => `${x.stage} ${x.where}: ${x.missing ? `${x.missing} missing (${x.detail})` : x.detail}`);
    lines.push(`  ${r.id} ${r.verdict} ${r.ms} ms${r.message ? ` — ${r.message.slice(0, 160)}` : ''}${f.length ? ` — ${f.join('; ')}` : ''}`);
  }
  if (s.failures.length > limit) lines.push(`  … and ${s.failures.length - limit} more`);
  lines.push('', `slowest: ${s.slowest.map((r) => `${r.id} ${r.ms} ms`).join(', ')}`);
  return lines.join('\n');
}
