/**
 * Every source format, read through unified (plain Markdown through ./plain-markdown.ts, which builds the
 * same tree), becomes one flat list of raw blocks — headings, paragraph lines, lists — with their source
 * positions and the blank space before them. The newspaper semantics (src/parse/page.ts) work on these
 * blocks only and never see Markdown or HTML.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { toMdastBounded } from './width.js';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import YAML from 'yaml';
import type { Root as MdRoot, RootContent as MdNode, PhrasingContent } from 'mdast';
import type { Root as HastRoot, Element, ElementContent, Text as HastText, Parents as HastParents } from 'hast';
import { capMarkdownDepth, flowDepth, MAX_DEPTH, type Cut } from './depth.js';
import { parseHtml, unwrapLayoutTables } from './html.js';
import { parsePlainMarkdown } from './plain-markdown.js';
import { append } from './append.js';

export type Format = string;

/** What a structured reader knows a block is, so the shared layer need not guess. */
export type BlockRole = 'kicker' | 'headline' | 'deck' | 'byline' | 'caption' | 'subhead';

/** Page facts a document states itself (a Founder trailer, a 版面 folio, a text export's header). */
export interface PageHints {
  paper?: string | null;
  date?: string | null;
  /** "A01", "01" */
  code?: string | null;
  number?: number | null;
  section?: string | null;
  /** Other pages of the edition the document lists (版面导航), in printed order. */
  pageList?: { code: string; section: string | null }[];
  /** A masthead the reader read itself (PDF text of a front page). */
  masthead?: import('../model/schema.js').Masthead;
  /** Teasers the reader found, with the line each is printed on. */
  teasers?: { teaser: import('../model/schema.js').Teaser; line: number }[];
  /** Metadata pairs to keep in Page.source.meta. */
  meta?: Record<string, string>;
  /** Captions are marked (role 'caption'): a line under a picture is no caption unless marked. */
  captionsMarked?: boolean;
  /** The blocks are already the article content: skip masthead, banner, folio and teaser guessing. */
  structured?: boolean;
}

export interface RawBlock {
  kind: 'heading' | 'paragraph' | 'list';
  /** Heading depth 1..6 (headings only). */
  depth: number;
  /** Text lines: a paragraph's hard breaks and source line breaks each start a new line. */
  lines: string[];
  /** List items (lists only). */
  items: string[];
  ordered: boolean;
  /** The paragraph is entirely bold (a subhead in many exports). */
  strong: boolean;
  /** Inside a blockquote. */
  quote: boolean;
  /** Image URLs in a paragraph (a paragraph holding only images has no lines). */
  images: string[];
  line: number;
  column: number;
  endLine: number;
  /** Blank source lines between the previous block and this one. */
  gapBefore: number;
  /** Made without a source position; placed after the block before it. */
  unplaced?: boolean;
  /** Set by readers that know the block's part in an article. */
  role?: BlockRole;
  /** The block opens a new article (readers that know where articles begin). */
  articleStart?: boolean;
  /** The article's id in its source system (Founder content_NNN), on the article's first block. */
  ref?: string;
}

export interface ReadResult {
  format: Format;
  blocks: RawBlock[];
  frontMatter: Record<string, unknown> | null;
  problems: { line: number; column: number; rule: string; message: string; severity: 'error' | 'warning' | 'info' }[];
  hints?: PageHints;
}

/** Decide the format from the text itself (seed files are all .txt). */
export function sniffFormat(text: string, fileName = ''): Format {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^---\s*\n[\s\S]*?\n---\s*(\n|$)/.test(head) || /^---\s*\n[A-Za-z_][\w-]*\s*:/.test(head)) return 'jekyll';
  if (/\.html?$/i.test(fileName)) return 'html';
  if (/^<(?:!doctype|html|head|body|div|p|rt|span|b|i|table|section|article|meta|script|ul|li|font)\b/i.test(head)) {
    return 'html';
  }
  return 'markdown';
}

const mdParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** Hast of an HTML document or fragment, nesting cut to MAX_DEPTH (reported once per document). */
function htmlTree(text: string, fragment: boolean, result: ReadResult, lineOffset: number): HastRoot {
  const { tree, cut } = parseHtml(text, fragment, (tag) => DROP.has(tag));
  if (cut) reportDepth(result, { line: cut.line + lineOffset, column: cut.column });
  return tree;
}

/** The deep-nesting warning of a document whose tree was cut (once per document). */
export function reportDepth(result: ReadResult, cut: Cut): void {
  if (result.problems.some((p) => p.rule === 'deep-nesting')) return;
  result.problems.push({
    line: cut.line,
    column: cut.column,
    rule: 'deep-nesting',
    severity: 'warning',
    message: `the document nests more than ${MAX_DEPTH} levels deep here; what lies deeper is read as plain paragraphs (its text is kept)`,
  });
}

export function readBlocks(text: string, format: Format): ReadResult {
  const result: ReadResult = { format, blocks: [], frontMatter: null, problems: [] };
  if (format === 'html') {
    const hast = htmlTree(text, false, result, 0);
    cleanHast(hast);
    unwrapLayoutTables(hast);
    splitLooseText(hast);
    const md = toMdastBounded(hast);
    flatten(md.children, result, { lineOffset: 0, quote: false });
  } else {
    const plain = format === 'markdown' ? parsePlainMarkdown(text) : null;
    const md = plain ?? (mdParser.parse(text) as MdRoot);
    const cut = plain ? null : capMarkdownDepth(md);
    if (cut) reportDepth(result, cut);
    flatten(md.children, result, { lineOffset: 0, quote: false });
    if (format === 'jekyll' && result.frontMatter === null) {
      result.problems.push({
        line: 1,
        column: 1,
        rule: 'front-matter',
        severity: 'error',
        message: 'front matter is not closed: add a line `---` after the YAML header',
      });
    }
  }
  setGaps(result);
  return result;
}

/** Raw blocks of an HTML tree (or the part of one a reader chose), positions kept from the source. */
export function blocksFromHast(hast: HastRoot, format: Format): ReadResult {
  cleanHast(hast);
  unwrapLayoutTables(hast);
  splitLooseText(hast);
  return blocksFromMdast(toMdastBounded(hast), format);
}

/** Raw blocks of a Markdown tree. */
export function blocksFromMdast(md: MdRoot, format: Format): ReadResult {
  const result: ReadResult = { format, blocks: [], frontMatter: null, problems: [] };
  flatten(md.children, result, { lineOffset: 0, quote: false });
  setGaps(result);
  return result;
}

function setGaps(result: ReadResult): void {
  // Blank lines between blocks, from positions.
  let prevEnd = 0;
  for (const block of result.blocks) {
    // A block made without a source position (pictures from HTML) sits where the previous one ended.
    if (block.unplaced) {
      block.line = Math.max(1, prevEnd);
      block.endLine = block.line;
      delete block.unplaced;
    }
    block.gapBefore = prevEnd === 0 ? 0 : Math.max(0, block.line - prevEnd - 1);
    prevEnd = block.endLine;
  }
}

export interface Context {
  lineOffset: number;
  quote: boolean;
}

export function pos(node: { position?: { start: { line: number; column: number }; end: { line: number } } }, ctx: Context) {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const end = node.position?.end ?? start;
  return { line: start.line + ctx.lineOffset, column: start.column, endLine: end.line + ctx.lineOffset };
}

export function block(kind: RawBlock['kind'], p: ReturnType<typeof pos>, ctx: Context): RawBlock {
  return {
    kind,
    depth: 0,
    lines: [],
    items: [],
    ordered: false,
    strong: false,
    quote: ctx.quote,
    images: [],
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    gapBefore: 0,
  };
}

