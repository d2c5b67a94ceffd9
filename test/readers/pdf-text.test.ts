import { describe, expect, test } from 'vitest';
import { normalisePdfText } from '../../src/parse/readers/pdf-text.js';
import { edition, page, readerFor } from './helpers.js';

const front = [
  '20240305_jc_city', '', 'Page 1', '', '2 0 2 4 年 3 月 5 日 ●星 期 二 農曆甲辰年正月廿五 第 1 2 3 4 5 號', '',
  '城東圖書館開放 p04', '', '公園花開遊人多', '', '▲讀者在閱覽室看書。(趙一鳴攝)', '',
  '【本報江城訊】城東圖書館新館昨日開放,市民排隊入館,館方 表 示 首日接待讀者三千人次。', '館內設有︽數字閱讀區︾,很受歡迎。',
].join('\n');

describe('pdf-text reader', () => {
  test('sniffed by extraction signs; a plain text export is not PDF text', () => {
    expect(readerFor(front, 'front.txt')).toBe('pdf-text');
    expect(readerFor('第2版(城事)\n专栏:\n\n标题\n正文。', 'p.txt')).toBe('plain-text');
  });
  test('extraction damage undone: vertical punctuation, spaced digits and Han runs, █', () => {
    expect(normalisePdfText('︽左右大局︾ 2 0 1 3 年 1 1 月, 李 慧 玲 指 電話:(02)█9261')).toBe('《左右大局》 2013年11月,李慧玲指電話:(02) 9261');
  });
  test('spaces the extraction leaves inside brackets and quotes and before a pause after Chinese text are taken out', () => {
    expect(normalisePdfText('晨早節目︽ 在晴朗的一天出發 ︾,改由 ,被質疑 , 需取悅政府有關 。 宣布調動後, 直言調動﹁ 不尋常 ﹂,事前')).toBe(
      '晨早節目《在晴朗的一天出發》,改由,被質疑,需取悅政府有關。 宣布調動後,直言調動「不尋常」,事前',
    );
    // A space after a full stop (a paragraph's end in a run) stays, and so do spaces beside Latin text and numbers.
    expect(normalisePdfText('有關。 宣布 Metro , 3 , 5 ( AAP )')).toBe('有關。 宣布 Metro , 3 , 5 ( AAP )');
  });
  test('masthead from the front-page lines, page-code teaser at its line, caption credit, dateline', () => {
    const p = page(front, 'front.txt');
    expect(p.masthead).toMatchObject({ date: '2024-03-05', weekday: '星期二', issueNumber: null });
    expect(p).toMatchObject({ date: '2024-03-05', code: '01', number: 1 });
    expect(p.teasers).toEqual([{ headline: '城東圖書館開放', page: 4, text: '城東圖書館開放 p04', article: null }]);
    const body = p.articles.flatMap((a) => a.body);
    expect(body.find((b) => b.type === 'photo')).toMatchObject({ caption: '▲讀者在閱覽室看書。', credit: '趙一鳴攝' });
    expect(body.map((b) => b.text ?? '').join('')).toContain('館方表示首日');
    expect(body.map((b) => b.text ?? '').join('')).toContain('《數字閱讀區》');
    const d = edition({ 'front.txt': front }).diagnostics.find((x) => x.rule === 'dangling-teaser');
    expect(d?.line).toBe(7);
  });

  const body = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}第${i + 1}段，市民在湖邊散步，孩子們在草地上放風箏，公園管理處增設了座椅和飲水點。`).join('\n\n');
  const pageTwo = ['2024年3月5日•星期二 www.jc.example', '', '02', '', '湖邊步道修繕完工', '', body(6, '步道')].join('\n');
  const pageFour = ['城事 04', '', 'www.jc.example 2024年3月5日 星期二', '', '城東圖書館開放', '', body(3, '圖書館')].join('\n');
  const several = [front, '', body(3, '頭版'), '', pageTwo, '', pageFour].join('\n');

  test('an export holding several pages reads as several pages, at their printed headers', () => {
    const e = edition({ 'issue.txt': several });
    expect(e.pages.map((p) => [p.code, p.number, p.section])).toEqual([
      ['01', 1, null],
      ['02', 2, null],
      ['04', 4, '城事'],
    ]);
    expect(e.pages.map((p) => p.articles[0]?.headline)).toEqual([expect.any(String), '湖邊步道修繕完工', '城東圖書館開放']);
    const lines = several.split('\n');
    const at = lines.indexOf('城東圖書館開放') + 1;
    expect(e.pages[2]!.articles[0]!.source?.line).toBe(at);
    expect(JSON.stringify(e.pages)).not.toMatch(/城事 04|"02"版/);
    expect(e.links.find((l) => l.kind === 'teaser')).toMatchObject({ to: { page: 4 }, resolved: true });
    expect(e.pages.every((p) => p.source.file === 'issue.txt')).toBe(true);
  });

  test('form feeds separate pages; a single page with a date and a number stays one page', () => {
    const fed = edition({ 'fed.txt': [front, '', body(3, '頭版'), '\f湖邊步道修繕完工', '', body(2, '步道')].join('\n') });
    expect(fed.pages).toHaveLength(2);
    expect(fed.pages[1]!.articles[0]!.headline).toBe('湖邊步道修繕完工');
    expect(edition({ 'front.txt': front }).pages).toHaveLength(1);
    const dated = '2024年3月5日上午，記者在城東圖書館看到，前來借書的市民排起了長隊，館方臨時加開了兩個窗口。';
    expect(edition({ 'one.txt': [front, '', body(6, '頭版'), '', '18', '', dated].join('\n') }).pages).toHaveLength(1);
  });
});
