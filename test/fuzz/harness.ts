/**
 * One fuzz case through the whole pipeline, in process: parse → layout → page PDFs and edition PDF →
 * HTML, each output read back as text. The verdict is "ok" (all text placed everywhere), "rejected"
 * (an error diagnostic naming the file: the build exits 1) or "refused" (a clear input error) — or a
 * failure: "crash", "hang" (over the case's time bound), "loss" (text missing from a stage, silently),
 * "identity" (pages sharing an output file) or "unclear" (an error diagnostic that names no file).
 */
import type { FuzzCase } from './case.js';
import { checkFrames, checkIdentity, checkModel, checkOutput, glyphlessCharacters, type Finding } from './check.js';
import { environment, htmlText, InputError, layout, parse, pdfText, renderHtml, renderPdfs } from './stages.js';

export type Verdict = 'ok' | 'rejected' | 'refused' | 'crash' | 'hang' | 'loss' | 'identity' | 'unclear';
export const FAILURES: readonly Verdict[] = ['crash', 'hang', 'loss', 'identity', 'unclear'];

export interface CaseResult {
  id: string;
  family: string;
  verdict: Verdict;
  /** Wall time of the whole case, ms. */
  ms: number;
  /** CPU time of the case in this process, ms: what the bound is checked against (other load does not count). */
  cpu: number;
  bound: number;
  /** CPU time per stage, ms. */
  stages: Record<string, number>;
  findings: Finding[];
  /** The error or diagnostic behind a crash, refusal or rejection. */
  message?: string;
  pages: number;
  bytes: number;
}

export interface RunOptions {
  template?: string;
  /** Skip reading PDFs back (pdftotext missing). */
  pdfText?: boolean;
}

class OverBound extends Error {}

export async function runCase(c: FuzzCase, options: RunOptions = {}): Promise<CaseResult> {
  const env = environment(options.template ?? templateFor(c));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const u = process.cpuUsage(cpu0);
    return (u.user + u.system) / 1000;
  };
  const result: CaseResult = {
    id: c.id,
    family: c.family,
    verdict: 'ok',
    ms: 0,
    cpu: 0,
    bound: c.bound,
    stages: {},
    findings: [],
    pages: 0,
    bytes: c.docs.reduce((n, d) => n + d.bytes.length, 0),
  };
  let last = 0;
  const lap = (name: string) => {
    const now = cpuMs();
    result.stages[name] = Math.round((result.stages[name] ?? 0) + now - last);
    last = now;
    if (cpuMs() > c.bound) throw new OverBound(`${name} passed the bound of ${c.bound} ms`);
  };
  const stage = <T>(name: string, run: () => T): T => {
    const value = run();
    lap(name);
    return value;
  };
  try {
    const edition = stage('parse', () => parse('fuzz', c.docs));
    const laid = stage('layout', () => layout(env, edition));
    result.pages = laid.pages.length;
    const errors = [...edition.diagnostics, ...laid.diagnostics].filter((d) => d.severity === 'error');
    const findings = result.findings;
    const glyphless = glyphlessCharacters(laid.diagnostics);
    findings.push(...checkModel(c.expect, edition), ...checkFrames(laid.edition, laid.pages), ...checkIdentity(laid.pages));
    const pdfs = await renderPdfs(env, laid);
    lap('pdf');
    if (options.pdfText !== false) {
      laid.pages.forEach((frame, i) => {
        const text = stage('pdftotext', () => pdfText(pdfs.pages[i]!, false));
        findings.push(...checkOutput('page-pdf', [frame], text, glyphless));
      });
      const whole = stage('pdftotext', () => pdfText(pdfs.edition, true));
      findings.push(...checkOutput('edition-pdf', laid.pages, whole, glyphless));
    }
    for (const frame of laid.pages) {
      const text = stage('html', () => htmlText(renderHtml(env, laid, frame)));
      findings.push(...checkOutput('html', [frame], text, glyphless));
    }
    if (errors.length > 0) {
      const named = errors.filter((d) => d.file);
      result.message = errors.map((d) => `${d.file}:${d.line ?? ''}: ${d.rule}: ${d.message}`).slice(0, 3).join(' | ');
      if (named.length < errors.length) {
        findings.push({ stage: 'diagnostic', where: 'edition', missing: 0, detail: 'an error diagnostic names no file' });
        result.verdict = 'unclear';
      } else result.verdict = 'rejected';
    } else if (findings.some((f) => f.missing > 0)) result.verdict = 'loss';
    else if (findings.some((f) => f.stage === 'identity')) result.verdict = 'identity';
  } catch (error) {
    if (error instanceof OverBound) {
      result.verdict = 'hang';
      result.message = error.message;
    } else if (error instanceof InputError) {
      result.verdict = 'refused';
      result.message = error.message;
    } else {
      result.verdict = 'crash';
      const e = error as Error;
      result.message = `${e?.name ?? 'Error'}: ${e?.message ?? String(error)} ${(e?.stack ?? '').split('\n').slice(1, 4).map((s) => s.trim()).join(' < ')}`;
    }
  }
  result.ms = Math.round(performance.now() - started);
  result.cpu = Math.round(cpuMs());
  if (result.cpu > c.bound && result.verdict !== 'crash') {
    result.verdict = 'hang';
    result.message ??= `took ${result.cpu} ms of CPU time, over the bound of ${c.bound} ms`;
  }
  return result;
}

/** A third of the cases are set on the tabloid template, the rest on the broadsheet. */
export function templateFor(c: FuzzCase): string {
  const seed = Number(/\/(\d+)/.exec(c.id)?.[1] ?? 0);
  return seed % 3 === 0 ? 'tabloid' : 'broadsheet';
}
