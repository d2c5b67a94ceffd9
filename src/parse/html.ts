/**
 * HTML → hast with bounded depth: parse5 (the parser rehype uses) builds its tree iteratively, the tree
 * is cut to MAX_DEPTH levels, and only then converted to hast. And layout tables — cells holding
 * paragraphs, headings or further tables, as 数字报 pages are built — as plain blocks, so that their
 * text reads as flow; tables of figures stay tables.
 */
import { parse, parseFragment } from 'parse5';
import { fromParse5 } from 'hast-util-from-parse5';
import { VFile } from 'vfile';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { capHtmlDepth, type Cut } from './depth.js';

export interface ParsedHtml {
  tree: HastRoot;
  /** Where nesting was cut, when it was. */
  cut: Cut | null;
}

type P5Root = Parameters<typeof capHtmlDepth>[0];

/** Where the tree of a document was cut, kept on its root for the reader's diagnostics. */
export function depthCut(root: HastRoot): Cut | null {
  return (root.data as { depthCut?: Cut } | undefined)?.depthCut ?? null;
}

export function parseHtml(text: string, fragment: boolean, drop: (tag: string) => boolean): ParsedHtml {
  const options = { sourceCodeLocationInfo: true, scriptingEnabled: false } as const;
  const p5 = fragment ? parseFragment(text, options) : parse(text, options);
  const cut = capHtmlDepth(p5 as unknown as P5Root, drop);
  const tree = fromParse5(p5, { file: new VFile(text) }) as HastRoot;
  if (cut) tree.data = { ...tree.data, depthCut: cut } as HastRoot['data'];
  return { tree, cut };
}

const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col']);
const FLOW = new Set(['p', 'div', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'section', 'article', 'pre', 'dl', 'figure', 'img', 'br']);

/** Whether a table lays out blocks (its cells hold flow content) rather than a grid of figures. */
function isLayoutTable(table: Element): boolean {
  const stack: ElementContent[] = [...table.children];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type !== 'element') continue;
    if ((n.tagName === 'td' || n.tagName === 'th') && n.children.some((c) => c.type === 'element' && FLOW.has(c.tagName))) return true;
    if (n.tagName !== 'table') for (const c of n.children) stack.push(c);
  }
  return false;
}

/** Renames the parts of every layout table to <div> (iteratively, tables inside tables included). */
export function unwrapLayoutTables(tree: HastRoot): void {
  const stack: (HastRoot | Element)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'element' && node.tagName === 'table' && isLayoutTable(node)) {
      const parts: Element[] = [node];
      while (parts.length > 0) {
        const part = parts.pop()!;
        part.tagName = 'div';
        for (const c of part.children) if (c.type === 'element' && TABLE_PARTS.has(c.tagName) && c.tagName !== 'table') parts.push(c);
      }
    }
    for (const c of node.children) if (c.type === 'element') stack.push(c);
  }
}
