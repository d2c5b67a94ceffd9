/**
 * Markdown without inline syntax, read line by line. Exports converted from print pages mostly use ATX
 * headings, paragraphs (hard breaks included) and one-line "- " list items, and nothing else. For such a
 * text this builds, in one pass, the mdast remark-parse builds — as far as the block reader looks at it:
 * node types, heading depths, text, list items, start lines and columns, end lines. Any other construct,
 * or any character that could start one, gives null, and the caller parses the text with remark-parse.
 */
import type { Heading, List, ListItem, Paragraph, Root, RootContent } from 'mdast';

/** Characters that may start inline syntax (escapes, code, emphasis, links, HTML, references) or that remark rewrites. */
const INLINE_SYNTAX = /[\\`*_[<&\t\x00-\x08\x0b-\x1f\x7f]/;
/** First characters of the block constructs not read here (quotes, fences, breaks, setext lines, other list markers, HTML). */
const OTHER_BLOCK_START = new Set(['+', '*', '>', '=', '_', '~', '`', '<', ' ']);
const ORDERED_MARKER = /^\d{1,9}[.)](?: |$)/;

type LineKind = 'blank' | 'heading' | 'item' | 'text' | 'other';

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) !== 0x20) return false;
  return true;
}

/** Number of leading "#" of an ATX heading line (1–6, then a space or the end), or 0. */
function headingDepth(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 0x23) n++;
  if (n === 0 || n > 6) return 0;
  return n === line.length || line.charCodeAt(n) === 0x20 ? n : 0;
}

/** Whether a line (or a list item's content) is plain paragraph text. */
function isText(line: string): boolean {
  const first = line[0]!;
  if (first === '#' || first === '-' || OTHER_BLOCK_START.has(first)) return false;
  const c = line.charCodeAt(0);
  return !(c >= 0x30 && c <= 0x39 && ORDERED_MARKER.test(line));
}

function kindOf(line: string): LineKind {
  if (isBlank(line)) return 'blank';
  if (line[0] === '#') {
    if (headingDepth(line) === 0) return 'other';
    // A closing sequence of "#" is not read here.
    return line.trimEnd().endsWith('#') && headingDepth(line.trimEnd()) !== line.trimEnd().length ? 'other' : 'heading';
  }
  if (line[0] === '-') return line[1] === ' ' && line.length > 2 && isText(line.slice(2)) ? 'item' : 'other';
  return isText(line) ? 'text' : 'other';
}

function at(line: number, column: number) {
  return { line, column };
}

function textNode(value: string, line: number, column: number): { type: 'text'; value: string; position: { start: ReturnType<typeof at>; end: ReturnType<typeof at> } } {
  return { type: 'text', value, position: { start: at(line, column), end: at(line, column + value.length) } };
}

function heading(line: string, n: number): Heading {
  const depth = headingDepth(line);
  const content = line.slice(depth).replace(/^ +| +$/g, '');
  const children = content === '' ? [] : [textNode(content, n, line.indexOf(content, depth) + 1)];
  return { type: 'heading', depth: depth as Heading['depth'], children, position: { start: at(n, 1), end: at(n, line.trimEnd().length + 1) } };
}

function paragraph(lines: string[], first: number): Paragraph {
  const last = first + lines.length - 1;
  const value = lines.map((l) => l.trimEnd()).join('\n');
  const end = at(last, lines[lines.length - 1]!.trimEnd().length + 1);
  return { type: 'paragraph', children: [{ ...textNode(value, first, 1), position: { start: at(first, 1), end } }], position: { start: at(first, 1), end } };
}

function item(line: string, n: number): ListItem {
  const content = line.slice(2).trimEnd();
  const p: Paragraph = { type: 'paragraph', children: [textNode(content, n, 3)], position: { start: at(n, 3), end: at(n, 3 + content.length) } };
  return { type: 'listItem', spread: false, checked: null, children: [p], position: { start: at(n, 1), end: at(n, 3 + content.length) } };
}

/** The mdast of a text that uses only headings, paragraphs and one-line "- " items; null for any other text. */
export function parsePlainMarkdown(text: string): Root | null {
  if (INLINE_SYNTAX.test(text)) return null;
  const lines = text.split('\n');
  const kinds = lines.map(kindOf);
  if (kinds.includes('other')) return null;
  const children: RootContent[] = [];
  let list: List | null = null;
  for (let i = 0; i < lines.length; ) {
    const kind = kinds[i]!;
    if (kind === 'blank') {
      i++;
      continue;
    }
    if (kind === 'item') {
      // A text line right under an item continues it (a lazy line): not read here.
      if (kinds[i + 1] === 'text') return null;
      if (!list) {
        list = { type: 'list', ordered: false, start: null, spread: false, children: [] };
        children.push(list);
      } else if (kinds[i - 1] === 'blank') list.spread = true;
      list.children.push(item(lines[i]!, i + 1));
      list.position = { start: list.children[0]!.position!.start, end: list.children[list.children.length - 1]!.position!.end };
      i++;
      continue;
    }
    list = null;
    if (kind === 'heading') {
      children.push(heading(lines[i]!, i + 1));
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && kinds[i] === 'text') i++;
    children.push(paragraph(lines.slice(start, i), start + 1));
  }
  return { type: 'root', children };
}
