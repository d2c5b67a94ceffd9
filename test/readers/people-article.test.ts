import { describe, expect, test } from 'vitest';
import { page, readerFor } from './helpers.js';

const html = `<html><head><meta charset="utf-8"><title>城东图书馆新馆开放--人民网</title></head><body>
<div class="nav">网站首页 时政 国际</div>
<div class="article">
<h3>读书月活动启动</h3><h1>城东图书馆新馆开放</h1><h2>藏书二十万册</h2>
<p class="sec">本报记者 王晓明 《 江城日报 》（ 2024年03月05日 第 04 版）</p>
<table class="pci_c"><tr><td><img src="../res/1.jpg"></td></tr><tr><td>读者在新馆阅览室看书。本报记者 赵一鸣摄</td></tr></table>
<div style="display:none"><p>城东图书馆新馆昨日开放。</p></div>
<div id="ozoom"><p>　　城东图书馆新馆昨日开放，市民排队入馆。</p><p>　　新馆共有五层。</p></div>
</div><div class="share">分享到：</div><div class="edit">(责编：李红梅)</div></body></html>`;

describe('people-article reader', () => {
  test('sniffed from people.cn classes', () => {
    expect(readerFor(html, 'nw.D110000jcrb_20240305_1-04.htm')).toBe('people-article');
  });
  test('kicker, headline, deck; p.sec byline, paper, date and page; photo table; hidden copy dropped', () => {
    const p = page(html, 'a.htm');
    expect(p).toMatchObject({ paper: '江城日报', date: '2024-03-05', code: '04' });
    const [a] = p.articles;
    expect(a).toMatchObject({ kicker: '读书月活动启动', headline: '城东图书馆新馆开放', deck: '藏书二十万册', byline: '本报记者 王晓明' });
    expect(a!.authors).toEqual([{ role: '本报记者', name: '王晓明' }]);
    expect(a!.body[0]).toMatchObject({ type: 'photo', src: '../res/1.jpg', caption: '读者在新馆阅览室看书。', credit: '本报记者 赵一鸣摄' });
    expect(a!.body.filter((b) => b.type === 'paragraph').map((b) => b.text)).toEqual(['城东图书馆新馆昨日开放，市民排队入馆。', '新馆共有五层。']);
    expect(p.source.meta['责编']).toBe('李红梅');
    expect(JSON.stringify(p.articles)).not.toMatch(/网站首页|分享到/);
  });
});
