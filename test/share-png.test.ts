import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { indexedPng, paletteOf } from '../src/render/share/png.js';

/** The RGBA pixels sharp reads back from a PNG. */
async function pixelsOf(png: Buffer): Promise<{ data: Buffer; width: number; height: number; palette: boolean }> {
  const meta = await sharp(png).metadata();
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, palette: meta.paletteBitDepth === 8 };
}

function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number, number]) {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 4);
  return { width, height, data };
}

describe('indexed PNG of flat artwork', () => {
  it('keeps every pixel of an image of at most 256 colours, transparency included', async () => {
    const art = image(40, 30, (x, y) => (x < 20 ? [251, 250, 247, 255] : y < 10 ? [179, 38, 30, 255] : [17, 17, 17, (x * 7) % 256]));
    const back = await pixelsOf(indexedPng(art));
    expect([back.width, back.height, back.palette]).toEqual([40, 30, true]);
    expect(back.data.equals(art.data)).toBe(true);
  });

  it('draws an image of more colours within a level or two of each pixel', async () => {
    // ink blended into the ground at 600 strengths: anti-aliased edges of text
    const art = image(600, 4, (x, y) => {
      const t = x / 599;
      const ink = y < 2 ? [179, 38, 30] : [17, 17, 17];
      return [...[251, 250, 247].map((g, i) => Math.round(g + t * (ink[i]! - g))), 255] as [number, number, number, number];
    });
    const back = await pixelsOf(indexedPng(art));
    let worst = 0;
    for (let i = 0; i < art.data.length; i++) worst = Math.max(worst, Math.abs(art.data[i]! - back.data[i]!));
    expect(back.palette).toBe(true);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('chooses at most the number of colours asked for, the most frequent first', () => {
    const colours = Array.from({ length: 1000 }, (_, i) => i * 4099);
    const palette = paletteOf(colours, 16);
    expect(palette.length).toBeLessThanOrEqual(16);
    expect(palette[0]).toBe(colours[0]);
    expect(paletteOf(colours.slice(0, 10), 16)).toEqual(colours.slice(0, 10));
  });
});
