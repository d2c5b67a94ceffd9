/**
 * The edition PDF's structure tree: Document → Sect per page → Art per article → H, P, L, Caption,
 * Figure …, planned before a page is drawn so that every line and graphic is marked as it is drawn.
 */
import type { FrameBox, FrameLine, FramePage } from '../../layout/types.js';
import { linkTarget, type ArchiveContext } from './links.js';
import type { PdfPage, PdfRef, PdfWriter } from './pdfkit.js';

/** A structure element as planned: type, title, alternate text and kids in reading order. */
export interface StructNode {
  type: string;
  title?: string;
  alt?: string;
  /** Index of the page the element's content is on; -1 for the Document element. */
  page: number;
  kids: StructKid[];
  /** Body-text element of an article (photos without a caption go before the first one). */
  body?: boolean;
}

/** A marked-content reference; mcid stays -1 until the content is drawn. */
interface ContentSlot {
  mcid: number;
}

/** An annotation reference, filled in when the annotation is written. */
export interface AnnotSlot {
  ref: PdfRef | null;
}

type StructKid = { kind: 'node'; node: StructNode } | { kind: 'content'; slot: ContentSlot } | { kind: 'annot'; annot: AnnotSlot };

export interface LinkPlan {
  dest: string;
  /** Alternate description of the link annotation. */
  contents: string;
  annot: AnnotSlot;
  node: StructNode;
}

/** The element a line or graphic is marked as, and its slot in that element. */
export interface PlannedContent {
  node: StructNode;
  slot: ContentSlot;
  link?: LinkPlan;
}

export interface PagePlan {
  sect: StructNode;
  lines: Map<FrameLine, PlannedContent | 'artifact'>;
  boxes: Map<FrameBox, PlannedContent | 'artifact'>;
}

const SECTION_LABELS: Partial<Record<FrameBox['kind'], string>> = {
  masthead: '报头',
  teasers: '导读',
  banner: '专题',
  credits: '版权',
};
/** Element types by line role; headline roles (headline, headline-lead …) are H, other roles P. */
const ROLE_TYPES: Partial<Record<FrameLine['role'], string>> = {
  quote: 'BlockQuote',
  caption: 'Caption',
  credit: 'Caption',
};
const BODY_ROLES = new Set<FrameLine['role']>(['body', 'quote', 'subhead', 'callout', 'list']);

function structNode(type: string, page: number, title?: string): StructNode {
  const node: StructNode = { type, page, kids: [] };
  if (title) node.title = title;
  return node;
}

function addKid(parent: StructNode, node: StructNode): void {
  parent.kids.push({ kind: 'node', node });
}

/**
 * Opens the marked content of a planned element (allocating its MCID on first drawing) or of an
 * artifact; undefined when the document is not tagged.
 */
export function markedContentOpener(
  plan: PagePlan | null,
  pageOwners: StructNode[],
  entry: PlannedContent | 'artifact' | undefined,
  artifact: string,
): (() => string) | undefined {
  if (!plan) return undefined;
  if (entry === undefined || entry === 'artifact') return () => artifact;
  return () => {
    entry.slot.mcid = pageOwners.length;
    pageOwners.push(entry.node);
    return `/${entry.node.type} <</MCID ${entry.slot.mcid}>> BDC`;
  };
}

/** The lines of one box as structure elements under `parent`. */
class LinePlanner {
  private current: StructNode | null = null;
  private currentKey = '';
  private closed = false;
  private list: StructNode | null = null;
  private listKey = '';
  private item: StructNode | null = null;
  private itemKey = '';
  private itemBody: StructNode | null = null;

  constructor(
    private readonly page: PagePlanner,
    private readonly parent: StructNode,
  ) {}

  plan(line: FrameLine): void {
    if (line.role === 'folio') {
      this.page.plan.lines.set(line, 'artifact');
      this.current = null;
      this.list = null;
    } else if (line.role === 'list') {
      this.current = null;
      this.listLine(line);
    } else {
      this.list = null;
      this.blockLine(line);
    }
  }

  /**
   * A list line: an L per list block, an LI per item, the item's first line (its marker) as the LI's
   * Lbl and the item's text in its LBody.
   */
  private listLine(line: FrameLine): void {
    const index = this.page.pageIndex;
    const listKey = `${line.part?.block ?? -1}`;
    if (!this.list || listKey !== this.listKey) {
      this.list = structNode('L', index);
      this.list.body = true;
      addKid(this.parent, this.list);
      this.listKey = listKey;
      this.item = null;
    }
    const itemKey = `${line.part?.item ?? -1}`;
    if (!this.item || itemKey !== this.itemKey) {
      this.item = structNode('LI', index);
      addKid(this.list, this.item);
      this.itemKey = itemKey;
      this.itemBody = null;
      if (line.part?.start) {
        const label = structNode('Lbl', index);
        addKid(this.item, label);
        this.page.assign(line, label);
        return;
      }
    }
    if (!this.itemBody) {
      this.itemBody = structNode('LBody', index);
      addKid(this.item, this.itemBody);
    }
    this.page.assign(line, this.itemBody);
  }

