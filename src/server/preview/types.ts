/** The preview's options and what its session keeps per edition. */
import type { PdfOptions } from '../../render/pdf/index.js';
import type { EditionSource } from '../../pipeline/sources.js';
import type { Problem } from '../../viewer/protocol.js';
import type { Asset } from '../assets.js';
import type { SiteEdition } from '../types.js';

export interface PreviewOptions {
  port?: number;
  host?: string;
  /** auto (the default), a template name, or a template file (watched). */
  layout?: string;
  io?: { out: (s: string) => void; err: (s: string) => void };
  /** Close on SIGINT / SIGTERM / end of a piped standard input (default true). */
  signals?: boolean;
  /** Quiet time after the last change before laying out again, in ms (default 50). */
  debounceMs?: number;
  /** Watch the files (default true); without, call session.rebuild() after a change. */
  watch?: boolean;
}

/** The last layout of an edition that could be shown. */
export interface Good {
  rev: number;
  key: string;
  site: SiteEdition;
  problems: Problem[];
  fontCss: Asset;
  /** The options the page PDFs are made with (from the build). */
  pdfOptions: PdfOptions;
  ms: number;
  at: number;
  pdfs: Map<number, Promise<Buffer>>;
}

export interface Entry {
  id: string;
  source: EditionSource;
  good: Good | null;
  errors: Problem[];
  /** Input key of the latest attempt that failed. */
  failed: string | null;
  /** Whether the latest attempt made a new layout. */
  fresh: boolean;
}
