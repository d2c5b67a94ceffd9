/** Share cards: Open Graph / Twitter tags, and 1200×630 preview images whose headline glyphs are drawn. */
import { describe, expect, test } from 'vitest';
import sharp from 'sharp';
import { shareImage, shareSvg, shareTags, SHARE_HEIGHT, SHARE_WIDTH } from '../src/render/share/index.js';

/** Share of dark pixels in a horizontal band of a PNG. */
async function darkShare(png: Buffer, top: number, height: number): Promise<number> {
  const { data, info } = await sharp(png).extract({ left: 0, top, width: SHARE_WIDTH, height }).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (let i = 0; i < data.length; i += info.channels) if ((data[i] as number) < 100) dark++;
  return dark / (data.length / info.channels);
}

describe('share', () => {
  test('the preview image is a 1200×630 PNG with the headline drawn in the project fonts', async () => {
    const card = { paper: '株洲日报', title: '兩會專訪丨曹慧泉:大力培育制造名城,加快建設幸福株洲', meta: '第1版 · 2023年2月1日' };
    const png = await shareImage(card);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', SHARE_WIDTH, SHARE_HEIGHT]);
    const withTitle = await darkShare(png, 180, 260);
    const without = await darkShare(await shareImage({ ...card, title: '' }), 180, 260);
    expect(without).toBe(0);
    expect(withTitle).toBeGreaterThan(0.05);
    // Every visible character became a glyph outline: no <text> left for a renderer without CJK fonts.
    const svg = shareSvg(card);
    expect(svg).not.toContain('<text');
    expect((svg.match(/<path /g) ?? []).length).toBe([...`${card.paper}${card.title}${card.meta}`.replace(/\s/g, '')].length);
  });

  test('long headlines wrap onto at most three lines, closing punctuation never starts one', () => {
    const svg = shareSvg({ paper: '报', title: '一'.repeat(14) + '，' + '二'.repeat(200), meta: '' });
    const ys = new Set([...svg.matchAll(/translate\([\d.]+ ([\d.]+)\)/g)].map((m) => m[1]));
    expect(ys.size).toBeLessThanOrEqual(1 + 3);
  });

  test('the tags carry title, description, absolute URL and image', () => {
    const tags = shareTags({ title: '标题 "甲"', description: '摘要<b>', url: 'https://x.test/e/1/1/p1-a1/read', image: 'https://x.test/e/1/share/1/p1-a1.png', siteName: '株洲日报', type: 'article', lang: 'zh-Hant', date: '2023-02-01' });
    expect(tags).toContain('<meta property="og:title" content="标题 &quot;甲&quot;">');
    expect(tags).toContain('<meta name="description" content="摘要&lt;b>">');
    expect(tags).toContain('<meta property="og:image" content="https://x.test/e/1/share/1/p1-a1.png">');
    expect(tags).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(tags).toContain('<meta property="og:locale" content="zh_TW">');
    expect(tags).toContain('<meta property="article:published_time" content="2023-02-01">');
  });
});
