/**
 * The reader interface: one reader per source family. A reader says how sure it is that a document is
 * of its family (sniff) and turns the document into raw blocks plus the page facts the document states
 * itself (read). The newspaper semantics over those blocks live in one shared layer (../page.ts).
 */
import type { ReadResult } from '../blocks.js';

export interface ReaderInput {
  /** The document's bytes, as given. */
  bytes: Uint8Array;
  /** The decoded text, BOM removed, line ends normalised to \n. */
  text: string;
  /** The document's path or file name (for hints such as node_2.htm). */
  name: string;
  encoding: string;
}

export interface Reader {
  /** The family name, also written to Page.source.format. */
  name: string;
  /** Confidence 0..1 that the document belongs to this family; the highest wins. */
  sniff(input: ReaderInput): number;
  read(input: ReaderInput): ReadResult;
  /** A family whose documents may hold several pages: one result per page, in order. */
  readPages?(input: ReaderInput): ReadResult[];
}
