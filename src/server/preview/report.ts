/** What the preview prints on the terminal after each layout: one line per edition. */
import type { Entry } from './types.js';

export function reportLayout(io: { out: (s: string) => void; err: (s: string) => void }, changed: string[], entries: Entry[]): void {
  const time = new Date().toTimeString().slice(0, 8);
  const what = changed.length ? `${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ' …' : ''} changed` : 'laid out';
  for (const entry of entries) {
    if (entry.errors.length > 0) {
      const d = entry.errors[0]!;
      io.err(`${time} ${entry.id}: ${what}; NOT updated: ${d.file}${d.line != null ? `:${d.line}:${d.column ?? 1}` : ''} ${d.message}`);
    } else if (entry.good && !entry.fresh) {
      io.out(`${time} ${entry.id}: ${what}; the layout on screen is up to date`);
    } else if (entry.good) {
      const p = entry.good.problems;
      const count = (s: string) => p.filter((d) => d.severity === s).length;
      io.out(`${time} ${entry.id}: ${what} → ${entry.good.site.edition.layout.template}, ${entry.good.ms.toFixed(0)} ms, ${count('warning')} warning(s), ${count('info')} note(s)`);
    }
  }
}
