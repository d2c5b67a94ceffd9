import { describe, expect, test } from 'vitest';
import iconv from 'iconv-lite';
import { byHeadline, edition, page, readerFor } from './helpers.js';

const classic = (o: { pagenum: string; body: string; kicker?: string; photo?: boolean }) => `<HTML><HEAD><META http-equiv=Content-Type content="text/html; charset=gb2312"><TITLE>江城日报数字报-城东图书馆新馆开放</TITLE></HEAD>
<BODY><table><tr><td class=px12><a href="../../../paperindex.htm">江城日报数字报</a> | 2024年03月05日 星期二 | <a href="node_1.htm">第${o.pagenum}版</a></td></tr></table>
<table><tr><td class=px12><a href="content_1.htm">上一篇</a> <a href="content_3.htm">下一篇</a></td><td>收藏 推荐 放大 缩小 朗读</td></tr></table>
<table><tbody>
<tr><td class=font02><!--<npm:article-pretitle>-->${o.kicker ?? '读书月活动启动'}<!--</npm:article-pretitle>--></td></tr>
<tr><td class=font01><founder-title><!--<npm:article-title>-->城东图书馆新馆开放<!--</npm:article-title>--></founder-title></td></tr>
<tr><td class=font02><!--<npm:article-subtitle>-->藏书二十万册<!--</npm:article-subtitle>--></td></tr>
<tr><td class=font02><founder-author><!--<npm:article-author>-->本报记者 王晓明 通讯员 李红梅<!--</npm:article-author>--></founder-author></td></tr>
</tbody></table>
${o.photo ? `<table id=newspic><tr><td><!--<npm:article-pic>--><img src="../../../pic/1.jpg"><!--</npm:article-pic>--></td></tr><tr><td><!--<npm:article-pic-text>-->读者在新馆阅览室看书。（本报记者 赵一鸣 摄）<!--</npm:article-pic-text>--></td></tr></table>` : ''}
<div id=ozoom><founder-content><!--enpcontent-->${o.body}<!--/enpcontent--></founder-content></div>
<div style="display:none"><P>隐藏的重复正文。</P></div>
</BODY></HTML>
<!--enpproperty <founder-date>2024-03-05</founder-date><founder-author>本报记者 王晓明 通讯员 李红梅</founder-author><founder-title>城东图书馆新馆开放</founder-title><founder-subtitle>藏书二十万册</founder-subtitle><founder-pagenum>${o.pagenum}</founder-pagenum><founder-papername>江城日报</founder-papername> /enpproperty-->`;

describe('founder-content reader', () => {
  const p1 = classic({ pagenum: 'A01', photo: true, body: '<P>　　城东图书馆新馆昨日开放，市民排队入馆。</P><P>　　新馆共有五层。</P><P>　　（下转A03版）</P>' });
  const p3 = classic({ pagenum: 'A03', body: '<P>　　（上接A01版）</P><P>　　<strong>数字阅读区受欢迎</strong></P><P>　　馆内设有数字阅读区。</P>' });

  test('sniffed by its markers', () => {
    expect(readerFor(p1, 'content_2.htm')).toBe('founder-content');
    expect(readerFor('<html><body><p>城东图书馆新馆开放。</p></body></html>', 'a.htm')).toBe('html');
  });
  test('title rows, author row, photo table and trailer facts; GBK bytes under a gb2312 meta', () => {
    const p = page(iconv.encode(p1, 'gbk') as unknown as string, 'content_2.htm');
    const a = byHeadline(p, '城东图书馆新馆开放');
    expect(a).toMatchObject({ kicker: '读书月活动启动', deck: '藏书二十万册', byline: '本报记者 王晓明 通讯员 李红梅' });
    expect(a.authors).toEqual([{ role: '本报记者', name: '王晓明' }, { role: '通讯员', name: '李红梅' }]);
    expect(a.body[0]).toMatchObject({ type: 'photo', caption: '读者在新馆阅览室看书。', credit: '本报记者 赵一鸣 摄', src: '../../../pic/1.jpg' });
    expect(a.body.filter((b) => b.type === 'paragraph').map((b) => b.text)).toEqual(['城东图书馆新馆昨日开放，市民排队入馆。', '新馆共有五层。']);
    expect(p).toMatchObject({ code: 'A01', number: 1, date: '2024-03-05', paper: '江城日报' });
    expect(JSON.stringify(p)).not.toMatch(/隐藏的重复正文|上一篇|放大/);
  });
  test('a GBK-only character under a gb2312 meta decodes', () => {
    const text = classic({ pagenum: '01', body: '<P>　　镕基同志出席。</P>' });
    const p = page(iconv.encode(text, 'gbk') as unknown as string, 'content_9.htm');
    expect(p.articles[0]!.body[0]!.text).toBe('镕基同志出席。');
  });
  test('a jump across pages with section codes resolves both ways', () => {
    const e = edition({ 'content_2.htm': p1, 'content_7.htm': p3 });
    expect(e.pages.map((p) => p.code)).toEqual(['A01', 'A03']);
    const [out, back] = e.links;
    expect(out).toMatchObject({ kind: 'jump', resolved: true, to: { article: 'p2-a1' } });
    expect(back).toMatchObject({ kind: 'jump', resolved: true, to: { article: 'p1-a1' } });
    expect(e.pages[1]!.articles[0]!.continues).toBe('p1-a1');
    expect(e.pages[1]!.articles[0]!.body[0]).toMatchObject({ type: 'subhead', text: '数字阅读区受欢迎' });
  });
  test('a dangling jump is reported at its own line', () => {
    const d = edition({ 'content_2.htm': p1 }).diagnostics.find((x) => x.rule === 'dangling-jump');
    expect(d?.line).toBe(p1.split('\n').findIndex((l) => l.includes('下转A03版')) + 1);
  });
  test('pad fragments: one article per fragment, hidden page number, date in the author slot', () => {
    const frag = (n: string, title: string, intro: string) => `<div id="scroller"><div class="caption"><p id="nowLayout" class="hide">${n}</p>
<font id="intro-title">${intro}</font><font id="main-title">${title}</font><font id="sub-title"></font><font id="author">2024年03月05日</font></div>
<div class="content"><img src="../pic/2.jpg"><p>    公园里游人如织。（本报记者 赵一鸣 摄）</p><founder-content><!--enpcontent--><p>    本报讯（记者 王晓明）春日公园游人多。</p><p>    本报记者 王晓明</p><!--/enpcontent--><!--enpproperty <date>2024-03-05 00:00:00:0</date><title>${title}</title><paperarticleid>7${n}</paperarticleid>/enpproperty--></founder-content></div></div>`;
    const p = page(frag('02', '春日公园游人多', '') + frag('02', '湖边步道修缮完工', '市政工程'), '02.htm');
    expect(p.articles.map((a) => [a.headline, a.kicker])).toEqual([['春日公园游人多', null], ['湖边步道修缮完工', '市政工程']]);
    expect(p).toMatchObject({ code: '02', date: '2024-03-05' });
    expect(p.articles[0]!.ref).toBe('content_702');
    expect(p.articles[0]!.body[0]).toMatchObject({ type: 'photo', caption: '公园里游人如织。', credit: '本报记者 赵一鸣 摄' });
    expect(p.articles[0]!.authors).toEqual([{ role: '记者', name: '王晓明' }]);
  });
});
