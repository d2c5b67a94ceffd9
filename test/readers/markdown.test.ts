import { describe, expect, test } from 'vitest';
import { page, readerFor } from './helpers.js';

describe('markdown reader', () => {
  test('Markdown by name or by its signs', () => {
    expect(readerFor('城东图书馆新馆开放', 'a.md')).toBe('markdown');
    expect(readerFor('## 读书月\n\n# 城东图书馆新馆开放\n\n正文。', 'notes')).toBe('markdown');
  });
  test('heading levels give kicker, headline and deck; folio with a section code', () => {
    const p = page('A02 城事\n\n## 读书月活动启动\n\n# 城东图书馆新馆开放\n\n### 藏书二十万册\n\n本报讯（记者 王晓明）新馆昨日开放。\n', 'a.md');
    expect(p.articles[0]).toMatchObject({ kicker: '读书月活动启动', headline: '城东图书馆新馆开放', deck: '藏书二十万册', dateline: '本报讯' });
    expect(p).toMatchObject({ code: 'A02', number: 2, section: '城事' });
    expect(p.source.format).toBe('markdown');
  });
});