  /**
   * Headings, paragraphs, quotes and captions: the lines of one role and block share an element, a
   * block's first line starts a new one; caption and credit lines of one photo share its Caption.
   */
  private blockLine(line: FrameLine): void {
    const type = line.role.startsWith('headline') ? 'H' : (ROLE_TYPES[line.role] ?? 'P');
    const caption = type === 'Caption';
    const key = caption ? `caption:${line.figure ?? ''}` : `${line.role}:${line.part?.block ?? ''}`;
    const starts = !caption && line.part?.start === true;
    if (!this.current || this.closed || key !== this.currentKey || starts || line.role === 'jump') {
      const photo = caption && line.figure ? this.page.photoOf(line.figure) : undefined;
      if (photo && !this.page.figures.has(photo)) addKid(this.parent, this.page.figure(photo));
      this.current = structNode(type, this.page.pageIndex);
      if (BODY_ROLES.has(line.role)) this.current.body = true;
      addKid(this.parent, this.current);
      this.currentKey = key;
      this.closed = false;
    }
    this.closed = this.page.assign(line, this.current) || line.role === 'jump';
  }
}

/** The structure of one page being planned. */
class PagePlanner {
  readonly plan: PagePlan;
  readonly figures = new Map<FrameBox, StructNode>();
  /** Photo boxes by figure id. */
  private readonly photos = new Map<string, FrameBox>();
  private readonly arts = new Map<string, StructNode>();

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly page: FramePage,
    readonly pageIndex: number,
  ) {
    this.plan = { sect: structNode('Sect', pageIndex, ctx.outline[pageIndex]?.title), lines: new Map(), boxes: new Map() };
    for (const box of page.boxes) if (box.kind === 'photo' && box.figure && !this.photos.has(box.figure)) this.photos.set(box.figure, box);
  }

  /** The photo box a caption or credit line names. */
  photoOf(figure: string): FrameBox | undefined {
    return this.photos.get(figure);
  }

  figure(box: FrameBox): StructNode {
    const node = structNode('Figure', this.pageIndex);
    node.alt = (box.image?.alt ?? '').replace(/\s+/gu, ' ').trim() || '图片';
    const slot: ContentSlot = { mcid: -1 };
    node.kids.push({ kind: 'content', slot });
    this.plan.boxes.set(box, { node, slot });
    this.figures.set(box, node);
    return node;
  }

  /** Marks a line as content of `owner`, inside a Link element when it links; returns whether it links. */
  assign(line: FrameLine, owner: StructNode): boolean {
    const slot: ContentSlot = { mcid: -1 };
    const target = linkTarget(this.ctx, line);
    if (!target) {
      owner.kids.push({ kind: 'content', slot });
      this.plan.lines.set(line, { node: owner, slot });
      return false;
    }
    const link = structNode('Link', this.pageIndex);
    const annot: AnnotSlot = { ref: null };
    link.kids.push({ kind: 'content', slot }, { kind: 'annot', annot });
    addKid(owner, link);
    this.plan.lines.set(line, { node: link, slot, link: { dest: target.dest, contents: target.contents, annot, node: link } });
    return true;
  }

  planLines(lines: FrameLine[], parent: StructNode): void {
    const planner = new LinePlanner(this, parent);
    for (const line of lines) planner.plan(line);
  }

  /** A photo not claimed by a caption: a Figure before the body text of its article (or in the page's Sect). */
  private loosePhoto(box: FrameBox): void {
    if (this.figures.has(box)) return;
    const parent = (box.article ? this.arts.get(box.article) : undefined) ?? this.plan.sect;
    const node = this.figure(box);
    const at = parent.kids.findIndex((k) => k.kind === 'node' && k.node.body === true);
    parent.kids.splice(at < 0 ? parent.kids.length : at, 0, { kind: 'node', node });
  }

  private article(box: FrameBox): void {
    let art = box.article ? this.arts.get(box.article) : undefined;
    if (!art) {
      art = structNode('Art', this.pageIndex, box.article ? this.ctx.titles.get(box.article) : undefined);
      addKid(this.plan.sect, art);
      if (box.article) this.arts.set(box.article, art);
    }
    this.planLines(box.lines, art);
  }

  run(): PagePlan {
    for (const box of this.page.boxes) {
      if (box.kind === 'rule') this.plan.boxes.set(box, 'artifact');
      else if (box.kind === 'folio') for (const line of box.lines) this.plan.lines.set(line, 'artifact');
      else if (box.kind === 'photo') this.loosePhoto(box);
      else if (box.kind === 'article') this.article(box);
      else {
        const group = structNode('Sect', this.pageIndex, SECTION_LABELS[box.kind]);
        addKid(this.plan.sect, group);
        this.planLines(box.lines, group);
      }
    }
    return this.plan;
  }
}

