import { describe, expect, test } from 'vitest';
import { byHeadline, diagnostics, page, readerFor } from './helpers.js';

describe('plain-text reader', () => {
  test('a text export is sniffed by its page lines; Markdown stays Markdown', () => {
    expect(readerFor('2024年3月5日江城日报 第2版\n\n第2版(城事)\n专栏:\n\n标题\n正文。', 'p2.txt')).toBe('plain-text');
    expect(readerFor('# 标题\n\n正文。', 'p.md')).toBe('markdown');
  });
  test('one line per paragraph: header, items, kicker/headline/deck, dateline, teaser at its line', () => {
    const text = [
      '2024年3月5日江城日报 第2版', '', '第2版(城事)', '专栏:', '',
      '读书月活动启动', '城东图书馆新馆开放', '藏书二十万册',
      '【本报讯】城东图书馆新馆昨日开放,市民排队入馆。', '新馆共有五层,设有少儿阅览区(详见第五版)。', '开馆首日接待读者三千人次。', '', '',
      '第2版(城事)', '专栏:', '', '春日公园', '公园里游人如织,市民踏青赏花。',
    ].join('\n');
    const p = page(text, 'p2.txt');
    expect(p).toMatchObject({ paper: '江城日报', date: '2024-03-05', code: '02', number: 2, section: '城事' });
    const a = byHeadline(p, '城东图书馆新馆开放');
    expect(a).toMatchObject({ kicker: '读书月活动启动', deck: '藏书二十万册', dateline: '本报讯' });
    expect(a.body.filter((b) => b.type === 'paragraph')).toHaveLength(3);
    expect(byHeadline(p, '春日公园').body[0]).toMatchObject({ type: 'photo', caption: '公园里游人如织,市民踏青赏花。' });
    expect(p.teasers[0]).toMatchObject({ page: 5 });
    expect(JSON.stringify(p.articles)).not.toMatch(/第2版\(|专栏:/);
  });
  test('a whole article on one line, paragraphs set apart by spaces; numbered contents out', () => {
    const text = ['2024-03-05', '', '第 2 版', '', '1. 城东图书馆新馆开放', '',
      '第2版()专栏: 城东图书馆新馆开放 藏书二十万册 新华社江城三月四日电 城东图书馆新馆昨日开放,市民排队入馆,秩序井然,馆内座无虚席,读者纷纷称赞。 新馆共有五层,设有少儿阅览区和数字阅读区,藏书二十万册,可同时容纳一千人阅读。 开馆首日接待读者三千人次。'].join('\n');
    const p = page(text, 'p.txt');
    const a = byHeadline(p, '城东图书馆新馆开放');
    expect(a.deck).toBe('藏书二十万册');
    expect(a.dateline).toBe('新华社江城三月四日电');
    expect(a.body.filter((b) => b.type === 'paragraph')).toHaveLength(3);
    expect(p.source.meta['目录']).toBe('1. 城东图书馆新馆开放');
  });
  test('a whole article on one line is not split after an opening bracket or quote', () => {
    const text = ['2024-03-05', '', '第 2 版', '', '第2版()专栏: 城东图书馆新馆开放 新华社江城三月四日电 城东图书馆新馆昨日开放,市民排队入馆,秩序井然,馆内座无虚席,读者纷纷称赞新馆的《 数字阅读区 》和“ 少儿天地 ”。 新馆共有五层,设有少儿阅览区和数字阅读区,藏书二十万册,可同时容纳一千人阅读。 开馆首日接待读者三千人次。'].join('\n');
    const a = byHeadline(page(text, 'p.txt'), '城东图书馆新馆开放');
    const paras = a.body.filter((b) => b.type === 'paragraph').map((b) => b.text!);
    expect(paras).toHaveLength(3);
    expect(paras[0]).toContain('《 数字阅读区 》和“ 少儿天地 ”。');
  });
  test('blank-line paragraphs of one sentence per line; wiki chrome, 栏目 and 版面 lines', () => {
    const text = ['年月日:2024:20240305:20240305-年月日', '', '目录', '', '上一日:20240304-年月日', '', '江城日报>20240305', '', '理性看待得与失', '',
      '栏目:本报评论员', '版面:头版', '', '在讨论中,有些同志提出一个问题。', '这是个重要问题,确实应该认真思考。', '', '我们谈点看法和大家共同探讨。', '这些看法供大家参考。', '', '最后一段也有两句话。', '第二句在这里。'].join('\n');
    const p = page(text, 'wiki.txt');
    expect(p).toMatchObject({ paper: '江城日报', date: '2024-03-05', section: '头版', code: '01' });
    const a = byHeadline(p, '理性看待得与失');
    expect(a.byline).toBe('本报评论员');
    expect(a.body.map((b) => b.text)).toEqual(['在讨论中,有些同志提出一个问题。这是个重要问题,确实应该认真思考。', '我们谈点看法和大家共同探讨。这些看法供大家参考。', '最后一段也有两句话。第二句在这里。']);
  });
  test('a portal page saved as text: site title, nav, captions before 放大, related list, section label', () => {
    const text = ['江城新聞網 - Jiangcheng News', '主頁    要聞     港聞     國際     體育', '', '圖片', '市民在公園賞花。', '放大', '', '其他新聞', '市長拜年', '[顯示全部題目]', '',
      '要聞', ' 公園花開遊人多', '市民踏青賞花', '', '公園裏遊人如織,市民紛紛拍照留念。', '', '春日賞花', '', '園方表示,花期將持續兩週,週末遊人預計更多,請市民錯峰出行並注意安全。'].join('\n');
    const p = page(text, 'news.txt');
    const a = byHeadline(p, '公園花開遊人多');
    expect(p.section).toBe('要聞');
    expect(a.deck).toBe('市民踏青賞花');
    expect(a.body.map((b) => b.type)).toEqual(['photo', 'paragraph', 'subhead', 'paragraph']);
    expect(JSON.stringify(p.articles)).not.toMatch(/市長拜年|主頁|顯示全部/);
  });
  test('diagnostics carry the line of what they are about', () => {
    const text = ['第2版(城事)', '专栏:', '', '城东图书馆新馆开放', '城东图书馆新馆昨日开放(详见第五版)。'].join('\n');
    expect(diagnostics(text, 'p.txt').filter((d) => d.rule.startsWith('dangling'))).toEqual([]);
  });
});
