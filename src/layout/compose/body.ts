/**
 * Body pieces: an article's blocks set into the lines and blocks that flow through a module's columns,
 * one handler per block type (paragraph and quote, subhead, callout, list, photo in the flow), with the
 * typesetting diagnostics of each paragraph.
 */
import type { Article, Block } from '../../model/schema.js';
import { isOrphanLine, kinsokuViolations, type SetLine } from '../text/index.js';
import { blockBaseline, partOf, setText, spec, type Ctx } from './context.js';
import { blockPiece, figOf, flowPhoto, leadingPhotos, linePiece, type Piece } from './pieces.js';

/** Where the pieces of an article go and what its diagnostics name. */
interface BodyCtx {
  ctx: Ctx;
  art: Article;
  file: string;
  page: number;
  out: Piece[];
}

type Handler = (bc: BodyCtx, b: Block, bi: number) => void;

/** Kinsoku, loose-line and orphan diagnostics of a paragraph (or list item) as set. */
function paragraphDiagnostics(bc: BodyCtx, b: Block, lines: SetLine[]): void {
  const { ctx, art, file, page } = bc;
  const where = b.source ?? art.source;
  const kin = kinsokuViolations(lines.map((l) => l.text));
  const loose = lines.filter((l) => l.loose && !l.last).length;
  const last = lines[lines.length - 1];
  const diag = (severity: 'warning' | 'info', rule: string, message: string) =>
    ctx.diagnostics.push({ file, line: where?.line ?? null, column: where?.column ?? null, severity, rule, message, page, article: art.id });
  if (kin > 0) diag('warning', 'kinsoku', `article ${art.id}: ${kin} line(s) start or end with a character 禁则 forbids there`);
  if (loose > 0) diag('info', 'loose-line', `article ${art.id}: ${loose} justified line(s) spaced wider than allowed`);
  if (lines.length >= 2 && last && isOrphanLine(last.text))
    diag('warning', 'orphan', `article ${art.id}: paragraph ends with a single character on its last line (孤字)`);
}

/** A paragraph or quote: one piece per line; long justified paragraphs may later be set one line longer. */
const paragraph: Handler = (bc, b, bi) => {
  const { ctx, out } = bc;
  const { g } = ctx;
  const W = g.colW;
  const role = b.type === 'quote' ? 'quote' : 'body';
  const inset = b.type === 'quote' ? ctx.t.styles.quote.size : 0;
  const lines = setText(ctx, b.text, role, W - 2 * inset);
  paragraphDiagnostics(bc, b, lines);
  lines.forEach((l, i) => {
    const s = spec(ctx, l, role, role, W - 2 * inset, inset, g.baseOff, { part: partOf(bi, i) });
    out.push(linePiece(s, l, i, lines.length, ctx.t.styles[role].align === 'justify'));
  });
  if (lines.length >= 3 && ctx.t.styles[role].align === 'justify') {
    const lastChars = [...lines[lines.length - 1]!.text].length;
    out[out.length - lines.length]!.para = { text: b.text ?? '', block: bi, role, inset, n: lines.length, lastChars };
  }
};

/** A subhead: a blank line above it (dropped at a column's top), kept with the text after it. */
const subhead: Handler = (bc, b, bi) => {
  const { ctx, out } = bc;
  const { g } = ctx;
  const W = g.colW;
  const st = ctx.t.styles.subhead;
  const lines = setText(ctx, b.text, 'subhead', W, { align: 'start' });
  if (lines.length === 0) return;
  if (out.length > 0) out.push({ ...blockPiece(1, [], false), spacer: true });
  if (st.leading <= g.B + 0.01) {
    const specs = lines.map((l, i) => spec(ctx, l, 'subhead', 'subhead', W, 0, i * g.B + g.baseOff, { part: partOf(bi, i) }));
    out.push({ ...blockPiece(lines.length, specs, true), flex: 1 });
  } else {
    const rows = Math.ceil((lines.length * st.leading) / g.B - 1e-6);
    const top = (rows * g.B - lines.length * st.leading) / 2;
    const specs = lines.map((l, i) =>
      spec(ctx, l, 'subhead', 'subhead', W, 0, top + blockBaseline(i, st.leading, st.size), { part: partOf(bi, i) }),
    );
    out.push({ ...blockPiece(rows, specs, true), flex: 1 });
  }
};

