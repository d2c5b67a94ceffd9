import { describe, expect, test } from 'vitest';
import { edition, page, readerFor } from './helpers.js';

/** A 版面 page of the Founder template: folio, date, title list, hot zones, 版面导航, site links. */
export const nodePage = (code: string, section: string, titles: [string, string][], nav: [string, string][]) => `<html><head><meta charset="utf-8"><title>江城日报--数字报</title></head><body>
<map name=PagePicMap>${titles.map(([id]) => `<Area coords="1,1,2,2" shape="polygon" href="content_${id}.htm?div=-1">`).join('')}</map>
<div class="banci">第${code}版：<STRONG>${section}</STRONG></div><div class="next"><a href="node_9.htm">下一版</a></div>
<ul>${titles.map(([id, t]) => `<li><a href=content_${id}.htm?div=-1><div style="display:inline" id=mp${id}>${t}</div></a>`).join('\n')}</ul>
<div class="date">2024年03月05日 星期二</div>
${nav.map(([c, s]) => `<div class="bmname1"><a id=pageLink href=node_${c}.htm>第${c}版：${s}</a></div>`).join('\n')}
<div class="footer"><a href=content_9001.htm>关于我们</a> <a href=content_9002.htm>报纸订阅</a> 国内统一刊号：CN 42-0001</div>
</body></html>`;

const NAV: [string, string][] = [['A01', '要 闻'], ['A02', '城 事'], ['B01', '副 刊']];

describe('founder-node reader', () => {
  const html = nodePage('A02', '城 事', [['101', '城东图书馆新馆开放'], ['102', '湖边步道修缮完工']], NAV);
  test('sniffed from the page map and page links', () => {
    expect(readerFor(html, 'node_2.htm')).toBe('founder-node');
  });
  test('folio, date, paper, title list; site links and navigation are no articles', () => {
    const p = page(html, 'node_2.htm');
    expect(p).toMatchObject({ code: 'A02', number: 2, section: '城事', date: '2024-03-05', paper: '江城日报' });
    expect(p.articles.map((a) => [a.headline, a.ref, a.body.length])).toEqual([
      ['城东图书馆新馆开放', 'content_101', 0],
      ['湖边步道修缮完工', 'content_102', 0],
    ]);
    expect(p.source.meta['版面']).toBe('A01 要闻 | A02 城事 | B01 副刊');
    expect(p.source.meta.hotzones).toBe('content_101×1 content_102×1');
    expect(JSON.stringify(p.articles)).not.toMatch(/关于我们|报纸订阅|下一版/);
  });
  test('a folder of node and content pages is one edition: pages in code order, articles from content pages', () => {
    const content = (id: string, code: string, title: string, body: string) =>
      `<html><head><meta charset="utf-8"></head><body><founder-title>${title}</founder-title><founder-content><!--enpcontent--><P>　　${body}</P><!--/enpcontent--></founder-content></body></html><!--enpproperty <founder-date>2024-03-05</founder-date><founder-title>${title}</founder-title><founder-pagenum>${code}</founder-pagenum><founder-papername>江城日报</founder-papername> /enpproperty-->`;
    const e = edition({
      'ed/node_3.htm': nodePage('B01', '副 刊', [['201', '春天的诗']], NAV),
      'ed/node_1.htm': nodePage('A01', '要 闻', [['100', '全市开展植树活动'], ['099', '春耕备耕有序推进']], NAV),
      'ed/node_2.htm': html,
      'ed/content_102.htm': content('102', 'A02', '湖边步道修缮完工', '步道全长三公里，昨日完工。（下转B01版）'),
      'ed/content_101.htm': content('101', 'A02', '城东图书馆新馆开放', '新馆昨日开放。'),
      'ed/content_201.htm': content('201', 'B01', '春天的诗', '（上接A02版）春风又绿江南岸。'),
    });
    expect(e.pages.map((p) => p.code)).toEqual(['A01', 'A02', 'B01']);
    expect(e.pages.map((p) => p.section)).toEqual(['要闻', '城事', '副刊']);
    const a02 = e.pages[1]!;
    expect(a02.articles.map((a) => [a.headline, a.body.length > 0])).toEqual([
      ['城东图书馆新馆开放', true],
      ['湖边步道修缮完工', true],
    ]);
    expect(e.pages[0]!.articles.map((a) => a.headline)).toEqual(['全市开展植树活动', '春耕备耕有序推进']);
    const jump = e.links.find((l) => l.from.article === a02.articles[1]!.id);
    expect(jump).toMatchObject({ kind: 'jump', resolved: true, to: { article: e.pages[2]!.articles[0]!.id } });
    expect(e.paper).toBe('江城日报');
  });
});
