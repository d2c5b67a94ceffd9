/**
 * 往期回顾: the archive's editions on a calendar, one month per block, newest month first; each day
 * with an edition links to it (several editions of one day: one link each).
 */
import { esc } from './escape.js';
import { editionHref, editionTitle } from './labels.js';
import type { SiteEdition } from './types.js';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** Editions by month ("2024-03"), newest month first; undated editions are left out. */
export function editionsByMonth(editions: SiteEdition[]): [string, SiteEdition[]][] {
  const months = new Map<string, SiteEdition[]>();
  for (const e of editions) {
    const date = e.edition.date;
    if (!date) continue;
    const key = date.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), e]);
  }
  return [...months.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1));
}

function monthGrid(month: string, editions: SiteEdition[]): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: string[] = [];
  for (let i = 0; i < lead; i++) cells.push('<td></td>');
  for (let d = 1; d <= days; d++) {
    const iso = `${month}-${String(d).padStart(2, '0')}`;
    const those = editions.filter((e) => e.edition.date === iso);
    cells.push(
      those.length
        ? `<td class="ep-cal-on">${those.map((e) => `<a href="${esc(editionHref(e.id))}" title="${esc(editionTitle(e))}" aria-label="${esc(editionTitle(e))}">${d}</a>`).join('')}</td>`
        : `<td>${d}</td>`,
    );
  }
  while (cells.length % 7) cells.push('<td></td>');
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(`<tr>${cells.slice(i, i + 7).join('')}</tr>`);
  return `<table class="ep-cal"><caption>${y}年${m}月</caption><thead><tr>${WEEKDAYS.map((w) => `<th scope="col">${w}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The 往期回顾 section, or '' when no edition has a date. */
export function archiveCalendar(editions: SiteEdition[]): string {
  const months = editionsByMonth(editions);
  if (!months.length) return '';
  return `<section class="ep-cals" aria-labelledby="ep-cals-h"><h2 id="ep-cals-h">往期回顾</h2><div class="ep-cals-grid">${months.map(([m, es]) => monthGrid(m, es)).join('')}</div></section>`;
}

export const ARCHIVE_CALENDAR_CSS = `
.ep-cals { margin: 36px 0 0; }
.ep-cals h2 { font-size: 18px; margin: 0 0 12px; }
.ep-cals-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 20px; }
.ep-cal { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); font-size: 14px; }
.ep-cal caption { text-align: left; font-weight: 700; padding: 0 0 6px; }
.ep-cal th { font-weight: 400; color: #666; padding: 6px 0; }
.ep-cal td { text-align: center; padding: 0; height: 44px; color: #999; }
.ep-cal td.ep-cal-on a { display: flex; align-items: center; justify-content: center; min-height: 44px; color: #fff; background: #b3261e; border-radius: 4px; font-weight: 700; text-decoration: none; margin: 1px; }
.ep-search-link { display: inline-flex; align-items: center; min-height: 44px; margin: 12px 0 0; padding: 0 14px; border-radius: 6px; background: #fff; color: #b3261e; font-weight: 700; text-decoration: none; }
`;
