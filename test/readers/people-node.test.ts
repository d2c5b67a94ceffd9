import { describe, expect, test } from 'vitest';
import { page, readerFor } from './helpers.js';

const html = `<html><head><meta charset="utf-8"><title>江城日报-江城网</title><script>function view(s){return s}</script></head><body>
<map name=PagePicMap><Area coords="1,1,2,2" shape="polygon" href="nw.D110000jcrb_20240305_1-05.htm"><Area coords="1,1,2,2" shape="polygon" href="nw.D110000jcrb_20240305_2-05.htm"></map>
<div class="ban_t"><ul><li>05版:春天里的故事·特别报道
&nbsp;<a href=../page/05.pdf>PDF版下载</a> <span><a class=preart href="nbs.D110000jcrb_06.htm">下一版</a></span></li></ul></div>
<div id="riqi_">江城日报 2024年03月05日 星期二</div>
<div>我给版面打分</div>
<ul><li><a href=nw.D110000jcrb_20240305_1-05.htm><script>document.write(view("种下一片林<br>绿了一座山  "))</script></a></li>
<li><a href=nw.D110000jcrb_20240305_2-05.htm><script>document.write(view("小镇来了年轻人  "))</script></a></li></ul>
<div style="display:none"><a href=nw.D110000jcrb_20240305_1-05.htm><div id=mp1>种下一片林 绿了一座山</div></a></div>
<div><a id=pageLink href=nbs.D110000jcrb_01.htm>第01版：要闻</a></div></body></html>`;

describe('people-node reader', () => {
  test('sniffed from its file name and article links', () => {
    expect(readerFor(html, 'nbs.D110000jcrb_05.htm')).toBe('people-node');
  });
  test('folio and special-section name, riqi_ date and paper, titles written by scripts', () => {
    const p = page(html, 'nbs.D110000jcrb_05.htm');
    expect(p).toMatchObject({ code: '05', number: 5, section: '春天里的故事·特别报道', date: '2024-03-05', paper: '江城日报' });
    expect(p.articles.map((a) => a.headline)).toEqual(['种下一片林 绿了一座山', '小镇来了年轻人']);
    expect(p.articles[0]!.ref).toBe('nw.D110000jcrb_20240305_1-05');
    expect(JSON.stringify(p)).not.toContain('我给版面打分');
  });
});
