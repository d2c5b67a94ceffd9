/** What a build tells the terminal: one line per diagnostic, per edition and per laid-out page. */
import type { Diagnostic, Edition } from '../model/schema.js';
import type { BuiltEdition } from './build.js';

/**
 * One line per diagnostic: file:line:col severity message rule, followed by the page and the article
 * it concerns when they are known ("· page 2, article p2-a1").
 */
export function formatDiagnostic(d: Diagnostic): string {
  const place = `${d.file}:${d.line ?? 1}:${d.column ?? 1}`;
  const where = [d.page != null ? `page ${d.page}` : null, d.article ? `article ${d.article}` : null].filter(Boolean).join(', ');
  return `${place} ${d.severity} ${d.message} ${d.rule}${where ? ` · ${where}` : ''}`;
}

/** One line about an edition: paper, date, pages, articles, links and warnings. */
export function summaryLine(e: Edition): string {
  const articles = e.pages.reduce((n, p) => n + p.articles.length, 0);
  const resolved = e.links.filter((l) => l.resolved).length;
  const warnings = e.diagnostics.filter((d) => d.severity !== 'info').length;
  return `${e.id}: ${e.paper ?? '(paper unknown)'} ${e.date ?? '(no date)'} · ${e.pages.length} page(s), ${articles} article(s), ${e.links.length} link(s) (${resolved} resolved), ${warnings} warning(s) · ${e.lang}`;
}

/** One line per laid-out page: fill, 禁则 violations, loose lines, 孤字 and continuations. */
export function reportLines(built: Pick<BuiltEdition, 'edition'>): string[] {
  return built.edition.layout.pages.map((p) => {
    const r = p.report;
    return `  page ${p.code}: fill ${(r.fill * 100).toFixed(1)}%, 禁则 ${r.kinsokuViolations}, loose lines ${r.looseLines}, 孤字 ${r.orphans}, continuations ${r.continuations}`;
  });
}
