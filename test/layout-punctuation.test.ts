/** Half-width marks in Chinese context are set full width; the model keeps the source text. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEdition } from '../src/parse/index.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts.js';
import { loadTemplate } from '../src/layout/template.js';
import { fullWidthPunctuation } from '../src/layout/text.js';

describe('fullWidthPunctuation', () => {
  test.each([
    ['曹慧泉:大力培育', '曹慧泉：大力培育'],
    ['让"项目为王"成为共识', '让“项目为王”成为共识'],
    ['株洲日报讯(全媒体记者 罗欣)今天', '株洲日报讯（全媒体记者 罗欣）今天'],
    ['真的吗?!好', '真的吗？！好'],
    ["他说'好'吧;走", '他说‘好’吧；走'],
    ['世界卫生组织(WHO)发布', '世界卫生组织（WHO）发布'],
    ['访问www.example.com:8080(入口)', '访问www.example.com:8080（入口）'],
  ])('%s → %s', (input, out) => {
    expect(fullWidthPunctuation(input)).toBe(out);
    expect([...fullWidthPunctuation(input)]).toHaveLength([...input].length);
  });

  test.each([
    '共1,000元，增长3.5%，10:30开始',
    '详见http://example.cn/a?b=1,c=(2)',
    'He said "hi" (twice), didn\'t he?',
    "don't",
  ])('leaves numbers, Latin text and URLs alone: %s', (input) => {
    expect(fullWidthPunctuation(input)).toBe(input);
  });
});

const ASCII_NEXT_TO_HAN = /[\p{Script=Han}][,:;()!?]|[,:;()!?][\p{Script=Han}]/u;
const normalize = (s: string) => s.normalize('NFKC').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, '');

describe('samples', () => {
  const fonts = loadFontSet();
  const template = loadTemplate('broadsheet');
  const dirs = readdirSync('samples').filter((d) => /^\d/.test(d));
  const parse = (dir: string) =>
    parseEdition(
      dir,
      readdirSync(join('samples', dir))
        .sort()
        .map((f) => ({ path: join('samples', dir, f), bytes: readFileSync(join('samples', dir, f)) })),
    );

  test.each(dirs)('%s: no half-width mark next to a Han character is drawn; the text is kept', (dir) => {
    const model = parse(dir);
    const source = JSON.stringify(model.pages.map((p) => p.articles.map((a) => a.body)));
    const r = layoutEdition(model, template, fonts);
    // The model keeps the source text.
    expect(JSON.stringify(r.edition.pages.map((p) => p.articles.map((a) => a.body)))).toBe(source);
    const lines = r.pages.flatMap((p) => p.boxes.flatMap((b) => b.lines));
    for (const l of lines) expect(ASCII_NEXT_TO_HAN.test(l.text), l.text).toBe(false);
    // Every block's text, as drawn, is the source text under NFKC with curly quotes made straight.
    for (const art of r.edition.pages.flatMap((p) => p.articles)) {
      const own = r.pages.flatMap((p) => p.boxes).filter((b) => b.article === art.id && b.kind === 'article').flatMap((b) => b.lines);
      art.body.forEach((b, bi) => {
        if (b.type !== 'paragraph' && b.type !== 'quote' && b.type !== 'subhead' && b.type !== 'callout') return;
        const drawn = own.filter((l) => l.part?.block === bi).map((l) => l.text).join('');
        expect(normalize(drawn)).toBe(normalize(b.text ?? ''));
      });
    }
  });

  test('the samples have half-width marks in Chinese context to set', () => {
    const all = dirs.flatMap((d) => parse(d).pages.flatMap((p) => p.articles.flatMap((a) => a.body.map((b) => b.text ?? ''))));
    expect(all.some((t) => ASCII_NEXT_TO_HAN.test(t))).toBe(true);
  });
});
