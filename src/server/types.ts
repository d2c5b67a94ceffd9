/** The shapes of what the servers show: editions loaded for serving, their web fonts and assets. */
import type { FontSet } from '../layout/fonts/index.js';
import type { EditionWithLayout } from '../pipeline/build.js';
import type { Asset } from './assets.js';

export type { EditionWithLayout } from '../pipeline/build.js';

export interface WebFace {
  role: string;
  family: string;
  /** Content-hashed file name (…woff2). */
  file: string;
  data: Buffer;
  text: string;
}

/** A web font of a served edition: its bytes, or how to make them when first asked for. */
export interface SiteFace {
  role: string;
  family: string;
  file: string;
  text: string;
  data?: Buffer;
  make?: () => Promise<Buffer>;
}

export interface SiteEdition {
  id: string;
  /** The edition with its layout (read from its edition.json when first needed). */
  readonly edition: EditionWithLayout;
  /** Its date (sorts the archive without reading the edition). */
  date: string | null;
  /**
   * Its paper name, title and page sections as one text (from its manifest), for the interface font;
   * null to take them from the edition.
   */
  names: string | null;
  /** Folder holding pdf/<code>.pdf and maybe pdf/edition.pdf. */
  dir: string;
  /** Frame page (1-based position) → file name of its PDF inside dir/pdf. */
  pdfs: Map<number, string>;
  /** The edition PDF (DIR/<id>.pdf, or DIR/pdf/edition.pdf), when there is one. */
  editionPdf: string | null;
  faces: SiteFace[];
  /** The fonts the pages were laid out with. */
  fonts: FontSet;
  /** Folder of the edition's images, when known. */
  imagesDir: string | null;
  /** @font-face rules for faces, with URLs under /fonts/. */
  fontCss: string;
  /** Folder for cached thumbnails, or null to keep them in memory only. */
  cacheDir: string | null;
  /**
   * Revision of an edition that changes while it is served (the editor preview): added as ?v= to the
   * URLs of its page fragments, thumbnails and PDFs.
   */
  rev?: string | null;
  /** Revision of its images/ folder, added as ?v= to photo URLs in the pages. */
  imageRev?: string | null;
}

export interface BuiltSite {
  editions: SiteEdition[];
  /** Font for the viewer's interface text (see ui-font.ts): its bytes, or how to make them. */
  ui?: { family: string; file: string; data?: Buffer; make?: () => Promise<Buffer> } | null;
}

/** The content-hashed files a site's pages link to. */
export interface SiteAssets {
  css: Asset;
  js: Asset;
  nojs: Asset;
  icon: Asset;
  /** File name of the interface font under /fonts/, when there is one. */
  uiFont: string | null;
  /** Edition id → its @font-face stylesheet. */
  fonts: Map<string, Asset>;
  /** Every asset by file name. */
  byFile: Map<string, Asset>;
}

/** Markup added to the viewer page (the editor preview's controls). */
export interface ViewerExtras {
  /** Inside <head>, after the viewer's own elements. */
  head?: string;
  /** At the end of the toolbar. */
  tools?: string;
  /** At the end of <body>. */
  body?: string;
}
