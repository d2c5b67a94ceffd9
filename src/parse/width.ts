/**
 * Bounded width for the HTML → mdast conversion. hast-util-to-mdast hands the blocks of a transparent
 * element (div, body, span, an unknown tag …) to its parent as one array, spread into a call: an element
 * whose subtree yields some hundred thousand blocks (a page of unclosed <p> repeated) exhausts the stack.
 * Before the conversion, the children of every such element are grouped in chunks of at most MAX_WIDTH
 * blocks, each converted as one node; after it, the chunks are taken apart again (iteratively). Every
 * character stays; a run of inline text wider than a chunk becomes more than one paragraph.
 */
import { toMdast, defaultHandlers, type Handle } from 'hast-util-to-mdast';
import type { Root as HastRoot, Element, ElementContent, RootContent as HastNode } from 'hast';
import type { Root as MdRoot, Nodes as MdNodes } from 'mdast';

/** Blocks a transparent element may yield before its children are chunked. */
export const MAX_WIDTH = 10_000;

const CHUNK = 'epaper-chunk';
const CHUNK_TYPE = 'epaperChunk';

const FLOW_HANDLER = defaultHandlers.div;
const ALL_HANDLER = defaultHandlers.span;

/** Whether to-mdast yields an element's converted children in place of the element (an array). */
function transparent(tag: string): boolean {
  const handler = (defaultHandlers as Record<string, Handle | undefined>)[tag];
  return handler === undefined || handler === FLOW_HANDLER || handler === ALL_HANDLER || tag === CHUNK;
}

function isFlowParent(node: HastRoot | Element): boolean {
  return node.type === 'root' || (defaultHandlers as Record<string, Handle | undefined>)[node.tagName] === FLOW_HANDLER;
}

function chunk(children: HastNode[], flow: boolean): Element {
  return { type: 'element', tagName: CHUNK, properties: { dataFlow: flow ? 'flow' : 'phrasing' }, children: children as ElementContent[] };
}

/**
 * Groups `node`'s children in chunks of at most MAX_WIDTH blocks (again while there are more chunks
 * than that); returns the blocks it yields and whether it made chunks.
 */
function groupChildren(node: HastRoot | Element, sizes: Map<HastNode, number>): { total: number; chunked: boolean } {
  const flow = isFlowParent(node);
  let items = node.children as HastNode[];
  let total = items.reduce((n, c) => n + (sizes.get(c) ?? 1), 0);
  const chunked = total > MAX_WIDTH;
  while (total > MAX_WIDTH) {
    const grouped: HastNode[] = [];
    let run: HastNode[] = [];
    let size = 0;
    for (const c of items) {
      const s = sizes.get(c) ?? 1;
      if (size + s > MAX_WIDTH && run.length > 0) {
        grouped.push(chunk(run, flow));
        run = [];
        size = 0;
      }
      run.push(c);
      size += s;
    }
    if (run.length > 0) grouped.push(chunk(run, flow));
    items = grouped;
    total = grouped.length;
  }
  node.children = items as typeof node.children;
  return { total, chunked };
}

/**
 * Chunks every transparent element whose subtree yields more than MAX_WIDTH blocks (post-order,
 * iteratively); returns whether any was chunked.
 */
export function chunkWideElements(tree: HastRoot): boolean {
  const sizes = new Map<HastNode, number>();
  let any = false;
  const stack: [HastRoot | Element, boolean][] = [[tree, false]];
  while (stack.length > 0) {
    const [node, done] = stack.pop()!;
    if (!done) {
      stack.push([node, true]);
      for (const c of node.children) if (c.type === 'element') stack.push([c, false]);
      continue;
    }
    const isRoot = node.type === 'root';
    if (!isRoot && !transparent(node.tagName)) continue;
    const { total, chunked } = groupChildren(node, sizes);
    any ||= chunked;
    if (!isRoot) sizes.set(node, total);
  }
  return any;
}

const BLOCK_TYPES = new Set(['paragraph', 'heading', 'list', 'listItem', 'blockquote', 'table', 'code', 'thematicBreak', CHUNK_TYPE]);

/** A chunk converts to one node holding its blocks (flow) or its inline content (phrasing). */
const chunkHandler: Handle = (state, node) => {
  const children = state.all(node);
  const flow = node.properties?.dataFlow === 'flow' || children.some((c) => BLOCK_TYPES.has(c.type));
  return { type: CHUNK_TYPE, children: flow ? state.toFlow(children) : children, data: flow ? undefined : { hName: 'span' } } as never;
};

/** Puts the content of every chunk in its place (iteratively). */
function unchunk(root: MdRoot): void {
  const stack: MdNodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('children' in node)) continue;
    const children = node.children as MdNodes[];
    if (children.some((c) => c.type === (CHUNK_TYPE as never))) {
      const out: MdNodes[] = [];
      const pending = [...children].reverse();
      while (pending.length > 0) {
        const c = pending.pop()!;
        if (c.type === (CHUNK_TYPE as never)) {
          const inner = (c as unknown as { children: MdNodes[] }).children;
          for (let i = inner.length - 1; i >= 0; i--) pending.push(inner[i]!);
        } else out.push(c);
      }
      (node as { children: MdNodes[] }).children = out;
    }
    for (const c of node.children as MdNodes[]) stack.push(c);
  }
}

/** hast-util-to-mdast on a tree of any width. */
export function toMdastBounded(tree: HastRoot): MdRoot {
  // A tree no element of which was chunked converts as it is, without the walk to take chunks apart.
  if (!chunkWideElements(tree)) return toMdast(tree) as MdRoot;
  const md = toMdast(tree, { handlers: { [CHUNK]: chunkHandler } }) as MdRoot;
  unchunk(md);
  return md;
}
