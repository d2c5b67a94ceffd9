/** Human-readable summaries of an edition for the terminal. */
import type { Diagnostic, Edition } from '../model/schema.js';

const cut = (s: string | null | undefined, n = 40) => (!s ? '' : [...s].length > n ? [...s].slice(0, n).join('') + '…' : s);

export function summaryLine(e: Edition): string {
  const articles = e.pages.reduce((n, p) => n + p.articles.length, 0);
  const resolved = e.links.filter((l) => l.resolved).length;
  const warnings = e.diagnostics.filter((d) => d.severity !== 'info').length;
  return `${e.id}: ${e.paper ?? '(paper unknown)'} ${e.date ?? '(no date)'} · ${e.pages.length} page(s), ${articles} article(s), ${e.links.length} link(s) (${resolved} resolved), ${warnings} warning(s) · ${e.lang}`;
}

export function outline(e: Edition): string {
  const out: string[] = [summaryLine(e)];
  for (const p of e.pages) {
    const head = [`第${p.code ?? p.number ?? '?'}版`, p.section, p.date, p.paper, `(${p.source.file}, ${p.source.format}, ${p.source.encoding})`].filter(Boolean);
    out.push('', head.join('  '));
    if (p.masthead) {
      const m = p.masthead;
      out.push(`  报头  ${[m.paper, m.date, m.weekday, m.lunarDate, m.issueNumber && `第${m.issueNumber}期`, m.pageCount && `今日${m.pageCount}版`, m.publisher, m.cn, m.postalCode && `邮发代号${m.postalCode}`].filter(Boolean).join(' · ')}`);
    }
    if (p.folio) {
      const f = p.folio;
      out.push(`  页眉  ${[f.number && `第${f.number}版`, f.section, f.date, f.weekday, f.phone && `电话 ${f.phone}`, ...f.editors.map((x) => `${x.role} ${x.name}`)].filter(Boolean).join(' · ')}`);
    }
    if (p.banner) out.push(`  专题  ${p.banner.title} ${p.banner.subtitle ?? ''}`.trimEnd());
    for (const t of p.teasers) out.push(`  导读  ${cut(t.headline)} → ${t.page ?? '?'}版${t.article ? ` (${t.article})` : ''}`);
    for (const a of p.articles) {
      out.push(`  ${a.id}`);
      if (a.logo) out.push(`    栏目  ${a.logo}`);
      if (a.kicker) out.push(`    引题  ${cut(a.kicker, 60)}`);
      out.push(`    主题  ${cut(a.headline, 60) || '(no headline)'}`);
      if (a.deck) out.push(`    副题  ${cut(a.deck, 60)}`);
      if (a.dateline || a.byline) out.push(`    署名  ${[a.dateline, a.byline].filter(Boolean).join(' ')}`);
      if (a.authors.length) out.push(`    作者  ${a.authors.map((x) => (x.role ? `${x.role} ${x.name}` : x.name)).join(' · ')}`);
      const counts = new Map<string, number>();
      for (const b of a.body) counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
      const chars = a.body.reduce((n, b) => n + [...(b.text ?? b.caption ?? (b.items ?? []).join(''))].length, 0);
      out.push(`    正文  ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')} · ${chars} 字`);
      for (const b of a.body) if (b.type === 'photo') out.push(`    图片  ${cut(b.caption, 40) || '(no caption)'}${b.credit ? ` · ${b.credit}` : ''}`);
      for (const j of a.jumps) out.push(`    转版  ${j.text}${j.generated ? ' (continuation)' : ''}`);
      if (a.continues) out.push(`    接续  ${a.continues}`);
    }
    if (p.credits.length) out.push(`  版权  ${p.credits.join(' · ')}`);
  }
  return out.join('\n');
}

/** One line per diagnostic: file:line:col severity message rule. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = `${d.file}:${d.line ?? 1}:${d.column ?? 1}`;
  return `${place} ${d.severity} ${d.message} ${d.rule}`;
}
