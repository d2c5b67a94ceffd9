/** Shared helpers of the reader tests: read a neutral fixture through the registry and the page layer. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, parseEdition } from '../../src/parse/edition.js';
import { pickReader } from '../../src/parse/readers/index.js';
import type { Article, Page } from '../../src/model/schema.js';

export const readerFor = (text: string, name: string) => pickReader({ bytes: Buffer.from(text), text, name, encoding: 'utf-8' }).name;
export const page = (text: string, name: string): Page => parseDocument({ path: name, bytes: Buffer.from(text) }).page;
export const diagnostics = (text: string, name: string) => parseDocument({ path: name, bytes: Buffer.from(text) }).diagnostics;
export const edition = (docs: Record<string, string | Buffer>) =>
  parseEdition('fixture', Object.entries(docs).map(([path, t]) => ({ path, bytes: typeof t === 'string' ? Buffer.from(t) : t })));
export const byHeadline = (p: Page, h: string): Article => {
  const a = p.articles.find((x) => x.headline === h);
  if (!a) throw new Error(`no article "${h}" in ${p.articles.map((x) => x.headline).join(' | ')}`);
  return a;
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The corpus beside the project (../shared/corpus, as CI lays it out), or where EPAPER_CORPUS says. */
export function corpusDir(): string {
  const candidates = [process.env.EPAPER_CORPUS, resolve(root, '../shared/corpus'), resolve(root, '../../shared/corpus')].filter(Boolean) as string[];
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw new Error(`no corpus: looked in ${candidates.join(', ')}; set EPAPER_CORPUS to the shared/corpus folder`);
  return found;
}
