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
    expect(normalisePdfText('︽左右大局︾ 2 0 1 3 年 1 1 月, 李 慧 玲 指 電話:(02)█9261')).toBe('《左右大局》 2013年11月, 李慧玲指電話:(02) 9261');
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
});
