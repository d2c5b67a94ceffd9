import { describe, expect, it } from 'vitest';
import { isSpace } from '../src/layout/compose/report.js';

describe('missing-glyph report', () => {
  it('treats as white space exactly the code points /\\s/u matches', () => {
    const differ: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (isSpace(cp) !== /\s/u.test(String.fromCodePoint(cp))) differ.push(cp);
    }
    expect(differ).toEqual([]);
  });
});
