/**
 * Bounded nesting. The tree libraries the parser relies on (hast-util-from-parse5, hast-util-to-mdast,
 * unist-util-visit) walk trees recursively, so a document nesting thousands of elements would exhaust
 * the stack. These iterative passes cut every tree to MAX_DEPTH levels before any recursive walk: what
 * lies deeper is kept as plain paragraphs (every character of text stays), and the place is reported.
 */
import type { Root as MdRoot, RootContent as MdNode, Parent as MdParent } from 'mdast';

/** Levels of elements (HTML) or containers (Markdown) read as nested; real pages use well under 40. */
export const MAX_DEPTH = 100;

/** Where a tree was cut, for the diagnostic. */
export interface Cut {
  line: number;
  column: number;
}

// ── parse5 trees (before hast-util-from-parse5) ────────────────────────────────────────────────

interface P5Location {
  startLine: number;
  startCol: number;
  startOffset: number;
  endLine: number;
  endCol: number;
  endOffset: number;
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  namespaceURI?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
  parentNode?: P5Node | null;
  sourceCodeLocation?: P5Location | null;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Elements whose boundaries end a paragraph when a deep subtree is read flat. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'ol', 'p', 'pre', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

function paragraph(parent: P5Node, texts: P5Node[]): P5Node {
  const first = texts[0]!.sourceCodeLocation;
  const last = texts[texts.length - 1]!.sourceCodeLocation;
  const p: P5Node = {
    nodeName: 'p',
    tagName: 'p',
    attrs: [],
    namespaceURI: HTML_NS,
    childNodes: texts,
    parentNode: parent,
    sourceCodeLocation: first && last ? { ...first, endLine: last.endLine, endCol: last.endCol, endOffset: last.endOffset } : null,
  };
  for (const t of texts) t.parentNode = p;
  return p;
}

/** The text of a subtree in document order, as paragraphs split at block boundaries (iteratively). */
function flatParagraphs(node: P5Node, drop: (tag: string) => boolean): P5Node[] {
  const out: P5Node[] = [];
  let run: P5Node[] = [];
  const close = () => {
    if (run.some((t) => (t.value ?? '').trim() !== '')) out.push(paragraph(node, run));
    run = [];
  };
  // The stack holds nodes to visit and markers for the end of a block element.
  const stack: (P5Node | 'end')[] = [...(node.childNodes ?? [])].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === 'end') {
      close();
      continue;
    }
    if (n.nodeName === '#text') {
      run.push({ nodeName: '#text', value: n.value ?? '', sourceCodeLocation: n.sourceCodeLocation ?? null, parentNode: null });
      continue;
    }
    const tag = n.tagName;
    if (!tag || drop(tag)) continue;
    if (tag === 'img') {
      close();
      out.push({ ...n, childNodes: [], parentNode: node });
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) {
      close();
      stack.push('end');
    }
    const children = n.content?.childNodes ?? n.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  close();
  return out;
}

/**
 * Cuts a parse5 document or fragment to `max` levels of elements: the children of an element at that
 * depth become the paragraphs of its subtree. Returns where the first cut was made, or null.
 */
export function capHtmlDepth(root: P5Node, drop: (tag: string) => boolean, max = MAX_DEPTH): Cut | null {
  let cut: Cut | null = null;
  const stack: [P5Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = node.content?.childNodes ?? node.childNodes;
    if (!children || children.length === 0) continue;
    if (depth >= max && children.some((c) => (c.childNodes?.length ?? 0) > 0 || c.content)) {
      const loc = node.sourceCodeLocation;
      cut ??= { line: loc?.startLine ?? 1, column: loc?.startCol ?? 1 };
      const flat = flatParagraphs(node, drop);
      if (node.content) node.content.childNodes = flat;
      else node.childNodes = flat;
      continue;
    }
    for (const c of children) stack.push([c, depth + 1]);
  }
  return cut;
}

// ── mdast trees (Markdown, before the block reader walks them) ────────────────────────────────

const CONTAINERS = new Set(['blockquote', 'list', 'listItem', 'footnoteDefinition']);

/** Leaf blocks of a container subtree, in document order (iteratively). */
function leafBlocks(node: MdParent): MdNode[] {
  const out: MdNode[] = [];
  const stack: MdNode[] = [...(node.children as MdNode[])].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (CONTAINERS.has(n.type) && 'children' in n) {
      const children = n.children as MdNode[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    } else out.push(n);
  }
  return out;
}

/** The text of a phrasing subtree as one text node (iteratively): hard breaks as line breaks. */
function flatText(node: MdParent): MdNode {
  let value = '';
  const stack: MdNode[] = [...(node.children as MdNode[])].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'break') value += '\n';
    else if ('value' in n && typeof n.value === 'string' && n.type !== 'html') value += n.value;
    else if ('children' in n) {
      const children = n.children as MdNode[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return { type: 'text', value, position: node.position } as MdNode;
}

/**
 * Cuts a Markdown tree to `max` levels: a container at that depth holds the leaf blocks of its
 * subtree, inline markup at that depth its text. Returns where the first cut was made, or null.
 */
export function capMarkdownDepth(root: MdRoot, max = MAX_DEPTH): Cut | null {
  let cut: Cut | null = null;
  const stack: [MdParent, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = node.children as MdNode[];
    const deeper = children.some((c) => 'children' in c && (c.children as MdNode[]).length > 0);
    if (depth >= max && deeper) {
      cut ??= { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
      if (CONTAINERS.has(node.type)) node.children = leafBlocks(node) as MdParent['children'];
      else node.children = [flatText(node)] as MdParent['children'];
      if (!CONTAINERS.has(node.type)) continue;
    }
    for (const c of node.children as MdNode[]) if ('children' in c) stack.push([c as MdParent, depth + 1]);
  }
  return cut;
}

/** How deep `[` and `{` nest in a YAML header (flow collections): deeper than MAX_DEPTH overflows the YAML parser. */
export function flowDepth(text: string): number {
  let depth = 0;
  let most = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') most = Math.max(most, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return most;
}
