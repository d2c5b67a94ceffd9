/**
 * What the preview knows about its inputs: a key per edition input (so an unchanged input is not laid
 * out again), a stamp of the images folder, how paths are shown, and the diagnostic for an input that
 * could not be read or laid out at all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../model/schema.js';
import type { Layout } from '../../pipeline/build.js';
import { DOC_EXT, IMAGE_EXT, type EditionSource } from '../../pipeline/sources.js';

export { IMAGE_EXT } from '../../pipeline/sources.js';
import { hashOf } from '../assets.js';

export const FONT_EXT = /\.(?:ttf|otf|ttc|otc|woff2?)$/i;

/** A path as diagnostics name it: relative to the working directory (as readDocuments writes it). */
export const shown = (file: string) => relative(process.cwd(), file) || file;

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A key per input: layout, fonts, documents and images. */
export function inputKey(source: EditionSource, layout: Layout, fonts: number, images: string): string {
  const parts: (string | Buffer)[] = [JSON.stringify(layout.template), JSON.stringify(layout.smaller), String(fonts), source.id, images];
  for (const file of source.files) parts.push(file, readFileSync(file));
  return hashOf(...parts);
}

/** Names, sizes and times of the files in an images folder. */
export function imagesStamp(dir: string | null): string {
  if (!dir) return '';
  try {
    const parts = readdirSync(dir)
      .filter((n) => IMAGE_EXT.test(n))
      .sort()
      .map((name) => {
        try {
          const st = statSync(join(dir, name));
          return `${name}:${st.size}:${st.mtimeMs}`;
        } catch {
          return name;
        }
      });
    return parts.length ? hashOf(...parts) : '';
  } catch {
    return '';
  }
}

/**
 * The diagnostic for an input that could not be laid out at all: a broken layout file (with its
 * line), an unreadable or missing document, or an internal error (rule `internal`).
 */
export function failureDiagnostic(error: unknown, root: string): Diagnostic {
  const e = error as Error & { file?: string; problems?: { line?: number; column?: number }[] };
  let file = shown(root);
  let line: number | null = null;
  let column: number | null = null;
  let rule = 'input';
  let message = errorMessage(error);
  if (e?.name === 'TemplateError' && typeof e.file === 'string') {
    file = shown(e.file);
    line = e.problems?.[0]?.line ?? null;
    column = e.problems?.[0]?.column ?? null;
    rule = 'layout';
  } else if (typeof e?.file === 'string') {
    file = e.file;
  } else {
    const named = /^(.+?): /.exec(message)?.[1];
    if (named && (named.includes('/') || DOC_EXT.test(named))) file = shown(named);
    if (!(e instanceof Error) || !['UsageError', 'Error', 'InputError'].includes(e.constructor.name)) rule = 'internal';
  }
  for (const prefix of [`${file}: `, `${resolve(file)}: `]) if (message.startsWith(prefix)) message = message.slice(prefix.length);
  return { file, line, column, severity: 'error', rule, message };
}
