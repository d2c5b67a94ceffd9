/**
 * A fuzz case: the documents of one edition, the body text they hold, and the time the whole pipeline
 * may take on them.
 */
import type { Rng } from './rng.js';

export interface FuzzDoc {
  /** Path shown in diagnostics. */
  path: string;
  bytes: Uint8Array;
}

export interface FuzzCase {
  /** "<family>/<seed>": enough to build the case again (see families/index.ts). */
  id: string;
  family: string;
  docs: FuzzDoc[];
  /**
   * Text the documents hold as readable text (headlines, paragraphs, list items, captions): every
   * character must reach the model, the frames and every output — or the pipeline must stop with an
   * error diagnostic.
   */
  expect: string[];
  /** Milliseconds the whole pipeline may take. */
  bound: number;
}

/** What a generator returns; the registry adds the id, the family and a default bound. */
export interface Generated {
  docs: FuzzDoc[];
  expect: string[];
  bound?: number;
}

/**
 * A generator of one input family. `scale` (0..1] shrinks the largest sizes it draws, for short runs;
 * at 1 it reaches the sizes named in the family's description.
 */
export type Generator = (rng: Rng, scale: number) => Generated;

/** Milliseconds allowed for an input of `bytes` bytes: 4 s, plus 20 ms per kilobyte. */
export function defaultBound(bytes: number): number {
  return 4000 + Math.ceil(bytes / 1024) * 20;
}

export const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
