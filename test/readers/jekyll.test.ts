import { describe, expect, test } from 'vitest';
import { page, readerFor } from './helpers.js';

describe('jekyll reader', () => {
  const post = '---\ntitle: 城东图书馆新馆开放\ndate: 2024-03-05\n---\n\n新馆昨日开放，市民排队入馆。\n';
  test('front matter wins over the name', () => {
    expect(readerFor(post, 'a.txt')).toBe('jekyll');
    expect(readerFor(post, 'a.md')).toBe('jekyll');
  });
  test('title and date from the front matter', () => {
    const p = page(post, 'a.md');
    expect(p).toMatchObject({ date: '2024-03-05' });
    expect(p.articles[0]!.headline).toBe('城东图书馆新馆开放');
    expect(p.source.format).toBe('jekyll');
  });
});