/** Text of inline content; inline HTML tags are dropped, their text kept. */
function inlineText(nodes: PhrasingContent[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'html') out += n.value.replace(/<[^>]*>/g, '');
    else if (n.type === 'break') out += '\n';
    else if ('children' in n) out += inlineText(n.children as PhrasingContent[]);
    else if ('value' in n) out += n.value;
  }
  return out;
}

function imagesIn(nodes: PhrasingContent[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.type === 'image' && n.url) out.push(n.url);
    else if ('children' in n) append(out, imagesIn(n.children as PhrasingContent[]));
  }
  return out;
}

function isStrongOnly(nodes: PhrasingContent[]): boolean {
  let strong = false;
  for (const n of nodes) {
    if (n.type === 'strong') strong = true;
    else if (n.type === 'text' && n.value.trim() === '') continue;
    else return false;
  }
  return strong;
}

function splitLines(text: string): string[] {
  return text
    .split(/\n/)
    .map((l) => l.replace(/[\s\u00a0\u3000]+$/u, '').replace(/^[ \t\u00a0]+/, ''))
    .filter((l) => l.trim() !== '');
}

type Handler<T extends MdNode['type']> = (node: Extract<MdNode, { type: T }>, result: ReadResult, ctx: Context) => void;

function frontMatterProblem(node: MdNode, result: ReadResult, ctx: Context, message: string): void {
  const p = pos(node, ctx);
  result.frontMatter = {};
  result.problems.push({ line: p.line + 1, column: 1, rule: 'front-matter', severity: 'error', message });
}

const readYaml: Handler<'yaml'> = (node, result, ctx) => {
  if (flowDepth(node.value) > MAX_DEPTH) {
    frontMatterProblem(node, result, ctx, `front matter nests brackets more than ${MAX_DEPTH} levels deep: fix the header between the --- lines`);
    return;
  }
  try {
    const data = YAML.parse(node.value) as unknown;
    result.frontMatter = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch (error) {
    frontMatterProblem(node, result, ctx, `front matter is not valid YAML (${(error as Error).message.split('\n')[0]}): fix the header between the --- lines`);
  }
};

const readHeading: Handler<'heading'> = (node, result, ctx) => {
  const text = inlineText(node.children).replace(/\s*\n\s*/g, ' ').trim();
  if (text === '') return;
  const b = block('heading', pos(node, ctx), ctx);
  b.depth = node.depth;
  b.lines = [text];
  result.blocks.push(b);
};

const readParagraph: Handler<'paragraph'> = (node, result, ctx) => {
  const lines = splitLines(inlineText(node.children));
  const images = imagesIn(node.children);
  if (lines.length === 0 && images.length === 0) return;
  const b = block('paragraph', pos(node, ctx), ctx);
  if (!node.position && ctx.lineOffset === 0) b.unplaced = true;
  b.lines = lines;
  b.images = images;
  b.strong = isStrongOnly(node.children);
  result.blocks.push(b);
};

const readCode: Handler<'code'> = (node, result, ctx) => {
  const lines = splitLines(node.value);
  if (lines.length === 0) return;
  const b = block('paragraph', pos(node, ctx), ctx);
  b.lines = lines;
  result.blocks.push(b);
};

const readList: Handler<'list'> = (node, result, ctx) => {
  const b = block('list', pos(node, ctx), ctx);
  b.ordered = node.ordered === true;
  b.items = node.children
    .map((item) => toString(item, { includeHtml: false }).replace(/\s*\n\s*/g, '').trim())
    .filter((t) => t !== '');
  if (b.items.length > 0) result.blocks.push(b);
};

/** A table of figures: one list item per row, its cells side by side. */
const readTable: Handler<'table'> = (node, result, ctx) => {
  const b = block('list', pos(node, ctx), ctx);
  b.items = node.children
    .map((row) => row.children.map((cell) => toString(cell, { includeHtml: false }).replace(/\s+/g, ' ').trim()).filter((c) => c !== '').join('　'))
    .filter((t) => t !== '');
  if (b.items.length > 0) result.blocks.push(b);
};

const readHtml: Handler<'html'> = (node, result, ctx) => {
  const p = pos(node, ctx);
  const hast = htmlTree(node.value, true, result, p.line - 1);
  cleanHast(hast);
  unwrapLayoutTables(hast);
  splitLooseText(hast);
  const md = toMdastBounded(hast);
  flatten(md.children, result, { lineOffset: p.line - 1, quote: ctx.quote });
};

/** One handler per mdast node type; other nodes are read through their children. */
const HANDLERS: { [T in MdNode['type']]?: Handler<T> } = {
  yaml: readYaml,
  heading: readHeading,
  paragraph: readParagraph,
  code: readCode,
  list: readList,
  table: readTable,
  html: readHtml,
  blockquote: (node, result, ctx) => flatten(node.children, result, { ...ctx, quote: true }),
};

function flatten(nodes: MdNode[], result: ReadResult, ctx: Context): void {
  for (const node of nodes) {
    const handler = HANDLERS[node.type] as Handler<typeof node.type> | undefined;
    if (handler) handler(node as never, result, ctx);
    else if ('children' in node && Array.isArray(node.children)) flatten(node.children as MdNode[], result, ctx);
  }
}

// ── HTML clean-up (pure hast transforms) ───────────────────────────────────────────────────────

/** Elements removed with everything inside them. */
const DROP = new Set([
  'script', 'style', 'noscript', 'iframe', 'nav', 'footer', 'aside', 'form', 'button', 'select', 'input',
  'textarea', 'rt', 'rp', 'meter', 'optgroup', 'delect', 'object', 'embed', 'template', 'svg', 'canvas',
  'link', 'meta', 'title', 'head',
]);
const KEEP_EMPTY = new Set(['img', 'br', 'hr', 'picture', 'figure', 'video']);

function hasText(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() !== '';
  if (node.type === 'element') {
    if (KEEP_EMPTY.has(node.tagName)) return true;
    return node.children.some(hasText);
  }
  return false;
}

/** Drop scripts, navigation, spam tag soup (empty <rt>, <meter>, <delect> …) and comments. */
export function cleanHast(tree: HastRoot): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined) return;
    if (node.type === 'comment' || node.type === 'doctype') {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    if (node.type === 'element' && (DROP.has(node.tagName) || !hasText(node))) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    return undefined;
  });
}

