import { describe, expect, test } from 'vitest';
import { page, readerFor } from './helpers.js';

const nav = Array.from({ length: 12 }, (_, i) => `<li><a href="/c${i}.html">频道${i}</a></li>`).join('');
const portal = `<!doctype html><html><head><meta charset="utf-8"><title>城东图书馆新馆开放_新闻中心_江城网</title><script src="a.js"></script><script src="b.js"></script><script src="c.js"></script></head><body>
<div class="top">您好!今天是2024年3月5日 <a href="/">设为首页</a> <a href="/fav">加入收藏</a></div>
<ul class="nav">${nav}</ul>
<div class="main"><h1>城东图书馆新馆开放</h1>
<div class="info">发布时间：2024-03-05 09:30 来源：江城日报</div>
<div class="tools">字体：<a>大</a> <a>中</a> <a>小</a> 分享到：<a>微信</a> <a>微博</a></div>
<div class="photo"><img src="/img/lead.jpg"><figcaption>读者在新馆阅览室看书。本报记者 赵一鸣 摄</figcaption></div>
<div class="content">
<p>　　江城网3月5日讯（记者 王晓明）城东图书馆新馆昨日开放，市民排队入馆，秩序井然。</p>
<p>　　新馆共有五层，设有少儿阅览区和数字阅读区，藏书二十万册。</p>
<center><img src="/img/2.jpg"></center>
<p align="center">数字阅读区一角。</p>
<p>　　开馆首日接待读者三千人次，市民纷纷点赞。(文/图 王晓明 李红梅)</p>
<div class="ad-pc"><a href="/ad"><img src="/ad/banner.jpg"></a></div>
<ul class="related"><li><a href="/n1.html">春日公园游人多，市民踏青赏花忙</a></li><li><a href="/n2.html">湖边步道修缮完工，将于本周开放</a></li></ul>
</div></div>
<div class="footer">版权所有 江城网 鄂ICP备12345678号</div></body></html>`;

describe('html-generic reader', () => {
  test('any other HTML page', () => {
    expect(readerFor(portal, 'page.html')).toBe('html');
  });
  test('main content by text density; headline, metadata line, lead photo, captions, closing credit', () => {
    const p = page(portal, 'page.html');
    expect(p.articles).toHaveLength(1);
    const [a] = p.articles;
    expect(a!.headline).toBe('城东图书馆新馆开放');
    expect(a!.dateline).toBe('江城网3月5日讯');
    expect(a!.authors.map((x) => x.name)).toEqual(['王晓明', '李红梅']);
    expect(p.date).toBe('2024-03-05');
    expect(p.source.meta['来源']).toBe('江城日报');
    const photos = a!.body.filter((b) => b.type === 'photo');
    expect(photos.map((b) => [b.src, b.caption, b.credit])).toEqual([
      ['/img/lead.jpg', '读者在新馆阅览室看书。', '本报记者 赵一鸣 摄'],
      ['/img/2.jpg', '数字阅读区一角。', null],
    ]);
    expect(a!.body.filter((b) => b.type === 'paragraph')).toHaveLength(3);
    expect(JSON.stringify(a!.body)).not.toMatch(/设为首页|频道3|分享到|字体|春日公园|ICP|banner|文\/图/);
  });
  test('an HTML export with little markup is read whole, as before', () => {
    const p = page('<html><body><h1>城东图书馆新馆开放</h1><p>新馆昨日开放。</p><h2>数字阅读区</h2><p>很受欢迎。</p></body></html>', 'x.html');
    expect(p.articles[0]!.headline).toBe('城东图书馆新馆开放');
    expect(p.articles[0]!.body.map((b) => b.type)).toEqual(['paragraph', 'subhead', 'paragraph']);
  });
});