/**
 * The structure of one page: a Sect holding, in box order (the layout's reading order), an Art per
 * article, a labelled Sect for masthead, teasers, banner and credits, and Figures; the folio and the
 * rules are artifacts.
 */
export function planPage(ctx: ArchiveContext, page: FramePage, pageIndex: number): PagePlan {
  return new PagePlanner(ctx, page, pageIndex).run();
}

/** Whether an element holds any drawn content or written annotation, memoised. */
function liveness(): (node: StructNode) => boolean {
  const cache = new Map<StructNode, boolean>();
  const live = (node: StructNode): boolean => {
    let known = cache.get(node);
    if (known === undefined) {
      known = node.kids.some((k) => (k.kind === 'content' ? k.slot.mcid >= 0 : k.kind === 'annot' ? k.annot.ref != null : live(k.node)));
      cache.set(node, known);
    }
    return known;
  };
  return live;
}

/** Writes a structure element and, after it, its live children. */
function writeElement(writer: PdfWriter, node: StructNode, parent: PdfRef, refs: Map<StructNode, PdfRef>, live: (n: StructNode) => boolean, pageList: PdfPage[]): void {
  const ref = refs.get(node) as PdfRef;
  const page = node.page >= 0 ? pageList[node.page] : undefined;
  const kids: unknown[] = [];
  const children: StructNode[] = [];
  for (const kid of node.kids) {
    if (kid.kind === 'content') {
      if (kid.slot.mcid >= 0) kids.push(kid.slot.mcid);
    } else if (kid.kind === 'annot') {
      if (kid.annot.ref) kids.push({ Type: 'OBJR', Obj: kid.annot.ref, ...(page ? { Pg: writer.pageRef(page) } : {}) });
    } else if (live(kid.node)) {
      kids.push(refs.get(kid.node));
      children.push(kid.node);
    }
  }
  const data: Record<string, unknown> = { Type: 'StructElem', S: node.type, P: parent };
  if (page) data.Pg = writer.pageRef(page);
  if (node.title) data.T = new String(node.title);
  if (node.alt) data.Alt = new String(node.alt);
  data.K = kids.length === 1 ? kids[0] : kids;
  writer.fill(ref, data);
  for (const child of children) writeElement(writer, child, ref, refs, live, pageList);
}

/**
 * Writes the structure tree: StructTreeRoot → Document → the pages' Sects, every element with content
 * drawn; the parent tree maps each page's MCIDs and each link annotation to its element.
 */
export function writeStructure(writer: PdfWriter, sects: StructNode[], pageList: PdfPage[], owners: StructNode[][], linkOwners: StructNode[]): void {
  const documentNode: StructNode = { type: 'Document', page: -1, kids: sects.map((node) => ({ kind: 'node', node })) };
  const live = liveness();
  const root = writer.reserve();
  const refs = new Map<StructNode, PdfRef>();
  const allocate = (node: StructNode) => {
    refs.set(node, writer.reserve());
    for (const kid of node.kids) if (kid.kind === 'node' && live(kid.node)) allocate(kid.node);
  };
  allocate(documentNode);
  writeElement(writer, documentNode, root, refs, live, pageList);

  const nums: unknown[] = [];
  owners.forEach((pageOwners, i) => {
    writer.setPageEntry(pageList[i] as PdfPage, 'StructParents', i);
    nums.push(i, pageOwners.map((node) => refs.get(node)));
  });
  linkOwners.forEach((node, j) => nums.push(owners.length + j, refs.get(node)));
  const parentTree = writer.object({ Nums: nums });
  // pdfkit writes the StructTreeRoot and MarkInfo dictionaries when the document ends, and gives every
  // page /Tabs /S once MarkInfo exists.
  writer.describe(root, { Type: 'StructTreeRoot', K: refs.get(documentNode), ParentTree: parentTree, ParentTreeNextKey: owners.length + linkOwners.length });
  writer.setCatalog('StructTreeRoot', root);
  writer.setCatalog('MarkInfo', writer.pending({ Marked: true }));
}
