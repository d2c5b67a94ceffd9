/**
 * Cross-page links, decided once: jumps printed in the source, and every jump and teaser line resolved
 * against the frames of the edition.
 */
import type { Article, Edition, Jump, Link } from '../../model/schema.js';
import type { FrameLink, FramePage } from '../types.js';
import type { Ctx, LinkInfo } from './context.js';

/** The link of a jump printed in the source, from the edition's links when the parser resolved it. */
export function sourceJumpLink(ctx: Ctx, art: Article, j: Jump): LinkInfo {
  const markOk = (l: Link) => l.mark == null || j.mark == null || l.mark === j.mark;
  if (j.direction === 'out') {
    const l = ctx.links.find((x) => x.kind === 'jump' && x.from.article === art.id && markOk(x));
    return l ? { kind: 'jump', page: l.to.page ?? j.page, article: l.to.article, resolved: l.resolved } : { kind: 'jump', page: j.page, article: null, resolved: false };
  }
  const l = ctx.links.find((x) => x.kind === 'jump' && x.to.article === art.id && markOk(x));
  return l
    ? { kind: 'jump', page: l.from.page ?? j.page, article: l.from.article, resolved: l.resolved }
    : { kind: 'jump', page: j.page, article: art.continues, resolved: art.continues != null };
}

/** Articles with a part (a box) on each page of the frames, by page number. */
export function partsByPage(frames: FramePage[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const fp of frames) {
    const ids = out.get(fp.number) ?? new Set<string>();
    for (const b of fp.boxes) if (b.article) ids.add(b.article);
    out.set(fp.number, ids);
  }
  return out;
}

/** Resolves the link of every jump and teaser line of the frames (see linkTarget). */
export function resolveLinks(frames: FramePage[], ed: Edition): void {
  const parts = partsByPage(frames);
  frames.forEach((fp, i) => {
    const from = ed.pages[i]?.number ?? fp.number;
    for (const box of fp.boxes) {
      for (const line of box.lines) if (line.link) line.link = linkTarget(line.link, { page: from, article: box.article }, ed.links, parts);
    }
  });
}

/**
 * Where a jump or teaser line leads, the one place a link's target is decided: a jump leaving an
 * article for a page goes to the article the edition's links name for it there; the link is resolved
 * when the target page is in the frames and the target article, when named, has a part on it.
 */
export function linkTarget(
  link: FrameLink,
  from: { page: number; article: string | null },
  links: Link[],
  parts: Map<number, Set<string>>,
): FrameLink {
  const out: FrameLink = { ...link };
  if (out.kind === 'jump' && out.page != null) {
    const found = links.find((l) => l.kind === 'jump' && l.from.page === from.page && l.from.article === from.article && l.to.page === out.page);
    if (found) {
      out.article = found.to.article;
      out.resolved = found.resolved;
    }
  }
  const there = out.page == null ? undefined : parts.get(out.page);
  out.resolved = out.resolved && there !== undefined && (out.article == null || there.has(out.article));
  return out;
}
