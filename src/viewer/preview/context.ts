/** The editor preview's state in the browser and its page elements, shared by its modules. */
import type { PreviewPageData, PreviewState, Problem } from '../protocol.js';
import type { ViewerApi } from '../viewer.js';

export type Severity = Problem['severity'];

/** A problem as listed: errors of the latest save (key e<id>) and problems of the page shown (p<id>). */
export type Item = Problem & { key: string };

export interface PreviewElements {
  banner: HTMLElement;
  panel: HTMLElement;
  list: HTMLElement;
  code: HTMLElement;
  toggle: HTMLButtonElement;
  count: HTMLElement;
  status: HTMLElement;
  select: HTMLSelectElement;
  marks: HTMLInputElement;
  closeBtn: HTMLButtonElement;
  book: HTMLElement | null;
  stage: HTMLElement | null;
}

export interface Preview {
  p: PreviewPageData;
  el: PreviewElements;
  /** Revision of the layout on screen. */
  shownRev: number;
  state: PreviewState | null;
  items: Item[];
  selected: string | null;
  hovered: string | null;
  building: boolean;
  connected: boolean;
  /** Bumped when the problems change, so the marks on the page are drawn again. */
  layerVersion: number;
  /** The @font-face stylesheet of the layout on screen. */
  fontLink: HTMLLinkElement | null;
  /** Called for a click on a badge on the page: open the panel at the badge's first problem. */
  onBadge(key: string): void;
}

export const SEV_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
export const SEV_MARK: Record<Severity, string> = { error: '错', warning: '警', info: '注' };
const SEV_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const worst = (ps: { severity: Severity }[]): Severity => ps.reduce<Severity>((w, x) => (SEV_RANK[x.severity] < SEV_RANK[w] ? x.severity : w), 'info');
const place = (file: string, d: Problem) => (d.line != null ? `${file}:${d.line}:${d.column ?? 1}` : file);
/** file:line:col of a problem. */
export const where = (d: Problem): string => place(d.file, d);
/** The file's name without its folders, for the list (the full path is in its tooltip). */
export const whereShort = (d: Problem): string => place(d.file.split(/[\\/]/).pop() || d.file, d);

export const viewerApi = (): ViewerApi | null => (window as unknown as { epViewer?: ViewerApi }).epViewer ?? null;
