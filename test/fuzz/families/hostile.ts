/**
 * Hostile shapes: deep nesting, huge paragraphs and headlines, thousands of headings or paragraphs,
 * gigantic front matter. Each is a valid document a careless export (or an attacker) can produce.
 */
import { utf8, type Generator } from '../case.js';
import type { Rng } from '../rng.js';
import { headline, paragraph, run, sentence } from '../text.js';
import { escapeHtml } from './page.js';

type Nest = 'div' | 'table' | 'ul' | 'svg' | 'span' | 'quote-html' | 'quote-md' | 'list-md' | 'mixed';

/** Tags opening and closing one level of HTML nesting. */
function level(kind: Nest, i: number): [string, string] {
  switch (kind) {
    case 'table':
      return ['<table><tr><td>', '</td></tr></table>'];
    case 'ul':
      return ['<ul><li>', '</li></ul>'];
    case 'svg':
      return ['<svg><g>', '</g></svg>'];
    case 'span':
      return ['<span>', '</span>'];
    case 'quote-html':
      return ['<blockquote>', '</blockquote>'];
    case 'mixed':
      return level((['div', 'table', 'ul', 'span', 'quote-html'] as const)[i % 5]!, i);
    default:
      return ['<div>', '</div>'];
  }
}

/** One article whose last paragraph sits `depth` levels deep (div, table, ul, svg, `>` …). */
export function nested(kind: Nest, depth: number, rng: Rng, closed = true): { text: string; expect: string[] } {
  const title = headline(rng);
  const lead = paragraph(rng, 60);
  const inner = paragraph(rng, 40);
  if (kind === 'quote-md') {
    return { text: `# ${title}\n\n${lead}\n\n${'>'.repeat(depth)} ${inner}\n`, expect: [title, lead, inner] };
  }
  if (kind === 'list-md') {
    const lines = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- ${i === depth - 1 ? inner : ''}`);
    return { text: `# ${title}\n\n${lead}\n\n${lines.join('\n')}\n`, expect: [title, lead, inner] };
  }
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const [o, c] = level(kind, i);
    open += o;
    close = c + close;
  }
  // SVG content is not text of the page; the parser drops it with the <svg>.
  const expect = kind === 'svg' ? [title, lead] : [title, lead, inner];
  const text = `<!DOCTYPE html><html><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(lead)}</p>${open}<p>${escapeHtml(inner)}</p>${closed ? close : ''}</body></html>`;
  return { text, expect };
}

export const nesting: Generator = (rng, scale) => {
  const kind = rng.pick(['div', 'table', 'ul', 'svg', 'span', 'quote-html', 'quote-md', 'list-md', 'mixed'] as const);
  // A Markdown list needs two more spaces per level: 400 levels are 160,000 characters already.
  const most = kind === 'list-md' ? 400 : 10_000;
  const depth = rng.logInt(2, Math.max(10, Math.round(most * scale)));
  const { text, expect } = nested(kind, depth, rng, rng.chance(0.8));
  return { docs: [{ path: `nest-${kind}.${kind.endsWith('-md') ? 'md' : 'html'}`, bytes: utf8(text) }], expect };
};

/** One article with one paragraph of up to 300,000 characters (5 MB exports have them). */
export const hugeParagraph: Generator = (rng, scale) => {
  const title = headline(rng);
  const chars = rng.logInt(2_000, Math.max(4_000, Math.round(300_000 * scale)));
  const body = rng.chance(0.5) ? paragraph(rng, chars) : run(rng, chars);
  return { docs: [{ path: 'huge-paragraph.md', bytes: utf8(`# ${title}\n\n${body}\n`) }], expect: [title, body] };
};

/** A headline of up to 20,000 characters, as a heading, an HTML <h1> or a front-matter title. */
export const hugeHeadline: Generator = (rng, scale) => {
  const title = run(rng, rng.logInt(60, Math.max(200, Math.round(20_000 * scale))));
  const body = paragraph(rng, 200);
  const form = rng.pick(['md', 'html', 'jekyll'] as const);
  const text =
    form === 'md'
      ? `# ${title}\n\n${body}\n`
      : form === 'html'
        ? `<html><body><h1>${title}</h1><p>${body}</p></body></html>`
        : `---\ntitle: ${title}\n---\n\n${body}\n`;
  return { docs: [{ path: `huge-headline.${form === 'html' ? 'html' : 'md'}`, bytes: utf8(text) }], expect: [title, body] };
};

/** Up to 5,000 `#` headings, with or without text between them. */
export const manyHeadings: Generator = (rng, scale) => {
  const n = rng.logInt(20, Math.max(40, Math.round(5_000 * scale)));
  const withText = rng.chance(0.5);
  const expect: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = `${headline(rng, rng.int(2, 5))}${i}`;
    parts.push(`${'#'.repeat(rng.chance(0.8) ? 1 : rng.int(2, 6))} ${h}`);
    expect.push(h);
    if (withText) {
      const p = sentence(rng);
      parts.push(p);
      expect.push(p);
    }
  }
  return { docs: [{ path: 'headings.md', bytes: utf8(parts.join('\n\n') + '\n') }], expect };
};

/** Up to 50,000 short paragraphs under one headline. */
export const manyParagraphs: Generator = (rng, scale) => {
  const n = rng.logInt(50, Math.max(100, Math.round(50_000 * scale)));
  const title = headline(rng);
  const paras = Array.from({ length: n }, () => sentence(rng, rng.int(2, 10)));
  return { docs: [{ path: 'paragraphs.md', bytes: utf8(`# ${title}\n\n${paras.join('\n\n')}\n`) }], expect: [title, ...paras] };
};

/** Front matter: a gigantic title, thousands of keys, long values, alias bombs, unclosed headers. */
export const frontMatter: Generator = (rng, scale) => {
  const body = paragraph(rng, 120);
  const kind = rng.pick(['title', 'keys', 'value', 'aliases', 'multiline', 'unclosed', 'nested'] as const);
  const max = (n: number) => Math.max(50, Math.round(n * scale));
  let header: string;
  const expect = [body];
  switch (kind) {
    case 'title': {
      const title = run(rng, rng.logInt(50, max(100_000)));
      header = `title: ${title}\n`;
      expect.push(title);
      break;
    }
    case 'keys':
      header = Array.from({ length: rng.logInt(10, max(20_000)) }, (_, i) => `key${i}: ${headline(rng, 2)}`).join('\n') + '\ntitle: 短标题\n';
      expect.push('短标题');
      break;
    case 'value':
      header = `title: 标题\nsummary: "${run(rng, rng.logInt(100, max(200_000)))}"\n`;
      expect.push('标题');
      break;
    case 'aliases': {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < rng.int(2, 9); i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      header = `${lines.join('\n')}\ntitle: 别名\n`;
      expect.push('别名');
      break;
    }
    case 'multiline': {
      const title = Array.from({ length: rng.logInt(2, max(2_000)) }, () => headline(rng, 3)).join('\n  ');
      header = `title: |\n  ${title}\n`;
      expect.push(title);
      break;
    }
    case 'nested': {
      const depth = rng.logInt(2, max(5_000));
      header = `title: 嵌套\nmeta: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
      expect.push('嵌套');
      break;
    }
    default:
      header = `title: 未闭合\nlayout: post\n`;
      return { docs: [{ path: 'unclosed.md', bytes: utf8(`---\n${header}\n${body}\n`) }], expect: [] };
  }
  return { docs: [{ path: `front-${kind}.md`, bytes: utf8(`---\n${header}---\n\n${body}\n`) }], expect };
};