/** A callout (pull quote): centred lines, a block of its own when short, else a piece per line. */
const callout: Handler = (bc, b, bi) => {
  const { ctx, out } = bc;
  const { g } = ctx;
  const W = g.colW;
  const st = ctx.t.styles.callout;
  const inset = ctx.t.styles.body.size;
  const lines = setText(ctx, b.text, 'callout', W - 2 * inset, { align: 'start' });
  if (lines.length === 0) return;
  const perLine = Math.ceil(st.leading / g.B - 1e-6);
  if (lines.length <= 3) {
    // One block with half a grid line of space above and below, lines centred.
    const rows = Math.ceil((lines.length * st.leading + g.B) / g.B - 1e-6);
    const top = (rows * g.B - lines.length * st.leading) / 2;
    const specs = lines.map((l, i) =>
      spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, top + blockBaseline(i, st.leading, st.size), { align: 'center', part: partOf(bi, i) }),
    );
    out.push({ ...blockPiece(rows, specs, false), flex: 1 });
  } else {
    lines.forEach((l, i) => {
      const dy = (perLine * g.B - st.leading) / 2 + blockBaseline(0, st.leading, st.size);
      const s = spec(ctx, l, 'callout', 'callout', W - 2 * inset, inset, dy, { align: 'center', part: partOf(bi, i) });
      out.push(blockPiece(perLine, [s], false));
    });
  }
};

/** A list: each item's marker in a hanging indent, its text set beside it. */
const list: Handler = (bc, b, bi) => {
  const { ctx, out } = bc;
  const { g } = ctx;
  const W = g.colW;
  const st = ctx.t.styles.list;
  const items = b.items ?? [];
  items.forEach((item, j) => {
    const marker = b.ordered ? `${j + 1}.` : '●';
    const mLine = setText(ctx, marker, 'list', W, { align: 'start', indent: 0 })[0];
    const hang = Math.max(2 * st.size, (mLine?.width ?? st.size) + 0.5 * st.size);
    const lines = setText(ctx, item, 'list', W - hang, { indent: 0 });
    paragraphDiagnostics(bc, b, lines);
    lines.forEach((l, i) => {
      // The marker line starts the item; the item's text follows it.
      const s = spec(ctx, l, 'list', 'list', W - hang, hang, g.baseOff, { part: partOf(bi, mLine ? i + 1 : i, j) });
      const extra = i === 0 && mLine ? [spec(ctx, mLine, 'list', 'list', hang, 0, g.baseOff, { align: 'start', part: partOf(bi, 0, j) })] : [];
      out.push(linePiece(s, l, i, lines.length, st.align === 'justify', extra));
    });
  });
};

/** A photo after the text has begun: it stands in the flow where the text reaches it. */
const photo: Handler = (bc, b, bi) => {
  // Photos opening the body go across the module's top (see leadingPhotos).
  if (bi < leadingPhotos(bc.art).length) return;
  bc.out.push(flowPhoto(bc.ctx, b, figOf(bc.art, bi), 1));
};

const HANDLERS: Record<Block['type'], Handler> = { paragraph, quote: paragraph, subhead, callout, list, photo };

/** The pieces of an article's body, in reading order. */
export function bodyPieces(ctx: Ctx, art: Article, file: string, page: number): Piece[] {
  const bc: BodyCtx = { ctx, art, file, page, out: [] };
  art.body.forEach((b, bi) => HANDLERS[b.type](bc, b, bi));
  return bc.out;
}
