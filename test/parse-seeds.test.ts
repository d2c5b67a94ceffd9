/**
 * End-to-end facts on the five sample editions (the seeds, byte for byte).
 */
import { describe, expect, test } from 'vitest';
import { Edition as EditionSchema, type Article, type Edition } from '../src/model/schema.js';
import { loadEditions } from '../src/cli/index.js';

const editions = new Map<string, Edition>(loadEditions(['samples']).map((e) => [e.id, e]));
const ed = (id: string) => {
  const e = editions.get(id);
  if (!e) throw new Error(`no sample ${id}`);
  return e;
};
const articles = (id: string) => ed(id).pages.flatMap((p) => p.articles);
const byHeadline = (id: string, part: string): Article => {
  const a = articles(id).find((x) => x.headline?.includes(part));
  if (!a) throw new Error(`no article "${part}" in ${id}`);
  return a;
};
const bodyText = (a: Article) => a.body.map((b) => b.text ?? '').join('\n');
const rules = (id: string) => ed(id).diagnostics.map((d) => d.rule);

test('five sample editions, each valid against the schema', () => {
  expect([...editions.keys()].sort()).toEqual([
    '000-jekyll-post',
    '001-front-page',
    '002-inner-page',
    '003-web-interview',
    '004-special-report',
  ]);
  for (const e of editions.values()) expect(() => EditionSchema.parse(JSON.parse(JSON.stringify(e)))).not.toThrow();
});

