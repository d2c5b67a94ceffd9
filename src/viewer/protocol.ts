/**
 * What the server sends and the browser scripts read: the viewer's data (#ep-data), the preview's page
 * data (#ep-pv-data), the preview state of its event stream and the problems listed in its panel, and
 * the source lines of a problem. Types only; the server and the browser both import them from here.
 */
import type { Diagnostic } from '../model/schema.js';

/** One page of an edition in the viewer. */
export interface PageInfo {
  /** Frame page number (1-based position in the edition). */
  n: number;
  /** The page's code as shown in 第…版 ("01", "A01"). */
  label: string;
  /** The page's name in URLs ("3", "A01"). */
  slug: string;
  section: string | null;
  /** Page size in points. */
  w: number;
  h: number;
  /** URL of the page's HTML fragment. */
  html: string;
  /** URL of the viewer at this page. */
  href: string;
  pdf: string | null;
  thumb?: string;
}

/** The viewer's data (#ep-data). */
export interface ViewerData {
  id: string;
  title: string;
  /** The frame page to open. */
  page: number;
  /** The article to highlight, when the URL names one. */
  article: string | null;
  editionPdf: string | null;
  pages: PageInfo[];
}

/** A box on a frame page, in points from the page's top-left corner. */
export interface ProblemRect {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The whole page (a problem of the page rather than of a box on it). */
  whole?: boolean;
}

/** A diagnostic placed on the laid-out pages. */
export interface Problem extends Diagnostic {
  /** Position in the list (stable for one build). */
  id: number;
  /** The article the diagnostic concerns, when known. */
  article: string | null;
  /** The frame page to show for it: the first one its boxes are on, else the first page of its file. */
  page: number | null;
  /** The boxes to mark. */
  rects: ProblemRect[];
}

export interface LayoutChoice {
  value: string;
  label: string;
}

/** What the preview script reads from the page (#ep-pv-data). */
export interface PreviewPageData {
  session: string;
  id: string;
  /** Revision of the edition on the page (0 when there is none yet). */
  rev: number;
  /** URL of the server-sent events of the edition. */
  events: string;
  /** URL of the source lines route. */
  source: string;
  /** URL the layout choice is posted to. */
  layout: string;
}

/** What a browser is told about an edition (the `state` event and /preview/state/<id>). */
export interface PreviewState {
  session: string;
  id: string;
  /** Revision of the layout on screen (0: none yet). */
  rev: number;
  /** False when the latest input could not be laid out (see errors). */
  ok: boolean;
  building: boolean;
  /** Why the latest input could not be laid out. */
  errors: Problem[];
  /** Diagnostics of the layout on screen: parse and layout. */
  problems: Problem[];
  layout: { value: string; template: string | null };
  viewer: ViewerData | null;
  /** The @font-face stylesheet of the layout on screen. */
  fontCss: string | null;
  /** The @font-face stylesheet of the preview's interface font. */
  uiCss: string;
  title: string | null;
  /** How long the layout on screen took, and when it was made (ms since the epoch). */
  ms: number | null;
  updated: number | null;
}

/** Lines around a line of a watched file (/preview/source). */
export interface SourceLines {
  file: string;
  line: number;
  /** Number of the first line sent. */
  first: number;
  lines: string[];
  total: number;
  binary: boolean;
}
