/**
 * Items set for a format and a mode: the edition's context on another format of its template, the
 * items made ready for an article area of a depth, and set as on a short page or back.
 */
import type { Ctx } from './context.js';
import { makeGrid } from './grid.js';
import { headlineRole } from './headline-size.js';
import { useMode } from './items.js';
import type { Item } from './module-types.js';
import { widenedPhotos } from './pieces.js';
import type { Template } from '../template/schema.js';

/** The edition's context on another format of its template (same fonts, caches and diagnostics). */
export function formatCtx(base: Ctx, t: Template): Ctx {
  return { ...base, t, g: makeGrid(t), roomy: false };
}

/** Items made ready for an article area of R grid lines in ctx: headline roles for that depth, the tables of that mode. */
export function prepareItems(ctx: Ctx, items: Item[], R: number): void {
  for (const it of items) {
    if (it.kind === 'article') {
      const continued = it.article.jumps.some((j) => j.direction === 'in');
      it.headRole = headlineRole(it.lead && !continued, it.bodyRows, R);
    }
    useMode(ctx, it);
  }
}

/** Sets the items as on a short page (ctx.roomy: larger lead headline, wider photos); returns their pieces as they were. */
export function roomyItems(ctx: Ctx, items: Item[]): Item['pieces'][] {
  ctx.roomy = true;
  const narrow = items.map((it) => it.pieces);
  for (const it of items) {
    it.pieces = widenedPhotos(ctx, it.pieces);
    useMode(ctx, it);
  }
  return narrow;
}

/** Sets the items back as on a full page, with the pieces roomyItems returned. */
export function narrowItems(ctx: Ctx, items: Item[], narrow: Item['pieces'][]): void {
  ctx.roomy = false;
  items.forEach((it, i) => {
    it.pieces = narrow[i]!;
    useMode(ctx, it);
  });
}