describe('000 Jekyll post', () => {
  test('front matter title is the headline; date from front matter; source goes to metadata', () => {
    const e = ed('000-jekyll-post');
    const [a] = articles('000-jekyll-post');
    expect(a!.headline).toBe('大力培育市场主体 提升干部能力 为打造“三个高地”提供坚强保障');
    expect(e.date).toBe('2022-01-25');
    expect(e.paper).toBe('株洲日报');
    const meta = e.pages[0]!.source.meta;
    expect(meta['来源']).toBe('株洲日报');
    expect(meta.url).toMatch(/^http:\/\/finews\.zning\.xyz\//);
    expect(e.pages[0]!.source.format).toBe('jekyll');
  });
  test('nine paragraphs; no link junk or source line in the body', () => {
    const [a] = articles('000-jekyll-post');
    expect(a!.body.filter((b) => b.type === 'paragraph')).toHaveLength(9);
    const text = bodyText(a!);
    expect(text).not.toMatch(/返回首页|返回株洲日报新闻|文章来源|http|<p/);
    expect(a!.body[0]!.text!.startsWith('1月24日，株洲市2022年')).toBe(true);
  });
});

describe('001 front page', () => {
  const id = '001-front-page';
  test('masthead fields', () => {
    const m = ed(id).pages[0]!.masthead!;
    expect(m).toMatchObject({
      paper: '株洲日报',
      date: '2023-02-01',
      weekday: '星期三',
      lunarDate: '癸卯年正月十一',
      issueNumber: 23203,
      pageCount: 8,
      publisher: '中共株洲市委主管、主办',
      cn: 'CN 43-0005',
    });
    expect(ed(id).pages[0]!.number).toBe(1);
  });
  test('teasers: two headlines pointing to page 8, unresolved in a one-page edition', () => {
    const p = ed(id).pages[0]!;
    expect(p.teasers.map((t) => [t.headline.slice(0, 8), t.page])).toEqual([
      ['《求是》杂志发表', 8],
      ['习近平复信匈牙利', 8],
    ]);
    expect(ed(id).links.filter((l) => l.kind === 'teaser').every((l) => !l.resolved)).toBe(true);
    expect(rules(id).filter((r) => r === 'dangling-teaser')).toHaveLength(2);
  });
  test('lead story: logo, kicker, headline, deck, byline', () => {
    const a = articles(id)[0]!;
    expect(a.logo).toBe('新时代 新征程 新伟业');
    expect(a.kicker).toBe('曹慧泉在株洲市2023年打造“三个高地”暨“项目攻坚年”“作风建设年”活动推进大会上强调');
    expect(a.headline).toBe('强化项目硬支撑 提升作风软实力 深入推进“三个高地”建设');
    expect(a.deck).toBe('陈恢清作工作报告');
    expect(a.dateline).toBe('株洲日报讯');
    expect(a.authors).toEqual([{ role: '全媒体记者', name: '罗欣' }]);
  });
  test('column breaks are joined, doubled character flagged', () => {
    const lead = articles(id)[0]!;
    expect(bodyText(lead)).toContain('科技创新支撑力进一步显现,发展环境');
    expect(bodyText(lead)).toContain('以“跳起来摘桃子”的激情和干劲确定目标任务');
    const style = byHeadline(id, '着力解决5个方面问题');
    expect(bodyText(style)).toContain('深化工程建设项目招投标领域突出问题专项整治治,深化整治');
    const doubled = ed(id).diagnostics.find((d) => d.rule === 'doubled-character');
    expect(doubled).toMatchObject({ line: 79, severity: 'warning' });
  });
  test('a dateline in mid-article starts a new article whose headline was lost', () => {
    const idx = articles(id).findIndex((a) => a.headline === '打造“三个高地” 一批单位获表彰');
    const next = articles(id)[idx + 1]!;
    expect(next.headline).toBeNull();
    expect(next.authors).toEqual([
      { role: '全媒体记者', name: '廖喜张' },
      { role: '通讯员', name: '吴章芹' },
    ]);
    expect(articles(id)[idx + 2]!.headline).toBe('“项目攻坚年” 重点实施五大攻坚行动');
  });
  test('jumps out with marks ① and ②, dangling in a one-page edition', () => {
    const reform = byHeadline(id, '10项重大改革事项');
    expect(reform.jumps).toEqual([{ direction: 'out', page: 2, mark: '①', text: '▶下转 02版①', generated: false }]);
    expect(bodyText(reform)).not.toContain('下转');
    const comment = byHeadline(id, '以作风建设促项目建设');
    expect(comment.jumps[0]).toMatchObject({ direction: 'out', page: 2, mark: '②' });
    expect(comment.byline).toBe('朱理平');
    expect(comment.deck).toBeNull();
    const jumpLinks = ed(id).links.filter((l) => l.kind === 'jump');
    expect(jumpLinks).toHaveLength(2);
    expect(jumpLinks.every((l) => !l.resolved && l.to.page === 2)).toBe(true);
  });
  test('deck set as ### under a ## headline; several names after one role', () => {
    const a = byHeadline(id, '市政府聘任 新一届法律顾问');
    expect(a.deck).toBe('12人受聘,陈恢清颁发聘书');
    expect(a.authors).toEqual([
      { role: '全媒体记者', name: '周圆' },
      { role: '通讯员', name: '邹丽青' },
      { role: '通讯员', name: '张逸安' },
    ]);
  });
  test('photo story: caption joined across the column break, credit separate', () => {
    const a = byHeadline(id, '璀璨焰火绽放瓷城');
    expect(a.body).toHaveLength(1);
    const photo = a.body[0]!;
    expect(photo.type).toBe('photo');
    expect(photo.credit).toBe('株洲日报通讯员/黄永强 摄');
    expect(photo.caption).toMatch(/^1月30日晚8时.*视觉盛宴。$/);
  });
});

describe('002 inner page', () => {
  const id = '002-inner-page';
  test('plain-line cluster: column logo, kicker, headline, deck', () => {
    const a = articles(id)[0]!;
    expect(a.logo).toBe('打造“三个高地” 走在前列');
    expect(a.kicker).toBe('曹慧泉在全市“走找想促”活动相关交流会暨打造“三个高地”三季度讲评会上强调');
    expect(a.headline).toBe('深入推进“走找想促”活动 全面推进“三个高地”建设');
    expect(a.deck).toBe('陈恢清主持会议');
  });
  test('plain kickers above ## headlines', () => {
    expect(byHeadline(id, '获全能奖冠军').kicker).toBe('三季度打造“三个高地”竞赛评比结果出炉');
    expect(byHeadline(id, '1126幅照片').kicker).toBe('“项目攻坚年”活动摄影大赛作品展开展');
    expect(byHeadline(id, '紧盯重点守牢安全底线').kicker).toBe('陈恢清在相关会议上强调');
  });
  test('seven articles; paper from the datelines; joined paragraphs', () => {
    expect(articles(id)).toHaveLength(7);
    expect(ed(id).paper).toBe('株洲日报');
    expect(bodyText(byHeadline(id, '获全能奖冠军'))).toContain('株洲高新区(天元区)和石峰区。');
    expect(bodyText(articles(id)[0]!)).toContain('取得新的更大成效。');
  });
  test('photo caption with credit at its end', () => {
    const photo = byHeadline(id, '1126幅照片').body.find((b) => b.type === 'photo')!;
    expect(photo.caption).toBe('11月3日,摄影大赛作品展在市“三高”指挥部一楼进行。');
    expect(photo.credit).toBe('株洲日报全媒体记者/张媛 摄');
  });
  test('"扫一扫关注…" is not body text', () => {
    expect(articles(id).map(bodyText).join('')).not.toContain('扫一扫');
  });
});

describe('003 scraped HTML', () => {
  const id = '003-web-interview';
  test('spam tags, navigation and ads removed; metadata kept', () => {
    const e = ed(id);
    const all = articles(id).map(bodyText).join('\n');
    expect(all).not.toMatch(/xz8z2|<rt|頭條|我要報料|下載APP|彩票|責編|來源/);
    expect(e.pages[0]!.source.meta).toMatchObject({ 来源: '紅網', 编辑: '王珈', 责编: '王珈', 浏览量: '4202', 时间: '2023-01-18 14:08:19' });
    expect(e.date).toBe('2023-01-18');
    expect(e.lang).toBe('zh-Hant');
  });
  test('headline, byline with two roles, label subheads, photo credit', () => {
    const [a] = articles(id);
    expect(a!.headline).toBe('兩會專訪丨曹慧泉:大力培育制造名城,加快建設幸福株洲');
    expect(a!.authors).toEqual([
      { role: '記者', name: '劉志雄' },
      { role: '攝影', name: '李長宏' },
    ]);
    expect(a!.body.filter((b) => b.type === 'subhead').map((b) => b.text)).toEqual([
      '產業:制造名城更加有實有名',
      '民生:幸福株洲更加宜居宜業',
      '未來:6方面著力,株洲要“穩進高新”',
    ]);
    const photo = a!.body.find((b) => b.type === 'photo')!;
    expect(photo).toMatchObject({ caption: '制造名城早餐會。', credit: '易翔/攝' });
  });
  test('garbled text flagged with its line', () => {
    const garbled = ed(id).diagnostics.filter((d) => d.rule === 'garbled-text');
    expect(garbled.length).toBeGreaterThanOrEqual(3);
    expect(garbled[0]!.line).toBe(21);
    expect(garbled[0]!.message).toMatch(/情懷\?!.*[\uE000-\uF8FF]/);
  });
});

describe('004 special report', () => {
  const id = '004-special-report';
  test('banner and folio with editors', () => {
    const p = ed(id).pages[0]!;
    expect(p.banner).toEqual({ title: '制造名城 幸福株洲', subtitle: '——中国共产党株洲市第十三次代表大会特别报道' });
    expect(p.folio).toMatchObject({
      date: '2021-09-28',
      weekday: '星期二',
      phone: '28891459',
      editors: [
        { role: '责任编辑', name: '盛荣' },
        { role: '美术编辑', name: '左骏' },
        { role: '校对', name: '张武' },
      ],
    });
    expect(p.credits).toEqual(['本版制图/左骏']);
  });
  test('one article: the banner is not its headline; deck and byline', () => {
    expect(articles(id)).toHaveLength(1);
    const a = articles(id)[0]!;
    expect(a.headline).toBe('精准发力 迈向具有株洲特色的现代化');
    expect(a.deck).toBe('曹慧泉在市第十三次党代会上的报告解读·重点任务举措篇');
    expect(a.byline).toBe('株洲日报·掌上株洲记者·邓伟勇');
    expect(a.authors).toEqual([{ role: '记者', name: '邓伟勇' }]);
  });
  test('numbered subheads at two levels, lists, ● bullets and the 3+3+2 callout', () => {
    const a = articles(id)[0]!;
    const subheads = a.body.filter((b) => b.type === 'subhead');
    expect(subheads.filter((b) => b.level === 1).map((b) => b.text!.slice(0, 2))).toEqual(['1.', '2.', '3.', '4.', '5.']);
    expect(subheads.find((b) => b.text === '推动企业孵化裂变')?.level).toBe(2);
    expect(a.body.find((b) => b.type === 'callout')?.text).toBe('3+3+2');
    const bullets = a.body.filter((b) => b.type === 'list' && b.items![0]!.startsWith('第一个“3”'));
    expect(bullets).toHaveLength(1);
    expect(bullets[0]!.items).toHaveLength(2);
    expect(a.body.filter((b) => b.type === 'list').length).toBeGreaterThan(10);
  });
});
