/**
 * The viewer's state and page elements, shared by its modules: which edition and pages it shows, the
 * mode (spreads or single pages), the zoom and pan, and the page turn under way.
 */
import type { PageInfo, ViewerData } from './protocol.js';

/** The pages side by side on screen; null is an empty half (before the first page). */
export type Spread = (number | null)[];

export interface GoOptions {
  article?: string | null;
  /** Add a history entry (links, navigator); otherwise the current entry is replaced. */
  push?: boolean;
  /** Came from popstate: leave history alone. */
  fromHistory?: boolean;
  /** Move keyboard focus to the article. */
  focus?: boolean;
  /** Horizontal offset the page was dragged by (phones), to continue the slide from there. */
  dragged?: number;
}

export interface HistState {
  ep: 1;
  page: number;
  article: string | null;
  depth: number;
}

export interface Elements {
  stage: HTMLElement;
  track: HTMLElement;
  book: HTMLElement;
  live: HTMLElement;
  nav: HTMLElement;
  where: HTMLElement;
  backBtn: HTMLButtonElement;
  prevBtn: HTMLButtonElement;
  nextBtn: HTMLButtonElement;
  zoomInBtn: HTMLButtonElement;
  zoomOutBtn: HTMLButtonElement;
  navBtn: HTMLButtonElement;
  pdfLink: HTMLAnchorElement | null;
}

export interface Viewer {
  el: Elements;
  d: ViewerData;
  info: Map<number, PageInfo>;
  order: number[];
  first: number;
  last: number;
  /** Width and height of the widest and tallest page, in points. */
  unitW: number;
  unitH: number;
  mode: 'spread' | 'single';
  current: number;
  article: string | null;
  shown: Spread;
  /** Zoom relative to fit, the fit scale, and the book's offset on the stage. */
  zoom: number;
  fit: number;
  bx: number;
  by: number;
  /** Pages the book is wide (1 or 2). */
  units: number;
  /** A page change is running; `pending` is the next one asked for. */
  busy: boolean;
  pending: { page: number; opts: GoOptions } | null;
  /** Page fragments by page number (most recently used last) and the fetches under way. */
  fragments: Map<number, string>;
  loading: Map<number, Promise<string>>;
  /** Bumped when the edition is replaced (refresh), so fragments of the old one are dropped. */
  generation: number;
  /** Clicks before this time (performance.now()) end a drag and are not followed. */
  suppressClickUntil: number;
}

export const MAX_ZOOM = 6;
export const reduced = matchMedia('(prefers-reduced-motion: reduce)');
export const wideQuery = matchMedia('(min-width: 900px) and (min-aspect-ratio: 5/4)');
export const motion = (): boolean => !reduced.matches;
export const isZoomed = (v: Viewer): boolean => v.zoom > 1.001;

/** Points the viewer at an edition's pages (at the start, and when a new layout replaces them). */
export function setEdition(v: Viewer, d: ViewerData): void {
  v.d = d;
  v.info = new Map(d.pages.map((p) => [p.n, p]));
  v.order = d.pages.map((p) => p.n);
  if (v.order.length === 0) return;
  v.unitW = Math.max(...d.pages.map((p) => p.w));
  v.unitH = Math.max(...d.pages.map((p) => p.h));
  v.first = v.order[0]!;
  v.last = v.order[v.order.length - 1]!;
}

export function createViewer(el: Elements, d: ViewerData): Viewer {
  const v: Viewer = {
    el,
    d,
    info: new Map(),
    order: [],
    first: 0,
    last: 0,
    unitW: 0,
    unitH: 0,
    mode: wideQuery.matches ? 'spread' : 'single',
    current: 0,
    article: d.article,
    shown: [],
    zoom: 1,
    fit: 1,
    bx: 0,
    by: 0,
    units: 1,
    busy: false,
    pending: null,
    fragments: new Map(),
    loading: new Map(),
    generation: 0,
    suppressClickUntil: 0,
  };
  setEdition(v, d);
  v.current = v.info.has(d.page) ? d.page : v.order[0]!;
  return v;
}
