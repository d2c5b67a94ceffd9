/**
 * A paragraph set from the buffers kept for its text (and a paragraph set again with the same options)
 * gives exactly the lines a fresh setting gives.
 */
import { describe, expect, test, vi } from 'vitest';
import type { SetLine } from '../src/layout/text/lines.js';

const metrics = { advance: (cp: number) => (cp < 0x80 ? 0.5 : 1) };
const texts = [
  '新华社北京1月5日电（记者 王静）今年以来，我国经济运行总体平稳，CPI同比上涨2.1%，“稳中求进”仍是主基调。',
  '“你好！”他说——这是第一次；ISSN 1234-5678，CN 43-0005。',
  'The quick brown fox jumps over the lazy dog, 和中文混排的一段文字。',
];
const widths = [90, 123.4, 200, 61];

/** Every text at every width, in an order that sets each text again after others. */
async function setAll(fresh: boolean): Promise<SetLine[][]> {
  if (fresh) vi.resetModules();
  const { setParagraph } = await import('../src/layout/text/paragraph.js');
  const out: SetLine[][] = [];
  for (const width of widths) {
    for (const [i, text] of texts.entries()) {
      const opts = { metrics, size: 9, width, indent: i === 0 ? 2 : 0, words: i === 2 };
      if (fresh) vi.resetModules();
      const set = fresh ? (await import('../src/layout/text/paragraph.js')).setParagraph : setParagraph;
      out.push(set(text, opts));
    }
  }
  return out;
}

describe('kept paragraph buffers', () => {
  test('setting texts again at other measures equals setting each one fresh', async () => {
    const kept = await setAll(false);
    const again = await setAll(false);
    const fresh = await setAll(true);
    expect(kept).toEqual(fresh);
    expect(again).toEqual(fresh);
    expect(new Set(kept.map((lines) => lines.length)).size).toBeGreaterThan(1);
  });

  test('the lines handed out are a new array each time', async () => {
    const { setParagraph } = await import('../src/layout/text/paragraph.js');
    const a = setParagraph(texts[0]!, { metrics, size: 9, width: 90 });
    a.pop();
    expect(setParagraph(texts[0]!, { metrics, size: 9, width: 90 }).length).toBe(a.length + 1);
  });
});
