/**
 * Each recognition rule on small fixtures of neutral text, covering its variants.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decode } from '../src/parse/decode.js';
import { parseDocument, parseEdition, InputError } from '../src/parse/edition.js';
import type { Article, Page } from '../src/model/schema.js';
import { findJumps, findTeaserRefs, pageNumber, parseAuthors, parseDateline, splitCredit, findGarbled } from '../src/parse/patterns.js';
import { loadEditions } from '../src/cli/index.js';
import { isoDate } from '../src/parse/front.js';

const page = (text: string, path = 'fixture.md'): Page => parseDocument({ path, bytes: Buffer.from(text) }).page;
const diags = (text: string, path = 'fixture.md') => parseDocument({ path, bytes: Buffer.from(text) }).diagnostics;
const first = (text: string): Article => page(text).articles[0]!;

describe('decoding', () => {
  const dir = 'test/fixtures/encodings/';
  const expected = '城东图书馆新馆今日正式开放';
  test.each([
    ['utf8-bom.md', 'utf-8'],
    ['utf16le-bom.md', 'utf-16le'],
    ['utf16be-bom.md', 'utf-16be'],
    ['gb18030.md', 'gb18030'],
  ])('%s decodes as %s', (file, encoding) => {
    const d = decode(readFileSync(dir + file));
    expect(d.encoding).toBe(encoding);
    expect(d.text).toContain(expected);
    expect(d.undecodable).toBe(0);
    expect(d.text.startsWith('\uFEFF')).toBe(false);
  });
  test('Big5 decodes to traditional characters and the edition is zh-Hant', () => {
    const d = decode(readFileSync(dir + 'big5.md'));
    expect(d.encoding).toBe('big5');
    expect(d.text).toContain('城東圖書館新館今日正式開放');
    const e = parseEdition('big5', [{ path: 'big5.md', bytes: readFileSync(dir + 'big5.md') }]);
    expect(e.lang).toBe('zh-Hant');
    expect(e.pages[0]!.articles[0]!.headline).toBe('城東圖書館新館開放');
  });
  test('undecodable bytes become a diagnostic, not a crash', () => {
    const r = parseDocument({ path: 'broken.md', bytes: readFileSync(dir + 'utf8-broken.md') });
    const d = r.diagnostics.find((x) => x.rule === 'undecodable-bytes');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toMatch(/could not be decoded as utf-8/);
    expect(r.page.articles[0]!.headline).toBe('城东图书馆新馆开放');
  });
  test('a binary file is refused with one clear message', () => {
    expect(() => parseDocument({ path: 'x.md', bytes: readFileSync(dir + 'binary.md') })).toThrow(InputError);
    expect(() => parseDocument({ path: 'x.md', bytes: readFileSync(dir + 'binary.md') })).toThrow(/binary file/);
  });
});

describe('numbers and jump lines', () => {
  test.each([
    ['02', 2], ['2', 2], ['二', 2], ['十二', 12], ['二十', 20], ['二十三', 23], ['A3', 3], ['０８', 8],
  ])('page number %s → %d', (raw, n) => expect(pageNumber(raw)).toBe(n));
  test.each([
    ['▶下转 02版①', 'out', 2, '①'],
    ['▶下转02版', 'out', 2, null],
    ['（下转第2版）', 'out', 2, null],
    ['(转第二版)', 'out', 2, null],
    ['下转A3版', 'out', 3, null],
    ['▲上接01版①', 'in', 1, '①'],
    ['（上接第一版）', 'in', 1, null],
    ['(上接1版)', 'in', 1, null],
  ])('%s', (text, direction, p, mark) => {
    const code = /[A-Z]\d/.test(text) ? { code: 'A03' } : {};
    expect(findJumps(text)).toEqual([{ direction, page: p, mark, ...code, text, index: 0 }]);
  });
  test('the verb 转 in running text is not a jump', () => {
    expect(findJumps('推动改革成果从个别向泛例转变，转入下一阶段')).toEqual([]);
  });
  test.each([
    ['报道见 08 版', 8], ['详见03版', 3], ['（相关报道见第5版）', 5], ['>>>02版', 2], ['見第十二版', 12],
  ])('teaser reference %s', (text, p) => expect(findTeaserRefs(text)[0]?.page).toBe(p));
});

describe('datelines, bylines and credits', () => {
  test.each([
    ['株洲日报讯(全媒体记者/罗欣) 1月31日', '株洲日报讯', [['全媒体记者', '罗欣']]],
    ['本报讯（记者 王晓明 通讯员 李红梅） 今日', '本报讯', [['记者', '王晓明'], ['通讯员', '李红梅']]],
    ['新华社北京1月31日电（记者 张三） 国务院', '新华社北京1月31日电', [['记者', '张三']]],
    ['江城晚报讯（见习记者/陈一 实习生/林二） 昨日', '江城晚报讯', [['见习记者', '陈一'], ['实习生', '林二']]],
  ])('%s', (text, dateline, authors) => {
    const d = parseDateline(text)!;
    expect(d.dateline).toBe(dateline);
    expect(d.authors.map((a) => [a.role, a.name])).toEqual(authors);
  });
  test('a paragraph that merely mentions 讯 is no dateline', () => {
    expect(parseDateline('通讯设施建设取得进展，全市新建基站一百座。')).toBeNull();
  });
  test('web bylines with roles and a place', () => {
    expect(parseAuthors('江城网 记者 王晓明 摄影 李红梅 江城报道').map((a) => [a.role, a.name])).toEqual([
      ['记者', '王晓明'],
      ['摄影', '李红梅'],
    ]);
  });
  test.each([
    ['游客在花丛中拍照。江城日报通讯员/李红梅 摄', '游客在花丛中拍照。', '江城日报通讯员/李红梅 摄'],
    ['新馆开放首日。王晓明/攝', '新馆开放首日。', '王晓明/攝'],
    ['代表们步入会场。图/新华社', '代表们步入会场。', '图/新华社'],
    ['游客在花丛中拍照。（资料图片）', '游客在花丛中拍照。', '（资料图片）'],
    ['本报记者 赵一鸣 摄', null, '本报记者 赵一鸣 摄'],
  ])('credit in %s', (text, caption, credit) => {
    expect(splitCredit(text)).toEqual({ caption, credit });
  });
  test('a sentence ending in 摄 without a name is not a credit', () => {
    expect(splitCredit('他拿起相机拍摄')).toBeNull();
  });
});

describe('masthead and folio variants', () => {
  test('a printed date becomes YYYY-MM-DD only with a plausible year', () => {
    expect(isoDate('2023年2月1日 星期三')).toBe('2023-02-01');
    expect(isoDate('1957-7-20')).toBe('1957-07-20');
    // Four digits that are no year (a damaged or mistyped line) give no date rather than "23-02-01".
    expect(isoDate('0023年2月1日')).toBeNull();
    expect(isoDate('9023年2月1日')).toBeNull();
  });

  test('lunar date with 农历, 本期N版, 机关报, 邮发代号', () => {
    const p = page(readFileSync('test/fixtures/editions/two-pages/p1.md', 'utf8'));
    expect(p.masthead).toMatchObject({
      paper: '江城日报',
      date: '2024-03-15',
      weekday: '星期五',
      lunarDate: '甲辰年二月初六',
      issueNumber: 10234,
      pageCount: 8,
      publisher: '中共江城市委机关报',
      cn: 'CN 12-3456',
      postalCode: '41-25',
    });
  });
  test.each([
    ['02 要闻 2024年3月15日 星期五 责任编辑：陈一 美术编辑：林二 校对：赵三', 2, '要闻'],
    ['第3版 时评 2024年3月15日 编辑:王五 版式:李六', 3, '时评'],
    ['A02 经济 2024年3月15日 组版：周七', 2, '经济'],
  ])('folio %s', (line, n, section) => {
    const p = page(`${line}\n\n## 城东图书馆新馆开放\n\n本报讯（记者 王晓明） 新馆今日开放。\n`);
    expect(p.folio?.number).toBe(n);
    expect(p.folio?.section).toBe(section);
    expect(p.number).toBe(n);
    expect(p.folio?.editors.length).toBeGreaterThan(0);
  });
});

describe('headline clusters', () => {
  test('heading levels: ## kicker, # headline, ### deck', () => {
    const a = first('## 春季植树活动启动\n\n# 全市新增绿地一百公顷\n\n### 十个公园同步开工\n\n本报讯（记者 王晓明） 今年春季，全市新增绿地一百公顷。\n');
    expect([a.kicker, a.headline, a.deck]).toEqual(['春季植树活动启动', '全市新增绿地一百公顷', '十个公园同步开工']);
  });
  test('plain short lines around a heading; a slogan above the kicker is a column logo', () => {
    const a = first('绿色家园  \n共建共享\n\n春季植树活动启动\n\n# 全市新增绿地一百公顷\n\n十个公园同步开工\n\n本报讯（记者 王晓明） 今年春季，全市新增绿地一百公顷。\n');
    expect(a.logo).toBe('绿色家园 共建共享');
    expect([a.kicker, a.headline, a.deck]).toEqual(['春季植树活动启动', '全市新增绿地一百公顷', '十个公园同步开工']);
  });
  test('a slogan alone above a headline is a logo, not a kicker', () => {
    const a = first('### 奋进新时代 建功新征程\n\n## 全市新增绿地一百公顷\n\n本报讯（记者 王晓明） 今年春季，全市新增绿地一百公顷。\n');
    expect(a.logo).toBe('奋进新时代 建功新征程');
    expect(a.kicker).toBeNull();
  });
  test('the last sentence of an article is never taken as the next kicker', () => {
    const p = page('## 甲文标题\n\n本报讯（记者 王晓明） 第一段正文写完了。\n\n## 乙文标题\n\n本报讯（记者 李红梅） 第二段正文。\n');
    expect(p.articles.map((a) => [a.kicker, a.headline])).toEqual([
      [null, '甲文标题'],
      [null, '乙文标题'],
    ]);
  });
  test('commentary: the author alone under the headline; □ prefix', () => {
    expect(first('## 让阅读成为习惯\n\n□ 王晓明\n\n读书是一件快乐的事。\n').authors).toEqual([{ role: null, name: '王晓明' }]);
    expect(first('## 让阅读成为习惯\n\n本报评论员\n\n读书是一件快乐的事。\n').authors).toEqual([{ role: '评论员', name: '本报评论员' }]);
  });
  test('subheads: #### headings, bold paragraphs and enumerated headings stay inside the article', () => {
    const a = first(
      '## 城东图书馆新馆开放\n\n本报讯（记者 王晓明） 新馆今日开放。\n\n### 一、设施\n\n新馆共有五层。\n\n**服务时间**\n\n每天八点开放。\n\n#### 自助借还\n\n二十四小时可用。\n',
    );
    expect(a.body.filter((b) => b.type === 'subhead').map((b) => b.text)).toEqual(['一、设施', '服务时间', '自助借还']);
  });
  test('a big display number inside an article is a callout', () => {
    const a = first('## 城东图书馆新馆开放\n\n本报讯（记者 王晓明） 新馆今日开放，藏书：\n\n# 300000\n\n册图书可供借阅。\n');
    expect(a.body.find((b) => b.type === 'callout')?.text).toBe('300000');
  });
});

describe('body repair and structure', () => {
  test('a paragraph broken at a column is joined; never across a heading', () => {
    const p = page('## 甲文\n\n本报讯（记者 王晓明） 新馆共有五层，一层为儿童\n\n阅览区。\n\n## 乙文\n\n新馆开放时间为每天八点至\n\n## 丙文\n\n晚上十点。\n');
    expect(p.articles[0]!.body[0]!.text).toBe('本报讯（记者 王晓明） 新馆共有五层，一层为儿童阅览区。');
    expect(p.articles[1]!.body.map((b) => b.text)).toEqual(['新馆开放时间为每天八点至']);
    expect(p.articles[2]!.body.map((b) => b.text)).toEqual(['晚上十点。']);
  });
  test('a doubled character at the join is kept and flagged', () => {
    const d = diags('## 甲文\n\n本报讯（记者 王晓明） 深化专项整治\n\n治，提升服务。\n');
    expect(d.find((x) => x.rule === 'doubled-character')).toMatchObject({ line: 5, column: 1, severity: 'warning' });
  });
  test('● bullets become one list; markdown lists stay lists', () => {
    const a = first('## 甲文\n\n本报讯（记者 王晓明） 主要措施如下：\n\n● 第一条措施。\n\n● 第二条措施。\n\n- 甲项\n- 乙项\n');
    const lists = a.body.filter((b) => b.type === 'list');
    expect(lists.map((l) => l.items)).toEqual([['第一条措施。', '第二条措施。'], ['甲项', '乙项']]);
  });
  test('page credits leave the body', () => {
    const p = page('## 甲文\n\n本报讯（记者 王晓明） 正文。\n\n本版图片/李红梅\n\n本版制图：王五\n');
    expect(p.credits).toEqual(['本版图片/李红梅', '本版制图：王五']);
    expect(p.articles[0]!.body).toHaveLength(1);
  });
  test('inline jumps and teaser references', () => {
    const p = page('## 甲文\n\n本报讯（记者 王晓明） 新馆今日开放（相关报道见第5版）。读者排队入馆。（下转第2版）\n');
    const a = p.articles[0]!;
    expect(a.jumps).toEqual([{ direction: 'out', page: 2, mark: null, text: '（下转第2版）', generated: false }]);
    expect(a.body[0]!.text).not.toContain('下转');
    expect(p.teasers).toEqual([{ headline: '甲文', page: 5, text: '（相关报道见第5版）', article: null }]);
  });
});

describe('scraped HTML', () => {
  test('spam tags, scripts, navigation and share junk are removed; metadata kept', () => {
    const html = `<div><rt id="a1"></rt><meter id="a1"></meter><delect id="a1"></delect>
<script>alert(1)</script>
<h1>城东图书馆新馆开放</h1>
<p>2024-03-15 09:00:00 来源:江城网 | 编辑:王五 | 浏览量:120</p>
<p>本报讯（记者 王晓明） 新馆今日开放，市民排队入馆。</p>
<nav><a href="/">首页</a></nav>
<p>责编：王五</p>
<p>返回首页</p>
<p>下载APP</p>
</div>`;
    const r = parseDocument({ path: 'x.html', bytes: Buffer.from(html) });
    const a = r.page.articles[0]!;
    expect(a.headline).toBe('城东图书馆新馆开放');
    expect(a.body.map((b) => b.text)).toEqual(['本报讯（记者 王晓明） 新馆今日开放，市民排队入馆。']);
    expect(r.page.source.meta).toMatchObject({ 来源: '江城网', 编辑: '王五', 浏览量: '120', 责编: '王五' });
    expect(JSON.stringify(r.page)).not.toContain('alert');
  });
  test('mis-decoded text is flagged as garbled-text', () => {
    expect(findGarbled('会议期间\uE48B表示?!焙鲜∈膶萌').length).toBe(1);
    expect(findGarbled('全市新增绿地一百公顷，占比12.5%。')).toEqual([]);
    const d = diags('## 甲文\n\n本报讯（记者 王晓明） 会议期间\uE48B表示?!焙鲜∈膶萌，正文。\n');
    expect(d.find((x) => x.rule === 'garbled-text')).toMatchObject({ line: 3 });
  });
});

describe('editions', () => {
  const e = loadEditions(['test/fixtures/editions/two-pages'])[0]!;
  test('pages ordered by masthead/folio numbers; articles get stable ids', () => {
    expect(e.id).toBe('two-pages');
    expect(e.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(e.pages[1]!.articles.map((a) => a.id)).toEqual(['p2-a1', 'p2-a2']);
  });
  test('a jump out meets its jump in: both links resolved', () => {
    const out = e.links.find((l) => l.kind === 'jump' && l.from.page === 1)!;
    expect(out).toMatchObject({ from: { page: 1, article: 'p1-a1' }, to: { page: 2, article: 'p2-a1' }, mark: '①', resolved: true });
    const back = e.links.find((l) => l.kind === 'jump' && l.from.page === 2)!;
    expect(back).toMatchObject({ to: { page: 1, article: 'p1-a1' }, resolved: true });
    expect(e.pages[1]!.articles[0]!.continues).toBe('p1-a1');
    expect(e.diagnostics.filter((d) => d.rule === 'dangling-jump')).toEqual([]);
  });
  test('the teaser resolves to its page and to the article with that headline', () => {
    const t = e.pages[0]!.teasers[0]!;
    expect(t).toMatchObject({ headline: '滨江公园春季花展开幕', page: 2, article: 'p2-a2' });
    expect(e.links.find((l) => l.kind === 'teaser')).toMatchObject({ to: { page: 2, article: 'p2-a2' }, resolved: true });
  });
  test('a jump to a page that does not exist stays a link, unresolved, with a warning', () => {
    const one = parseEdition('one', [{ path: 'a.md', bytes: Buffer.from('## 甲文\n\n本报讯（记者 王晓明） 正文在此\n▶下转03版②\n') }]);
    expect(one.links).toEqual([{ kind: 'jump', from: { page: null, article: 'p1-a1' }, to: { page: 3, article: null }, mark: '②', resolved: false }]);
    expect(one.diagnostics.find((d) => d.rule === 'dangling-jump')?.message).toContain('not in this edition');
  });
  test('photo with a (资料图片) credit, page credit on page 2', () => {
    const photo = e.pages[1]!.articles[1]!.body.find((b) => b.type === 'photo');
    expect(photo).toMatchObject({ caption: '游客在花丛中拍照。', credit: '（资料图片）', src: 'flowers.jpg' });
    expect(e.pages[1]!.credits).toEqual(['本版图片/孙五']);
  });
  test('an empty document and unclosed front matter are errors with a line', () => {
    expect(diags('')[0]).toMatchObject({ rule: 'empty-document', severity: 'error', line: 1 });
    expect(diags('---\ntitle: "x"\n正文\n').find((d) => d.rule === 'front-matter')).toMatchObject({ severity: 'error', line: 1 });
  });
});
