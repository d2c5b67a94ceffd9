/**
 * What a server makes from an edition when a browser asks for it: the HTML fragment of a page, its
 * WebP thumbnail (kept in the edition's cache folder when there is one) and its photos as WebP. What is
 * made is kept in memory in caches bounded by bytes, least recently used first out, so no sequence of
 * requests can make the server grow without limit.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import sharp from 'sharp';
import { renderPageHtml } from '../render/html/index.js';
import { webFamily } from '../render/fonts-web.js';
import { renderThumbnail } from '../render/image/index.js';
import { IMAGE_EXT } from '../pipeline/sources.js';
import { fileInside } from './files.js';
import { framePage, imageHref, pageOfCode, readHref, viewerHref } from './labels.js';
import { writeAtomic } from './site.js';
import type { SiteEdition } from './types.js';

/** Width in pixels of the stored thumbnails (shown at half that size on 2x screens). */
export const THUMB_WIDTH = 240;
/** Widest photo sent to browsers, in pixels. */
const IMAGE_MAX_WIDTH = 1600;

/** Byte limits of the in-memory caches. */
export interface CacheLimits {
  html?: number;
  thumbs?: number;
  images?: number;
}

const MB = 1024 * 1024;

/**
 * Values being made or made, least recently used out first, bounded by bytes: a value still being made
 * counts 1 KB, a made one its length; one that failed is forgotten.
 */
class MadeCache<V extends Buffer | null> {
  private readonly sizes = new WeakMap<Promise<V>, number>();
  private readonly cache: LRUCache<string, Promise<V>>;

  constructor(maxSize: number) {
    this.cache = new LRUCache<string, Promise<V>>({ maxSize, sizeCalculation: (p) => this.sizes.get(p) ?? 1024 });
  }

  get size(): number {
    return this.cache.calculatedSize;
  }

  get(key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const made = make();
    this.cache.set(key, made);
    made.then(
      (v) => {
        if (this.cache.peek(key) !== made) return;
        this.sizes.set(made, Math.max(64, key.length + (v?.length ?? 0)));
        this.cache.set(key, made);
      },
      () => {
        if (this.cache.peek(key) === made) this.cache.delete(key);
      },
    );
    return made;
  }
}

function familyOf(e: SiteEdition, role: string): string {
  return e.faces.find((f) => f.role === role)?.family ?? webFamily(role);
}

/** The page fragments, thumbnails and photos of the editions of one server. */
export class PageFiles {
  private readonly html: LRUCache<string, string>;
  private readonly thumbs: MadeCache<Buffer>;
  private readonly images: MadeCache<Buffer | null>;

  constructor(limits: CacheLimits = {}) {
    this.html = new LRUCache<string, string>({ maxSize: limits.html ?? 64 * MB, sizeCalculation: (v, k) => v.length * 2 + k.length });
    this.thumbs = new MadeCache<Buffer>(limits.thumbs ?? 32 * MB);
    this.images = new MadeCache<Buffer | null>(limits.images ?? 64 * MB);
  }

  /** Bytes held by each cache. */
  sizes(): { html: number; thumbs: number; images: number } {
    return { html: this.html.calculatedSize, thumbs: this.thumbs.size, images: this.images.size };
  }

  /** The HTML fragment of frame page n; undefined when there is no such page. */
  pageHtml(e: SiteEdition, n: number): string | undefined {
    const page = framePage(e, n);
    if (!page) return undefined;
    const key = `${e.id}\0${e.rev ?? ''}\0${n}`;
    const cached = this.html.get(key);
    if (cached !== undefined) return cached;
    const html = renderPageHtml(page, {
      edition: e.edition,
      fontFamily: (role: string) => familyOf(e, role),
      fonts: e.fonts,
      pageHref: (code: string, article?: string | null) => viewerHref(e, pageOfCode(e, code) ?? 1, article),
      articleHref: (code: string, article: string) => readHref(e, pageOfCode(e, code) ?? n, article),
      ...(e.imageRev ? { imageHref: (file: string) => imageHref(e, file) } : {}),
    });
    this.html.set(key, html);
    return html;
  }

  /** The WebP thumbnail of frame page n (kept in the cache folder when there is one); undefined when no such page. */
  pageThumb(e: SiteEdition, n: number): Promise<Buffer> | undefined {
    const page = framePage(e, n);
    if (!page) return undefined;
    const file = e.cacheDir ? join(e.cacheDir, `thumb-${n}-${THUMB_WIDTH}.webp`) : null;
    return this.thumbs.get(`${e.id}\0${e.rev ?? ''}\0${n}`, async () => {
      if (file && existsSync(file)) return readFileSync(file);
      const data = await renderThumbnail(page, { width: THUMB_WIDTH, fonts: e.fonts });
      if (file && e.cacheDir) {
        mkdirSync(e.cacheDir, { recursive: true });
        writeAtomic(file, data);
      }
      return data;
    });
  }

  /**
   * A photo of the edition as WebP, at most IMAGE_MAX_WIDTH wide; null when the edition has no such
   * image, it cannot be read, or it is a link to a file outside the images folder.
   */
  pageImage(e: SiteEdition, name: string): Promise<Buffer | null> {
    const dir = e.imagesDir;
    const file = dir && !/[/\\]/.test(name) && IMAGE_EXT.test(name) ? fileInside(dir, name) : null;
    if (!file) return Promise.resolve(null);
    return this.images.get(`${e.id}\0${e.imageRev ?? ''}\0${name}`, () =>
      sharp(file)
        .rotate()
        .resize({ width: IMAGE_MAX_WIDTH, withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer()
        .catch(() => null),
    );
  }
}
