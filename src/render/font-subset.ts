/**
 * Font subsets (sfnt) made with harfbuzz's subsetter, called directly: each font file is read and
 * opened once per process and kept open, so a subset costs the cutting only, not reading a CJK font of
 * ten megabytes and more every time. harfbuzz's memory cannot grow past 65 MB, so each font file has a
 * harfbuzz of its own.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The parts of harfbuzz's WebAssembly exports used here. */
interface Harfbuzz {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const SETS_DROP_TABLE_TAG = 3;
const SETS_NAME_ID = 4;
const SETS_LAYOUT_FEATURE_TAG = 6;
const FLAG_NO_HINTING = 0x1;
const FLAG_NO_LAYOUT_CLOSURE = 0x200;

export interface SubsetSettings {
  /** Tables left out. */
  dropTables: string[];
  /** name table records kept. */
  nameIds: number[];
  /** Hinting instructions left out. */
  noHinting: boolean;
  /** Glyphs reached only through layout tables (GSUB) left out. */
  noLayoutClosure: boolean;
}

export class SubsetError extends Error {
  override name = 'SubsetError';
}

function newHarfbuzz(): Harfbuzz {
  wasm ??= new WebAssembly.Module(readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
  const exports = new WebAssembly.Instance(wasm, {}).exports as unknown as Harfbuzz;
  exports._initialize();
  return exports;
}
let wasm: WebAssembly.Module | null = null;

interface OpenFace {
  hb: Harfbuzz;
  face: number;
  size: number;
  mtimeMs: number;
}

/** Open faces by font file, with the size and time of the file they were read from. */
const faces = new Map<string, OpenFace>();

function faceOf(file: string): OpenFace {
  const stat = statSync(file);
  const open = faces.get(file);
  if (open && open.size === stat.size && open.mtimeMs === stat.mtimeMs) return open;
  closeFace(file);
  const h = newHarfbuzz();
  const bytes = readFileSync(file);
  const data = h.malloc(bytes.length);
  if (data === 0) throw new SubsetError(`${file}: too large for harfbuzz (${bytes.length} bytes)`);
  new Uint8Array(h.memory.buffer).set(bytes, data);
  const blob = h.hb_blob_create(data, bytes.length, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = h.hb_face_create(blob, 0);
  h.hb_blob_destroy(blob);
  const made = { hb: h, face, size: stat.size, mtimeMs: stat.mtimeMs };
  faces.set(file, made);
  return made;
}

/** Closes the face of a font file (the file changed, or is no longer used), with its harfbuzz. */
export function closeFace(file: string): void {
  faces.delete(file);
}

const tagOf = (tag: string) => [...tag].reduce((n, ch) => n * 256 + ch.charCodeAt(0), 0) | 0;

/** The subset of a font file (TrueType or OpenType) holding the glyphs of the given characters. */
export function subsetSfnt(file: string, text: string, settings: SubsetSettings): Buffer {
  const { hb: h, face } = faceOf(file);
  try {
    return cut(h, face, file, text, settings);
  } catch (error) {
    // harfbuzz's memory may be left in any state: the next subset starts afresh
    closeFace(file);
    throw error instanceof SubsetError ? error : new SubsetError(`${file}: harfbuzz failed (${(error as Error).message})`);
  }
}

function cut(h: Harfbuzz, face: number, file: string, text: string, settings: SubsetSettings): Buffer {
  const input = h.hb_subset_input_create_or_fail();
  if (input === 0) throw new SubsetError(`${file}: harfbuzz cannot start a subset`);
  let subset = 0;
  try {
    // Every layout feature kept (the layout tables themselves are dropped by the settings' tables).
    const features = h.hb_subset_input_set(input, SETS_LAYOUT_FEATURE_TAG);
    h.hb_set_clear(features);
    h.hb_set_invert(features);
    const names = h.hb_subset_input_set(input, SETS_NAME_ID);
    for (const id of settings.nameIds) h.hb_set_add(names, id);
    let flags = h.hb_subset_input_get_flags(input);
    if (settings.noHinting) flags |= FLAG_NO_HINTING;
    if (settings.noLayoutClosure) flags |= FLAG_NO_LAYOUT_CLOSURE;
    h.hb_subset_input_set_flags(input, flags);
    const drop = h.hb_subset_input_set(input, SETS_DROP_TABLE_TAG);
    for (const tag of settings.dropTables) h.hb_set_add(drop, tagOf(tag));
    const unicodes = h.hb_subset_input_unicode_set(input);
    for (const ch of text) h.hb_set_add(unicodes, ch.codePointAt(0) as number);
    subset = h.hb_subset_or_fail(face, input);
  } finally {
    h.hb_subset_input_destroy(input);
  }
  if (subset === 0) throw new SubsetError(`${file}: harfbuzz cannot subset this font`);
  const blob = h.hb_face_reference_blob(subset);
  try {
    const at = h.hb_blob_get_data(blob, 0);
    const length = h.hb_blob_get_length(blob);
    if (length === 0) throw new SubsetError(`${file}: harfbuzz made an empty subset`);
    return Buffer.from(new Uint8Array(h.memory.buffer, at, length));
  } finally {
    h.hb_blob_destroy(blob);
    h.hb_face_destroy(subset);
  }
}
