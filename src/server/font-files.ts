/**
 * Web fonts of served editions as files: each one made when first asked for (never while a server
 * starts) and kept under its content-hashed name in a fonts folder, so a later start, and editions
 * with the same subset, use the same file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { subsetFile, type WebFontListing } from '../render/fonts-web.js';
import type { SiteFace } from './types.js';

/**
 * A web font made when first asked for (never while a server starts), kept in `fontsDir` under its
 * content-hashed name (so editions with the same subset share one file) and in memory.
 */
export function lazyFace(listing: WebFontListing, fontFile: string, fontsDir: string | null): SiteFace {
  let made: Promise<Buffer> | null = null;
  const make = () =>
    (made ??= (async () => {
      const cached = fontsDir ? join(fontsDir, listing.file) : null;
      if (cached && existsSync(cached)) return readFileSync(cached);
      const data = await subsetFile(fontFile, listing.text, { cache: false });
      if (cached) {
        mkdirSync(fontsDir!, { recursive: true });
        const tmp = `${cached}.tmp-${process.pid}`;
        writeFileSync(tmp, data);
        renameSync(tmp, cached);
      }
      return data;
    })().catch((error) => {
      made = null;
      throw error;
    }));
  return { ...listing, make };
}