const BLOCK_PARENTS = new Set(['body', 'div', 'section', 'article', 'main', 'td', 'th', 'center', 'blockquote', 'root']);

/**
 * Scraped pages often hold their text as loose lines directly in <body> or a <div>; HTML whitespace rules
 * would run them together. Each non-empty loose line becomes its own <p>, keeping its source position.
 */
export function splitLooseText(tree: HastRoot): void {
  visit(tree, (node) => {
    if (node.type !== 'root' && node.type !== 'element') return;
    const parent = node as HastParents;
    const name = node.type === 'root' ? 'root' : (node as Element).tagName;
    if (!BLOCK_PARENTS.has(name)) return;
    const out: (ElementContent | Element)[] = [];
    let changed = false;
    for (const child of parent.children as ElementContent[]) {
      if (child.type === 'text' && /\n/.test(child.value) && child.value.trim() !== '') {
        changed = true;
        const startLine = child.position?.start.line ?? 1;
        const lines = child.value.split('\n');
        lines.forEach((raw, i) => {
          const value = raw.trim();
          if (value === '') return;
          const line = startLine + i;
          const column = i === 0 ? (child.position?.start.column ?? 1) : raw.length - raw.trimStart().length + 1;
          const text: HastText = { type: 'text', value };
          const p: Element = {
            type: 'element',
            tagName: 'p',
            properties: {},
            children: [text],
            position: { start: { line, column }, end: { line, column: column + value.length } },
          };
          out.push(p);
        });
      } else out.push(child);
    }
    if (changed) (parent as Element).children = out as ElementContent[];
  });
}
