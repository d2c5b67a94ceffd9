/** Search: bigram tokens, a static index per edition, hits naming the page and story with a snippet. */
import { describe, expect, test } from 'vitest';
import { buildSearchIndex, searchDocuments, tokenize } from '../src/render/search/index.js';
import { loadSearchIndex, snippetOf } from '../src/viewer/reader/search-index.js';
import { sampleEditions } from './reader-editions.js';

describe('search', async () => {
  const editions = await sampleEditions();
  const indexes = editions.map((e) => buildSearchIndex(searchDocuments(e, e.layout.pages)));
  const archive = loadSearchIndex(indexes);

  test('tokens are CJK bigrams and lower-cased words', () => {
    expect(tokenize('城东图书馆 Open 2024年')).toEqual(['城东', '东图', '图书', '书馆', 'open', '2024', '年']);
    expect(tokenize('，。')).toEqual([]);
  });

  test('a phrase printed only on page 2 of the two-page fixture is found there, in its story', () => {
    const e = editions.find((x) => x.id === 'two-pages');
    const p2 = e?.pages[1]?.articles.find((a) => a.id === 'p2-a1');
    const text = p2?.body.find((b) => b.type === 'paragraph')?.text ?? '';
    const phrase = [...text].slice(2, 8).join('');
    const p1Text = JSON.stringify(e?.pages[0]);
    expect(p1Text).not.toContain(phrase);
    const hits = archive.search(phrase);
    expect(hits.map((h) => [h.edition, h.page, h.article, h.lead])).toEqual([['two-pages', '2', 'p2-a1', 'p1-a1']]);
    expect(hits[0]?.snippet).toContain(phrase);
  });

  test('every article of every sample is found by a phrase of its text', () => {
    for (const e of editions) {
      for (const a of e.pages.flatMap((p) => p.articles)) {
        const text = a.body.find((b) => b.type === 'paragraph' && [...(b.text ?? '')].length > 12)?.text;
        if (!text) continue;
        const phrase = [...text].slice(4, 10).join('');
        const hits = archive.search(phrase);
        expect(hits.some((h) => h.edition === e.id && h.article === a.id), `${e.id} ${a.id} «${phrase}»`).toBe(true);
      }
    }
  });

  test('a phrase found nowhere gives no hit, scattered bigrams do not count', () => {
    expect(archive.search('图书株洲馆东')).toEqual([]);
    expect(archive.search('  ，')).toEqual([]);
  });

  test('the snippet cuts around the hit', () => {
    const text = '甲'.repeat(100) + '目标词' + '乙'.repeat(100);
    const s = snippetOf(text, ['目标词'], 30);
    expect(s).toContain('目标词');
    expect(s.startsWith('…') && s.endsWith('…')).toBe(true);
    expect([...s].length).toBeLessThanOrEqual(32);
  });
});
