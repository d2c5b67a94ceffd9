/**
 * Small helpers over a hast tree for the HTML readers: parse, find elements, read their text the way a
 * Chinese page prints it, and make raw blocks with source positions.
 */
import type { Comment, Element, ElementContent, Nodes, Root } from 'hast';
import { block as rawBlock, reportDepth, type BlockRole, type RawBlock, type ReadResult } from '../blocks.js';
import { depthCut, parseHtml as parseBounded } from '../html.js';

/** The document's hast, nesting cut to MAX_DEPTH levels (see ../depth.ts). */
export function parseHtml(text: string): Root {
  return parseBounded(text, false, (tag) => SKIP_TEXT.has(tag) || tag === 'svg').tree;
}

/** A reader's result, with the deep-nesting warning when the document's tree was cut. */
export function withDepth(root: Root, result: ReadResult): ReadResult {
  const cut = depthCut(root);
  if (cut) reportDepth(result, cut);
  return result;
}

export type Parent = Root | Element;

/**
 * Visits every element under a node in document order with its ancestors (one stack, pushed and popped
 * on the way, valid during the call) until `visit` returns true; returns whether it did.
 */
function visitElements(n: Nodes, chain: Element[], visit: (e: Element, ancestors: Element[]) => boolean): boolean {
  if (n.type === 'root') {
    for (const c of n.children) if (visitElements(c, chain, visit)) return true;
    return false;
  }
  if (n.type !== 'element') return false;
  if (visit(n, chain)) return true;
  chain.push(n);
  let stop = false;
  for (const c of n.children) if ((stop = visitElements(c, chain, visit))) break;
  if (!stop && n.tagName === 'template' && n.content) stop = visitElements(n.content as Root, chain, visit);
  chain.pop();
  return stop;
}

/** Every element under a node (document order) that the test accepts. */
export function findAll(node: Nodes, test: (e: Element, ancestors: Element[]) => boolean, ancestors: Element[] = []): Element[] {
  const out: Element[] = [];
  visitElements(node, [...ancestors], (e, chain) => {
    if (test(e, chain)) out.push(e);
    return false;
  });
  return out;
}

/** The first element under a node (document order) that the test accepts. */
export function findFirst(node: Nodes, test: (e: Element) => boolean): Element | null {
  let found: Element | null = null;
  visitElements(node, [], (e) => {
    if (test(e)) found = e;
    return found !== null;
  });
  return found;
}

export function classes(e: Element): string[] {
  const c: unknown = e.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

export const hasClass = (e: Element, name: string) => classes(e).includes(name);
export const idOf = (e: Element) => (typeof e.properties?.id === 'string' ? e.properties.id : '');
export const attr = (e: Element, name: string): string => {
  const v = e.properties?.[name];
  return v === undefined || v === null ? '' : Array.isArray(v) ? v.join(' ') : String(v);
};

/** Hidden by its own style or class (display:none, .hide, .hidden). */
export function isHidden(e: Element): boolean {
  const style = attr(e, 'style').replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden') || hasClass(e, 'hide') || hasClass(e, 'hidden') || e.properties?.hidden === true;
}

const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'select', 'option', 'textarea']);
const HAN_EDGE = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]/;

/** Collapse HTML white space the way Chinese text prints: nothing between two Han characters, one space elsewhere. */
export function collapse(raw: string): string {
  return raw
    .replace(/[\s\u00a0\u3000]+/g, (ws, at: number, all: string) => {
      const before = all[at - 1] ?? '';
      const after = all[at + ws.length] ?? '';
      if (before === '' || after === '') return '';
      return HAN_EDGE.test(before) && HAN_EDGE.test(after) && /\n/.test(ws) ? '' : ' ';
    })
    .trim();
}

/** The raw text of a node (<br> as a line break), without scripts. */
export function rawText(node: Nodes, opts: { skipHidden?: boolean } = {}): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    if (SKIP_TEXT.has(node.tagName)) return '';
    if (opts.skipHidden && isHidden(node)) return '';
    if (node.tagName === 'br') return '\n';
    return node.children.map((c) => rawText(c, opts)).join('');
  }
  if (node.type === 'root') return node.children.map((c) => rawText(c, opts)).join('');
  return '';
}

/** The printed text of a node, white space collapsed, <br> kept as a space. */
export function textOf(node: Nodes, opts: { skipHidden?: boolean } = {}): string {
  return collapse(rawText(node, opts).replace(/\n/g, ' '));
}

/** Comments in document order with the element that holds them. */
export function comments(node: Nodes): { comment: Comment; parent: Element | null }[] {
  const out: { comment: Comment; parent: Element | null }[] = [];
  const walk = (n: Nodes, parent: Element | null) => {
    if (n.type === 'comment') out.push({ comment: n, parent });
    else if (n.type === 'element') for (const c of n.children) walk(c, n);
    else if (n.type === 'root') for (const c of n.children) walk(c, parent);
  };
  walk(node, null);
  return out;
}

export function lineOf(node: { position?: { start: { line: number; column: number } } } | null | undefined): { line: number; column: number } {
  return { line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1 };
}

/** A raw block made by a reader: one line of text (or a picture), at the node's position. */
export function makeBlock(
  kind: RawBlock['kind'],
  node: { position?: { start: { line: number; column: number }; end: { line: number } } } | null,
  lines: string[],
  extra: { role?: BlockRole; depth?: number; strong?: boolean; images?: string[]; items?: string[]; ordered?: boolean } = {},
): RawBlock {
  const p = lineOf(node);
  const b = rawBlock(kind, { line: p.line, column: p.column, endLine: node?.position?.end.line ?? p.line }, { lineOffset: 0, quote: false });
  b.lines = lines;
  if (extra.role) b.role = extra.role;
  if (extra.depth) b.depth = extra.depth;
  if (extra.strong) b.strong = true;
  if (extra.images) b.images = extra.images;
  if (extra.items) b.items = extra.items;
  if (extra.ordered) b.ordered = true;
  return b;
}

/** The element's children that are elements. */
export const elementChildren = (e: Parent): Element[] => (e.children as ElementContent[]).filter((c): c is Element => c.type === 'element');

/** True when the element's only content (besides white space) is one <strong>/<b>. */
export function isStrongOnly(e: Element): boolean {
  let strong = false;
  for (const c of e.children) {
    if (c.type === 'text' && c.value.replace(/[\s\u00a0\u3000]/g, '') === '') continue;
    if (c.type === 'comment') continue;
    if (c.type === 'element' && (c.tagName === 'strong' || c.tagName === 'b')) strong = true;
    else return false;
  }
  return strong;
}

/** Properties of Founder trailers: <!--enpproperty <date>…</date><title>…</title> … /enpproperty-->. */
export function enpProperties(value: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const m of value.matchAll(/<([a-z-]+)>([\s\S]*?)<\/\1>/gi)) {
    const key = m[1]!.toLowerCase().replace(/^founder-/, '');
    const v = collapse(m[2]!);
    if (v !== '' && !(key in props)) props[key] = v;
  }
  return props;
}
