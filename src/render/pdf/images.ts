/** Photos for the PDF: each photo file resampled once to the size its box is drawn at. */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { FramePage } from '../../layout/types.js';
import { num } from './numbers.js';

/** A photo resampled to fit its box, ready to embed. */
export interface PreparedImage {
  data: Buffer;
}

export interface ImageOptions {
  /** Folder photo files are looked up in; null or absent draws placeholders for every photo. */
  imagesDir?: string | null;
  /** Resolution photos are resampled to, in pixels per inch (default 200); photos are never enlarged. */
  imageDpi?: number;
  /** Receives a message for each photo that could not be used and was drawn as a placeholder. */
  onWarning?: (message: string) => void;
}

const DEFAULT_DPI = 200;

/** sharp is loaded only when an image is actually read (it takes tens of ms to load). */
let sharpModule: typeof import('sharp') | null = null;
async function loadSharp(): Promise<typeof import('sharp')> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule;
}

/** The key of a photo file drawn at one size. */
export function imageKey(file: string, width: number, height: number): string {
  return `${file}\u0000${num(width)}x${num(height)}`;
}

/** Resolves a photo file inside imagesDir; null when absent or outside that folder. */
function resolveImage(imagesDir: string, file: string): string | null {
  const root = path.resolve(imagesDir);
  const full = path.resolve(root, file);
  const relative = path.relative(root, full);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/** Every photo file and size the pages draw, once each. */
function imageJobs(pages: FramePage[]): Map<string, { file: string; width: number; height: number }> {
  const jobs = new Map<string, { file: string; width: number; height: number }>();
  for (const page of pages) {
    for (const box of page.boxes) {
      const file = box.kind === 'photo' ? box.image?.file : null;
      if (!file || !(box.width > 0 && box.height > 0)) continue;
      const key = imageKey(file, box.width, box.height);
      if (!jobs.has(key)) jobs.set(key, { file, width: box.width, height: box.height });
    }
  }
  return jobs;
}

/** Resamples every photo to its box (cover, centred crop, never enlarged) as an sRGB JPEG. */
export async function prepareImages(pages: FramePage[], options: ImageOptions): Promise<Map<string, PreparedImage>> {
  const images = new Map<string, PreparedImage>();
  const imagesDir = options.imagesDir ?? null;
  if (!imagesDir) return images;
  const dpi = options.imageDpi && options.imageDpi > 0 ? options.imageDpi : DEFAULT_DPI;
  await Promise.all(
    [...imageJobs(pages)].map(async ([key, job]) => {
      const full = resolveImage(imagesDir, job.file);
      if (!full) {
        options.onWarning?.(`photo ${job.file}: not found in ${imagesDir}; drawing a placeholder.`);
        return;
      }
      try {
        images.set(key, { data: await fitImage(full, job.width, job.height, dpi) });
      } catch (error) {
        options.onWarning?.(`photo ${job.file}: cannot be read (${(error as Error).message}); drawing a placeholder.`);
      }
    }),
  );
  return images;
}

async function fitImage(file: string, width: number, height: number, dpi: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const meta = await sharp(file).metadata();
  const rotated = (meta.orientation ?? 1) >= 5;
  const sourceWidth = (rotated ? meta.height : meta.width) ?? 1;
  const sourceHeight = (rotated ? meta.width : meta.height) ?? 1;
  let targetWidth = Math.max(1, Math.round((width * dpi) / 72));
  let targetHeight = Math.max(1, Math.round((height * dpi) / 72));
  const enlargement = Math.max(targetWidth / sourceWidth, targetHeight / sourceHeight);
  if (enlargement > 1) {
    targetWidth = Math.max(1, Math.round(targetWidth / enlargement));
    targetHeight = Math.max(1, Math.round(targetHeight / enlargement));
  }
  return sharp(file)
    .rotate()
    .resize({ width: targetWidth, height: targetHeight, fit: 'cover', position: 'centre' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 82 })
    .toBuffer();
}
