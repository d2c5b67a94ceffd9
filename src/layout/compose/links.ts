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
    const code = j.code ? { code: j.code } : {};
    return l ? { kind: 'jump', page: l.to.page ?? j.page, ...code, article: l.to.article, resolved: l.resolved } : { kind: 'jump', page: j.page, ...code, article: null, resolved: false };
  }
  const l = ctx.links.find((x) => x.kind === 'jump' && x.to.article === art.id && markOk(x));
  const code = j.code ? { code: j.code } : {};
  return l
    ? { kind: 'jump', page: l.from.page ?? j.page, ...code, article: l.from.article, resolved: l.resolved }
    : { kind: 'jump', page: j.page, ...code, article: art.continues, resolved: art.continues != null };
}

/** A page of the frames as links see it: its identity, printed number and the articles with a part on it. */
export interface LinkPage {
  code: string;
  number: number;
  articles: Set<string>;
}

/** The pages of the frames with the articles that have a part (a box) on each. */
export function partsByPage(frames: FramePage[]): LinkPage[] {
  return frames.map((fp) => {
    const articles = new Set<string>();
    for (const b of fp.boxes) if (b.article) articles.add(b.article);
    return { code: fp.code, number: fp.number, articles };
  });
}

/** Resolves the link of every jump and teaser line of the frames (see linkTarget). */
export function resolveLinks(frames: FramePage[], ed: Edition): void {
  const pages = partsByPage(frames);
  frames.forEach((fp, i) => {
    const from = { page: ed.pages[i]?.number ?? fp.number, code: fp.code };
    for (const box of fp.boxes) {
      for (const line of box.lines) if (line.link) line.link = linkTarget(line.link, { ...from, article: box.article }, ed.links, pages);
    }
  });
}

const sectionOf = (code: string) => /^[A-Za-z]*/.exec(code)![0].toUpperCase();

/**
 * The page a reference leads to: the page with the printed code it names, else the pages with its
 * number; among several, the one holding its article, then the one in the section it is printed in.
 */
function targetPage(link: FrameLink, from: { code: string }, pages: LinkPage[]): LinkPage | undefined {
  const named = link.code;
  let found = named ? pages.filter((p) => p.code === named) : link.page != null ? pages.filter((p) => p.number === link.page) : [];
  const holding = link.article == null ? [] : found.filter((p) => p.articles.has(link.article!));
  if (holding.length > 0) found = holding;
  return found.find((p) => sectionOf(p.code) === sectionOf(from.code)) ?? found[0];
}

/**
 * Where a jump or teaser line leads, the one place a link's target is decided: a jump leaving an
 * article for a page goes to the article the edition's links name for it there; the link names the
 * target page by its code and is resolved when that page is in the frames and the target article,
 * when named, has a part on it.
 */
export function linkTarget(
  link: FrameLink,
  from: { page: number; code: string; article: string | null },
  links: Link[],
  pages: LinkPage[],
): FrameLink {
  const out: FrameLink = { ...link };
  if (out.kind === 'jump' && out.page != null) {
    const found = links.find((l) => l.kind === 'jump' && l.from.page === from.page && l.from.article === from.article && l.to.page === out.page);
    if (found) {
      out.article = found.to.article;
      out.resolved = found.resolved;
    }
  }
  const there = targetPage(out, from, pages);
  out.code = there?.code ?? out.code ?? (out.page != null ? String(out.page).padStart(2, '0') : null);
  out.resolved = out.resolved && there !== undefined && (out.article == null || there.articles.has(out.article));
  return out;
}
