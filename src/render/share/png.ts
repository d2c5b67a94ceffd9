/**
 * Indexed-colour PNG files from RGBA pixels of flat artwork (a share card: a few inks on a plain
 * ground, with their anti-aliased edges). The palette is every colour of the image when there are at
 * most 256; else colours taken most frequent first, each one only when no colour taken lies within a
 * distance, the smallest distance that leaves at most 256 — every other colour is drawn with the
 * nearest colour taken, so no pixel is off by more than that distance. No dithering: a card costs
 * milliseconds where a general quantiser costs a tenth of a second.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height pixels, four bytes each (red, green, blue, alpha). */
  data: Buffer;
}

const MAX_COLOURS = 256;

/** Colours of the image by how many pixels have them, most frequent first. */
function coloursByCount(pixels: Int32Array): number[] {
  const counts = new Map<number, number>();
  let last = -1;
  let run = 0;
  for (let i = 0; i < pixels.length; i++) {
    const c = pixels[i] as number;
    if (c === last) {
      run++;
      continue;
    }
    if (run > 0) counts.set(last, (counts.get(last) ?? 0) + run);
    last = c;
    run = 1;
  }
  if (run > 0) counts.set(last, (counts.get(last) ?? 0) + run);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
}

/** Squared distance of two colours (RGBA). */
function distance(x: number, y: number): number {
  const r = (x & 0xff) - (y & 0xff);
  const g = ((x >>> 8) & 0xff) - ((y >>> 8) & 0xff);
  const b = ((x >>> 16) & 0xff) - ((y >>> 16) & 0xff);
  const a = (x >>> 24) - (y >>> 24);
  return r * r + g * g + b * b + a * a;
}

/** Colours in order, each one taken unless a colour taken lies within `within` (squared); null past `max`. */
function spreadColours(colours: number[], within: number, max: number): number[] | null {
  const taken: number[] = [];
  for (const c of colours) {
    if (taken.some((t) => distance(c, t) <= within)) continue;
    if (taken.length === max) return null;
    taken.push(c);
  }
  return taken;
}

/** At most `max` colours standing for all of them (most frequent first), as close to them as that allows. */
export function paletteOf(colours: number[], max = MAX_COLOURS): number[] {
  if (colours.length <= max) return colours;
  let low = 0; // too many colours within this
  let high = 4 * 255 ** 2; // one colour is within this of every other
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (spreadColours(colours, mid, max)) high = mid;
    else low = mid;
  }
  return spreadColours(colours, high, max) as number[];
}

/** The bytes of a colour held as a little-endian uint32 of R, G, B, A. */
const channels = (c: number) => [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24] as const;

function nearest(colour: number, palette: number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach((p, i) => {
    const d = distance(colour, p);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The image as an 8-bit indexed PNG. */
export function indexedPng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error(`indexedPng: ${data.length} bytes for ${width}×${height} RGBA pixels`);
  // Colours as signed 32-bit numbers (R, G, B, A little-endian), which the engine keeps unboxed.
  const pixels = new Int32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  const palette = paletteOf(coloursByCount(pixels));
  const index = new Map(palette.map((c, i) => [c, i]));
  const rows = Buffer.alloc(height * (width + 1));
  let last = 0;
  let lastIndex = -1;
  for (let y = 0; y < height; y++) {
    // each row: filter type 0 (none), then one palette index a pixel
    for (let x = 0, at = y * (width + 1) + 1, p = y * width; x < width; x++, at++, p++) {
      const c = pixels[p] as number;
      if (c !== last || lastIndex < 0) {
        let i = index.get(c);
        if (i === undefined) index.set(c, (i = nearest(c, palette)));
        last = c;
        lastIndex = i;
      }
      rows[at] = lastIndex;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // indexed colour
  const plte = Buffer.from(palette.flatMap((c) => channels(c).slice(0, 3)));
  const alpha = palette.map((c) => (c >>> 24) & 0xff);
  let lastTranslucent = alpha.length - 1;
  while (lastTranslucent >= 0 && alpha[lastTranslucent] === 255) lastTranslucent--;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    ...(lastTranslucent >= 0 ? [chunk('tRNS', Buffer.from(alpha.slice(0, lastTranslucent + 1)))] : []),
    // level 9 takes twenty times as long on such rows for a tenth less
    chunk('IDAT', deflateSync(rows, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
