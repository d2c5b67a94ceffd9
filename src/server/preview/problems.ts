/**
 * Diagnostics placed on the laid-out pages, for the editor preview: each one is tied to the article it
 * concerns (its `article` field, or found from its file and line through the source positions of the
 * articles and their blocks) and to that article's boxes on the frame pages; a diagnostic of a whole
 * page (its `page` field with no article: an under-filled page) gets the whole page, a dangling teaser
 * the teaser boxes of its file, and lines above the first article the page's header boxes.
 */
import type { Diagnostic } from '../../model/schema.js';
import type { BoxKind, FramePage } from '../../layout/types.js';
import type { Problem, ProblemRect } from '../../viewer/protocol.js';
import type { EditionWithLayout } from '../types.js';

export type { Problem, ProblemRect } from '../../viewer/protocol.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
/** Boxes above the articles of a page. */
const HEADER_KINDS: ReadonlySet<BoxKind> = new Set(['masthead', 'folio', 'banner', 'teasers']);

const round = (n: number) => Math.round(n * 10) / 10;

function rectOf(page: number, b: { x: number; y: number; width: number; height: number }): ProblemRect {
  return { page, x: round(b.x), y: round(b.y), w: round(b.width), h: round(b.height) };
}

/** Errors first, then warnings, then notes; within each by file, line and column. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0)
  );
}

export function placeProblems(edition: EditionWithLayout | null, diagnostics: Diagnostic[]): Problem[] {
  const frames = edition?.layout.pages ?? [];
  const pages = edition?.pages ?? [];
  const at = new Map(frames.map((fp, i) => [fp, i + 1]));

  // Frame pages drawn from each source file, in order.
  const framesOfFile = new Map<string, FramePage[]>();
  frames.forEach((fp, i) => {
    const file = pages[i]?.source.file;
    if (file === undefined) return;
    const list = framesOfFile.get(file);
    if (list) list.push(fp);
    else framesOfFile.set(file, [fp]);
  });

  // Each article's boxes, over every page it is set on.
  const boxesOf = new Map<string, ProblemRect[]>();
  for (const fp of frames) {
    for (const b of fp.boxes) {
      if (!b.article || b.kind === 'rule' || !(b.width > 0 && b.height > 0)) continue;
      const list = boxesOf.get(b.article);
      if (list) list.push(rectOf(at.get(fp)!, b));
      else boxesOf.set(b.article, [rectOf(at.get(fp)!, b)]);
    }
  }

  // Where each article starts in its file: the first line of the article or of any of its blocks.
  const startsOfFile = new Map<string, { id: string; line: number }[]>();
  const known = new Set<string>();
  for (const p of pages) {
    for (const a of p.articles) {
      if (known.has(a.id)) continue;
      known.add(a.id);
      const lines = [a.source?.line, ...a.body.map((b) => b.source?.line)].filter((n): n is number => typeof n === 'number');
      if (lines.length === 0) continue;
      const list = startsOfFile.get(p.source.file) ?? [];
      list.push({ id: a.id, line: Math.min(...lines) });
      startsOfFile.set(p.source.file, list);
    }
  }
  for (const list of startsOfFile.values()) list.sort((a, b) => a.line - b.line);

  const kindOn = (fps: FramePage[], kinds: ReadonlySet<BoxKind>): ProblemRect[] =>
    fps.flatMap((fp) => fp.boxes.filter((b) => kinds.has(b.kind) && b.width > 0 && b.height > 0).map((b) => rectOf(at.get(fp)!, b)));

  return [...diagnostics].sort(compareDiagnostics).map((d, id) => {
    const fileFrames = framesOfFile.get(d.file) ?? [];
    let article: string | null = null;
    let rects: ProblemRect[] = [];
    if (d.article && known.has(d.article)) article = d.article;
    else if (d.line != null) {
      const starts = startsOfFile.get(d.file) ?? [];
      const before = starts.filter((s) => s.line <= d.line!);
      if (before.length > 0) article = before[before.length - 1]!.id;
      else if (fileFrames[0]) rects = kindOn([fileFrames[0]], HEADER_KINDS);
    } else if (d.rule === 'dangling-teaser') {
      rects = kindOn(fileFrames, new Set<BoxKind>(['teasers']));
    } else if (d.page != null) {
      const fp = fileFrames.find((f) => f.number === d.page) ?? frames.find((f) => f.number === d.page);
      if (fp) rects = [{ page: at.get(fp)!, x: 0, y: 0, w: round(fp.width), h: round(fp.height), whole: true }];
    }
    if (article) rects = boxesOf.get(article) ?? [];
    const page = rects[0]?.page ?? (fileFrames[0] ? at.get(fileFrames[0])! : null);
    return { ...d, id, article, page, rects };
  });
}
