/**
 * The pipeline as the fuzz harness runs it, in process, through the public APIs: parse, layout, page
 * PDFs and the edition PDF, HTML pages — and the text each output gives back (pdftotext, the HTML's
 * text nodes). The one place the harness touches the code under test.
 */
import { execFileSync } from 'node:child_process';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import type { Root } from 'hast';
import type { Edition } from '../../src/model/index.js';
import { parseEdition } from '../../src/parse/index.js';
import { layoutEdition, type FramePage, type LayoutResult } from '../../src/layout/index.js';
import type { SearchWork } from '../../src/layout/compose/context.js';
import { loadFontSet, type FontSet } from '../../src/layout/fonts/index.js';
import { loadTemplate, type LoadedTemplate } from '../../src/layout/template/index.js';
import { renderEditionPdfs } from '../../src/render/pdf/index.js';
import { renderPageHtml } from '../../src/render/html/index.js';
import type { FuzzDoc } from './case.js';

export { InputError } from '../../src/parse/index.js';
export type { Edition, FramePage, LayoutResult };

export interface Env {
  template: LoadedTemplate;
  fonts: FontSet;
}

const envs = new Map<string, Env>();

/** The template and its fonts, loaded once per process. */
export function environment(name: string): Env {
  let env = envs.get(name);
  if (!env) {
    const template = loadTemplate(name);
    env = { template, fonts: loadFontSet({ overrides: template.fonts, baseDir: template.dir }) };
    envs.set(name, env);
  }
  return env;
}

export function parse(id: string, docs: FuzzDoc[]): Edition {
  return parseEdition(id, docs.map((d) => ({ path: d.path, bytes: d.bytes })));
}

/** Layout of the edition; `work` (when given) is added to with the placement search's counts. */
export function layout(env: Env, edition: Edition, work?: SearchWork): LayoutResult {
  return layoutEdition(edition, env.template, env.fonts, { images: {}, work });
}

export async function renderPdfs(env: Env, result: LayoutResult): Promise<{ pages: Buffer[]; edition: Buffer }> {
  return renderEditionPdfs(result.pages, env.fonts, result.edition, { profile: 'pdfa-2b', creationDate: new Date(0), imagesDir: null });
}

export function renderHtml(env: Env, result: LayoutResult, page: FramePage): string {
  return renderPageHtml(page, {
    edition: result.edition,
    fontFamily: (role) => `ep-${role}`,
    pageHref: (n, article) => `#p${n}${article ? `/${article}` : ''}`,
    fonts: env.fonts,
  });
}

/** The text pdftotext reads from a PDF (`-raw`: in content stream order). */
export function pdfText(pdf: Buffer, raw: boolean): string {
  const args = [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', '-q', '-', '-'];
  return execFileSync('pdftotext', args, { input: pdf, maxBuffer: 1 << 30, encoding: 'utf8' });
}

const fragment = unified().use(rehypeParse, { fragment: true });

/** The text nodes of an HTML fragment, entities decoded. */
export function htmlText(html: string): string {
  const tree = fragment.parse(html) as Root;
  const parts: string[] = [];
  visit(tree, 'text', (node) => {
    parts.push(node.value);
  });
  return parts.join('');
}
