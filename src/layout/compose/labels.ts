/**
 * Labels printed by the layout: page numbers, circled marks, dates, weekdays, and the generated jump
 * lines.
 */


export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The text of a generated jump line: "▶下转02版①" (out) or "▲上接A01版①" (in), to a page number or code. */
export function jumpText(direction: 'out' | 'in', page: number | string, mark: string): string {
  const at = typeof page === 'string' ? page : pad2(page);
  return direction === 'out' ? `▶下转${at}版${mark}` : `▲上接${at}版${mark}`;
}

export function circled(n: number): string {
  return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : `(${n})`;
}

export function formatDate(date: string | null | undefined): string | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export function weekdayOf(date: string | null | undefined): string | null {
  if (!date) return null;
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : (WEEKDAYS[d.getUTCDay()] ?? null);
}
