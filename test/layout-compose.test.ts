import { describe, expect, it } from 'vitest';
import { Edition, type Article, type Block } from '../src/model/schema.js';
import { layoutEdition, type LayoutResult } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import type { FrameBox, FrameLine, FramePage } from '../src/layout/types.js';
import { PHOTO_GROWTH } from '../src/layout/compose/flex.js';

const fonts = loadFontSet();
const broadsheet = loadTemplate('broadsheet');
const tabloid = loadTemplate('tabloid');

// Neutral made-up text: a library opening and a river park.
const SENTENCES = [
  '市图书馆新馆今天正式向市民开放，馆内设有少儿阅览区、古籍修复室和数字体验区。',
  '开馆首日，不少市民一早就在门口排队，希望第一时间走进新馆看一看。',
  '新馆总建筑面积约3.2万平方米，藏书容量达到200万册，可同时容纳2000名读者。',
  '馆方介绍，新馆每周都将举办讲座和读书会，让“全民阅读”走进更多家庭。',
  '沿江公园改造工程近日完工，新增步道8公里，并种植了上千棵乔木。',
  '周边居民表示，傍晚到江边散步已经成了一家人最喜欢的活动。',
  '公园管理处负责人说，下一步将完善照明和休息设施，方便市民夜间游览。',
  '据了解，改造过程中保留了原有的老码头遗址，并设置了图文说明牌（共12块）。',
  '不少家长带着孩子在草坪上放风筝，笑声在江面上传得很远。',
  '志愿者们在入口处为读者办理借阅证，半天时间就发出了近千张。',
];

function para(seed: number, sentences: number): string {
  let s = '';
  for (let i = 0; i < sentences; i++) s += SENTENCES[(seed * 7 + i * 3) % SENTENCES.length];
  return s;
}

function paras(seed: number, count: number, sentences = 4): Block[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'paragraph' as const, text: para(seed + i, sentences + (i % 3)) }));
}

type ArticleInput = Partial<Article> & { id: string; body: Block[] };

function article(a: ArticleInput): ArticleInput {
  return { kicker: null, headline: null, deck: null, byline: null, authors: [], jumps: [], ...a };
}

function page(number: number, articles: ArticleInput[], extra: Record<string, unknown> = {}) {
  return {
    number,
    section: number === 1 ? '要闻' : '城事',
    date: '2024-03-15',
    masthead: null,
    folio: null,
    teasers: [],
    articles,
    credits: [],
    source: { file: `page${number}.md`, format: 'markdown', encoding: 'utf-8', meta: {} },
    ...extra,
  };
}

function edition(pages: unknown[]): Edition {
  return Edition.parse({ id: 'test-2024-03-15', paper: '滨江日报', date: '2024-03-15', pages, links: [], diagnostics: [] });
}

const masthead = {
  paper: '滨江日报',
  date: '2024-03-15',
  weekday: '星期五',
  lunarDate: '甲辰年二月初六',
  issueNumber: 12345,
  pageCount: 8,
  publisher: '中共滨江市委主管、主办',
  cn: 'CN 43-0099',
  postalCode: '41-99',
};

// ---------------------------------------------------------------------------------------------
// Checks shared by the tests
// ---------------------------------------------------------------------------------------------

const BODY_ROLES = new Set(['body', 'subhead', 'list', 'callout', 'quote']);
const HEADLINE_ROLES = new Set(['headline-lead', 'headline', 'headline-small']);
const MARKER = /^(●|\d+\.)$/;

function expectedBodyText(a: Article): string {
  let s = '';
  for (const b of a.body) {
    if (b.type === 'list') s += (b.items ?? []).join('');
    else if (b.type !== 'photo') s += b.text ?? '';
  }
  return s;
}

function actualBodyText(result: LayoutResult, id: string): string {
  let s = '';
  for (const p of result.pages)
    for (const b of p.boxes) {
      if (b.kind !== 'article' || b.article !== id) continue;
      for (const l of b.lines) {
        if (!BODY_ROLES.has(l.role)) continue;
        if (l.role === 'list' && MARKER.test(l.text)) continue;
        s += l.text;
      }
    }
  return s;
}

function overlapArea(a: FrameBox, b: FrameBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.01 && h > 0.01 ? w * h : 0;
}

function inside(inner: FrameBox, outer: FrameBox): boolean {
  const e = 0.01;
  return inner.x >= outer.x - e && inner.y >= outer.y - e && inner.x + inner.width <= outer.x + outer.width + e && inner.y + inner.height <= outer.y + outer.height + e;
}

function checkGeometry(p: FramePage): void {
  const e = 0.01;
  for (const b of p.boxes) {
    expect(b.x).toBeGreaterThanOrEqual(-e);
    expect(b.y).toBeGreaterThanOrEqual(-e);
    expect(b.x + b.width).toBeLessThanOrEqual(p.width + e);
    expect(b.y + b.height).toBeLessThanOrEqual(p.height + e);
    for (const l of b.lines) {
      expect(l.x).toBeGreaterThanOrEqual(-e);
      expect(l.x + l.width).toBeLessThanOrEqual(p.width + e);
      expect(l.y).toBeLessThanOrEqual(p.height);
    }
  }
  // Photos and rules of an article (a logo's frame) sit inside its box; nothing else overlaps.
  for (let i = 0; i < p.boxes.length; i++)
    for (let j = i + 1; j < p.boxes.length; j++) {
      const a = p.boxes[i]!;
      const b = p.boxes[j]!;
      const part = a.kind !== 'article' && a.article ? a : b.kind !== 'article' && b.article ? b : null;
      const other = part === a ? b : a;
      if (part && other.kind === 'article' && other.article === part.article) {
        expect(inside(part, other)).toBe(true);
        continue;
      }
      const area = overlapArea(a, b);
      if (area > 0) throw new Error(`page ${p.number}: ${a.kind} ${a.article} overlaps ${b.kind} ${b.article}`);
    }
}

function checkLines(p: FramePage): void {
  for (const b of p.boxes)
    for (const l of b.lines) {
      expect(l.text.length).toBeGreaterThan(0);
      expect(typeof l.role).toBe('string');
      expect(typeof l.font).toBe('string');
      expect(l.size).toBeGreaterThan(0);
      expect([...l.text].length).toBe(l.xs.length);
      expect(Number.isFinite(l.x) && Number.isFinite(l.y) && Number.isFinite(l.width)).toBe(true);
    }
}

function checkBaselineGrid(p: FramePage, baseline: number): void {
  const ys = p.boxes.flatMap((b) => b.lines.filter((l) => l.role === 'body').map((l) => l.y));
  if (ys.length === 0) return;
  const first = Math.min(...ys);
  for (const y of ys) {
    const steps = (y - first) / baseline;
    expect(Math.abs(steps - Math.round(steps)) * baseline).toBeLessThan(0.01);
  }
}

/** Columns of each article module end within one grid line of each other (the last may be short). */
function checkBalanced(p: FramePage, t: typeof broadsheet): void {
  const colW = (t.page.width - t.margins.left - t.margins.right - (t.columns - 1) * t.gutter) / t.columns;
  for (const b of p.boxes) {
    if (b.kind !== 'article') continue;
    const bottoms = new Map<number, number>();
    for (const l of b.lines) {
      // Body text, and photos standing in the columns (their captions).
      if (!BODY_ROLES.has(l.role) && l.role !== 'caption' && l.role !== 'credit') continue;
      // The grid line the text stands on (captions and subheads sit higher in it than body text).
      const col = Math.floor((l.x - t.margins.left + 0.5) / (colW + t.gutter));
      const row = Math.floor((l.y - t.margins.top) / t.baseline);
      bottoms.set(col, Math.max(bottoms.get(col) ?? 0, row));
    }
    const cols = [...bottoms.keys()].sort((x, y) => x - y);
    if (cols.length < 2) continue;
    const max = Math.max(...bottoms.values());
    for (const c of cols.slice(0, -1)) {
      expect(max - bottoms.get(c)!, `page ${p.number} ${b.article} column ${c}`).toBeLessThanOrEqual(1);
    }
  }
}

function checkAll(result: LayoutResult, input: Edition, t: typeof broadsheet, fill = true): void {
  result.pages.forEach((p, i) => {
    checkGeometry(p);
    checkLines(p);
    checkBaselineGrid(p, t.baseline);
    checkBalanced(p, t);
    expect(p.report.kinsokuViolations).toBe(0);
    expect(p.report.orphans).toBe(0);
    if (fill && i < result.pages.length - 1) expect(p.report.fill).toBeGreaterThanOrEqual(0.95);
  });
  for (const pg of input.pages)
    for (const a of pg.articles) expect(actualBodyText(result, a.id), a.id).toBe(expectedBodyText(a));
}

function lines(result: LayoutResult, pred: (l: FrameLine, b: FrameBox) => boolean): FrameLine[] {
  return result.pages.flatMap((p) => p.boxes.flatMap((b) => b.lines.filter((l) => pred(l, b))));
}

// ---------------------------------------------------------------------------------------------
// Editions
// ---------------------------------------------------------------------------------------------

function frontPageEdition(): Edition {
  return edition([
    page(
      1,
      [
        article({
          id: 'p1-a1',
          kicker: '城市更新再提速',
          headline: '市图书馆新馆今日开放 市民排队入馆',
          deck: '藏书容量两百万册 可同时容纳两千名读者',
          byline: '本报记者 李文',
          body: paras(1, 9),
        }),
        article({ id: 'p1-a2', headline: '沿江公园改造完工', byline: '本报记者 周晴', body: paras(2, 6) }),
        article({ id: 'p1-a3', headline: '老码头遗址得到保留', body: paras(3, 4) }),
        article({ id: 'p1-a4', headline: '志愿者服务新馆读者', logo: '文明城市 你我共建', body: paras(4, 3) }),
      ],
      {
        masthead,
        teasers: [
          { headline: '沿江步道夜间照明方案公布', page: 2, text: '详见02版' },
          { headline: '少儿阅览区推出周末活动', page: 3, text: null },
        ],
      },
    ),
  ]);
}

function overflowEdition(): Edition {
  return edition([
    page(1, [
      article({ id: 'p1-a1', headline: '新馆开放首日迎来上万名读者', byline: '本报记者 李文', body: paras(10, 12) }),
      article({ id: 'p1-a2', headline: '沿江公园改造工程完工', body: paras(11, 9) }),
      article({ id: 'p1-a3', headline: '老码头遗址将建成小型展馆', body: paras(12, 8) }),
      article({ id: 'p1-a4', headline: '江边步道成为市民健身新去处', body: paras(13, 7) }),
      article({ id: 'p1-a5', headline: '读书会每周六下午在新馆举办', body: paras(14, 6) }),
    ], { folio: { number: 1, date: '2024-03-15', section: '城事', phone: null, editors: [] } }),
  ]);
}

function innerPageEdition(): Edition {
  const rich: Block[] = [
    ...paras(20, 3),
    { type: 'subhead', text: '一、阅读空间更宽敞', level: 1 },
    ...paras(21, 3),
    { type: 'list', text: null, ordered: false, items: ['少儿阅览区面向12岁以下儿童开放。', '古籍修复室每月开放两次参观。', '数字体验区提供电子书借阅服务。'] },
    { type: 'callout', text: '“让每一位市民都能走进图书馆。”' },
    ...paras(22, 2),
    { type: 'quote', text: para(23, 2) },
    { type: 'subhead', text: '二、服务时间延长', level: 1 },
    { type: 'list', text: null, ordered: true, items: ['周一至周五9时至21时。', '周六、周日9时至18时。'] },
    ...paras(24, 3),
  ];
  return edition([
    page(
      3,
      [
        article({ id: 'p1-a1', headline: '新馆服务细节一览', byline: '本报记者 王芳', body: [{ type: 'photo', text: null, caption: '读者在新馆阅览区读书。', credit: '本报记者 赵一鸣 摄', src: 'lib.jpg' }, ...rich] }),
        article({ id: 'p1-a2', headline: '沿江公园新增八公里步道', body: [...paras(25, 5), { type: 'photo', text: null, caption: '改造后的沿江步道。', credit: null, src: null }, ...paras(26, 3)] }),
        article({ id: 'p1-a3', headline: '公园夜间照明方案征求意见', body: paras(27, 4) }),
      ],
      {
        folio: { number: 3, date: '2024-03-15', weekday: '星期五', section: '城事', phone: '12345678', editors: [{ role: '责任编辑', name: '陈静' }, { role: '美术编辑', name: '刘洋' }] },
        banner: { title: '书香滨江 幸福家园', subtitle: '——全民阅读特别报道' },
      },
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('layoutEdition', () => {
  it('lays out a front page with masthead, teasers and four articles', () => {
    const input = frontPageEdition();
    const result = layoutEdition(input, broadsheet, fonts);
    expect(result.pages).toHaveLength(1);
    const p = result.pages[0]!;
    checkAll(result, input, broadsheet);
    const kinds = p.boxes.map((b) => b.kind);
    expect(kinds).toContain('masthead');
    expect(kinds).toContain('teasers');
    const mast = p.boxes.find((b) => b.kind === 'masthead')!;
    expect(mast.lines.find((l) => l.role === 'masthead')?.text).toBe('滨江日报');
    const meta = mast.lines.filter((l) => l.role === 'masthead-meta').map((l) => l.text).join('');
    for (const s of ['2024年3月15日', '星期五', '农历甲辰年二月初六', '第12345期', '今日8版', 'CN 43-0099']) expect(meta).toContain(s);
    const refs = p.boxes.find((b) => b.kind === 'teasers')!.lines.filter((l) => l.link);
    expect(refs.map((l) => l.text)).toEqual(['见02版', '见03版']);
    expect(refs[0]!.link).toMatchObject({ kind: 'teaser', page: 2 });
    // The lead is at the top of the article area and is the widest module with the biggest headline.
    const arts = p.boxes.filter((b) => b.kind === 'article');
    expect(arts).toHaveLength(4);
    const lead = arts.find((b) => b.article === 'p1-a1')!;
    expect(Math.min(...arts.map((b) => b.y))).toBeCloseTo(lead.y, 5);
    for (const b of arts) expect(lead.width).toBeGreaterThanOrEqual(b.width - 0.01);
    const headSize = (b: FrameBox) => Math.max(...b.lines.filter((l) => HEADLINE_ROLES.has(l.role)).map((l) => l.size));
    for (const b of arts) if (b !== lead) expect(headSize(lead)).toBeGreaterThan(headSize(b));
    expect(lead.lines.filter((l) => l.role === 'headline-lead').length).toBeGreaterThanOrEqual(1);
    expect(lead.lines.filter((l) => l.role === 'headline-lead').length).toBeLessThanOrEqual(2);
    expect(arts.find((b) => b.article === 'p1-a4')!.lines.some((l) => l.role === 'logo')).toBe(true);
    expect(result.diagnostics.filter((d) => d.rule === 'missing-glyph')).toEqual([]);
    // Single-page edition: no continuation.
    expect(result.edition.links).toEqual([]);
    expect(p.report.continuations).toBe(0);
    console.log(`front page: fill ${p.report.fill.toFixed(3)} (single, last page)`);
  });

  it('continues an overflowing article on a new page with matching jumps and links', () => {
    const input = overflowEdition();
    const t0 = performance.now();
    const result = layoutEdition(input, tabloid, fonts);
    const ms = performance.now() - t0;
    expect(result.pages.length).toBeGreaterThanOrEqual(2);
    checkAll(result, input, tabloid);
    const first = result.pages[0]!;
    expect(first.report.fill).toBeGreaterThanOrEqual(0.95);
    expect(first.report.continuations).toBeGreaterThanOrEqual(1);
    expect(first.report.continuations).toBeLessThanOrEqual(2);
    // The model: a page was added, the article carries a generated out and in jump and a resolved link.
    expect(result.edition.pages.length).toBe(result.pages.length);
    const added = result.edition.pages[1]!;
    expect(added.number).toBe(2);
    expect(added.section).toBe(result.edition.pages[0]!.section);
    expect(added.masthead).toBeNull();
    expect(added.folio?.date).toBe('2024-03-15');
    const links = result.edition.links.filter((l) => l.kind === 'jump');
    expect(links.length).toBe(first.report.continuations);
    const marks = ['①', '②'];
    links.forEach((link, i) => {
      expect(link.resolved).toBe(true);
      expect(link.from.page).toBe(1);
      expect(link.to.page).toBe(2);
      expect(link.mark).toBe(marks[i]);
      const art = result.edition.pages[0]!.articles.find((a) => a.id === link.from.article)!;
      const out = art.jumps.find((j) => j.generated && j.direction === 'out')!;
      const inn = art.jumps.find((j) => j.generated && j.direction === 'in')!;
      expect(out).toMatchObject({ page: 2, mark: marks[i], text: `▶下转02版${marks[i]}` });
      expect(inn).toMatchObject({ page: 1, mark: marks[i], text: `▲上接01版${marks[i]}` });
      // The frames: the out line on page 1 and the in line on page 2, both linked.
      const outLine = lines(result, (l, b) => l.role === 'jump' && b.article === art.id && l.text === out.text);
      const inLine = lines(result, (l, b) => l.role === 'jump' && b.article === art.id && l.text === inn.text);
      expect(outLine).toHaveLength(1);
      expect(inLine).toHaveLength(1);
      expect(outLine[0]!.link).toEqual({ kind: 'jump', page: 2, article: art.id, resolved: true, code: '02' });
      expect(inLine[0]!.link).toEqual({ kind: 'jump', page: 1, article: art.id, resolved: true, code: '01' });
      // The continuation has at least five lines and a short headline.
      const cont = result.pages[1]!.boxes.find((b) => b.kind === 'article' && b.article === art.id)!;
      expect(cont.lines.filter((l) => l.role === 'body').length).toBeGreaterThanOrEqual(5);
      expect(cont.lines.some((l) => l.role === 'headline-small')).toBe(true);
    });
    expect(result.diagnostics.filter((d) => d.rule === 'continuation' && d.severity === 'info')).toHaveLength(links.length);
    // The input is not changed.
    expect(input.pages).toHaveLength(1);
    expect(input.links).toEqual([]);
    console.log(`overflow edition: ${ms.toFixed(1)} ms, fill ${result.pages.map((p) => p.report.fill.toFixed(3)).join(' ')}`);
  });

  it('lays out an inner page with folio, banner, photos, subheads, lists and callouts', () => {
    const input = innerPageEdition();
    const result = layoutEdition(input, broadsheet, fonts, { images: { 'lib.jpg': { width: 1600, height: 900 } } });
    checkAll(result, input, broadsheet);
    const p = result.pages[0]!;
    expect(p.number).toBe(3);
    const folio = p.boxes.find((b) => b.kind === 'folio')!;
    const ftext = folio.lines.map((l) => l.text).join(' ');
    for (const s of ['第03版', '城事', '2024年3月15日', '责任编辑：陈静']) expect(ftext).toContain(s);
    const banner = p.boxes.find((b) => b.kind === 'banner')!;
    expect(banner.lines.map((l) => l.role)).toEqual(['banner', 'banner-sub']);
    expect(banner.y).toBeGreaterThanOrEqual(folio.y + folio.height - 0.01);
    const photos = p.boxes.filter((b) => b.kind === 'photo');
    expect(photos).toHaveLength(2);
    const known = photos.find((b) => b.image?.file === 'lib.jpg')!;
    expect(known.image?.alt).toBe('读者在新馆阅览区读书。');
    // Its 16:9 shape, cropped at most as far as a photo may grow to fill its module.
    expect(known.width / known.height).toBeGreaterThan(1600 / 900 / (1 + PHOTO_GROWTH) - 0.02);
    expect(known.width / known.height).toBeLessThan(1600 / 900 + 0.02);
    expect(photos.find((b) => b.image?.file === null)).toBeDefined();
    const a1 = p.boxes.find((b) => b.kind === 'article' && b.article === 'p1-a1')!;
    expect(a1.lines.some((l) => l.role === 'caption')).toBe(true);
    expect(a1.lines.some((l) => l.role === 'credit')).toBe(true);
    expect(a1.lines.filter((l) => l.role === 'list' && MARKER.test(l.text)).map((l) => l.text)).toEqual(['●', '●', '●', '1.', '2.']);
    expect(a1.lines.some((l) => l.role === 'callout')).toBe(true);
    console.log(`inner page: fill ${p.report.fill.toFixed(3)} (single, last page)`);
  });

  it('sets a folio too long for its line on more lines, none over another, every word of it drawn', () => {
    const folio = { number: 7, date: '2024-03-15', weekday: '星期五', section: '奋进新时代 建设新城区·沿江公园改造工程特别报道', phone: '0731-12345678', editors: [{ role: '责任编辑', name: '陈静' }, { role: '美术编辑', name: '李文' }] };
    const input = edition([page(7, [article({ id: 'p1-a1', headline: '沿江公园新增八公里步道', body: paras(3, 2) })], { folio })]);
    for (const t of [broadsheet, tabloid]) {
      const p = layoutEdition(input, t, fonts, { formats: true }).pages[0]!;
      const box = p.boxes.find((b) => b.kind === 'folio')!;
      const text = box.lines.map((l) => l.text).join('');
      for (const s of ['第07版', '奋进新时代', '特别报道', '2024年3月15日', '星期五', '责任编辑：陈静', '美术编辑：李文', '0731-12345678']) expect(text, t.name).toContain(s);
      for (const l of box.lines) expect(l.x + l.width, `${t.name}: ${l.text}`).toBeLessThanOrEqual(box.x + box.width + 0.01);
      for (const a of box.lines) {
        for (const b of box.lines) {
          if (a === b || Math.abs(a.y - b.y) > 0.01) continue;
          const apart = a.x + a.width <= b.x + 0.01 || b.x + b.width <= a.x + 0.01;
          expect(apart, `${t.name}: “${a.text}” over “${b.text}”`).toBe(true);
        }
      }
      expect(box.lines.every((l) => l.y < box.y + box.height), t.name).toBe(true);
    }
  });

  it('reports each missing glyph once per article and still draws it', () => {
    const input = edition([page(1, [article({ id: 'p1-a1', headline: '测试', body: [{ type: 'paragraph', text: para(1, 3) + '\u{10FFFD}\u{10FFFD}。' }] })])]);
    const result = layoutEdition(input, tabloid, fonts);
    const missing = result.diagnostics.filter((d) => d.rule === 'missing-glyph');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain('p1-a1');
    expect(actualBodyText(result, 'p1-a1')).toContain('\u{10FFFD}');
  });

  it('draws the jumps printed in the source with their links', () => {
    const input = Edition.parse({
      id: 'src-jumps',
      paper: '滨江日报',
      date: '2024-03-15',
      pages: [
        page(1, [
          article({ id: 'p1-a1', headline: '新馆开放首日', body: paras(30, 3), jumps: [{ direction: 'out', page: 2, mark: '①', text: '▶下转02版①', generated: false }] }),
          article({ id: 'p1-a2', headline: '沿江公园完工', body: paras(31, 3) }),
        ]),
        page(2, [
          article({ id: 'p2-a1', headline: '新馆开放首日', continues: 'p1-a1', body: paras(32, 2), jumps: [{ direction: 'in', page: 1, mark: '①', text: '▲上接01版①', generated: false }] }),
        ]),
      ],
      links: [{ kind: 'jump', from: { page: 1, article: 'p1-a1' }, to: { page: 2, article: 'p2-a1' }, mark: '①', resolved: true }],
      diagnostics: [],
    });
    const result = layoutEdition(input, tabloid, fonts, { formats: true });
    // Page 1 holds too little text to fill the tabloid: it is set on a smaller sheet, which it fills.
    checkAll(result, input, tabloid, false);
    expect(result.pages[0]!.width * result.pages[0]!.height).toBeLessThan(0.8 * tabloid.page.width * tabloid.page.height);
    expect(result.diagnostics.some((d) => d.rule === 'underfilled-page' && d.file === 'page1.md')).toBe(false);
    const out = lines(result, (l) => l.text === '▶下转02版①');
    const inn = lines(result, (l) => l.text === '▲上接01版①');
    expect(out).toHaveLength(1);
    expect(inn).toHaveLength(1);
    expect(out[0]!.role).toBe('jump');
    expect(out[0]!.link).toEqual({ kind: 'jump', page: 2, article: 'p2-a1', resolved: true, code: '02' });
    expect(inn[0]!.link).toEqual({ kind: 'jump', page: 1, article: 'p1-a1', resolved: true, code: '01' });
    // Right-aligned in its column.
    const box = result.pages[0]!.boxes.find((b) => b.article === 'p1-a1' && b.kind === 'article')!;
    const colW = (tabloid.page.width - tabloid.margins.left - tabloid.margins.right - 4 * tabloid.gutter) / 5;
    const right = out[0]!.x + out[0]!.width;
    const colRight = box.x + Math.round((right - box.x) / (colW + tabloid.gutter)) * (colW + tabloid.gutter) - tabloid.gutter;
    expect(Math.abs(right - colRight)).toBeLessThan(0.5);
    expect(result.edition.links).toEqual(input.links);
  });

  it('keeps every invariant on random multi-page editions', () => {
    for (let seed = 1; seed <= 8; seed++) {
      let state = seed * 7919;
      const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
      const t = seed % 2 ? broadsheet : tabloid;
      const heads = ['新馆开放首日迎来上万名读者', '沿江公园改造工程完工', '老码头遗址将建成小型展馆', '江边步道成为市民健身新去处', '读书会每周六下午在新馆举办'];
      const pages = Array.from({ length: 1 + (seed % 3) }, (_, pi) => {
        const n = 2 + Math.floor(rand() * (t === broadsheet ? 6 : 4));
        const scale = (t === broadsheet ? 1.6 : 0.9) * (0.6 + rand() * 1.2);
        return page(
          pi + 1,
          Array.from({ length: n }, (_, i) => {
            const body = paras(seed * 31 + i * 5, Math.max(1, Math.round((4 + rand() * 12) * scale)), 2);
            if (rand() < 0.3) body.splice(1, 0, { type: 'photo', text: null, caption: '改造后的沿江步道。', credit: null, src: null });
            if (rand() < 0.3) body.splice(2, 0, { type: 'subhead', text: '一、阅读空间更宽敞' });
            if (rand() < 0.2) body.push({ type: 'list', text: null, ordered: true, items: ['周一至周五9时至21时。', '周六、周日9时至18时。'] });
            return article({ id: `p${pi + 1}-a${i + 1}`, headline: heads[(seed + i) % heads.length]!, byline: '本报记者 李文', body });
          }),
          pi === 0 ? { masthead } : { folio: { number: pi + 1, date: '2024-03-15', section: '城事', phone: null, editors: [] } },
        );
      });
      const input = edition(pages);
      const result = layoutEdition(input, t, fonts);
      result.pages.forEach((p, i) => {
        checkGeometry(p);
        checkLines(p);
        checkBaselineGrid(p, t.baseline);
        checkBalanced(p, t);
        expect(p.report.kinsokuViolations).toBe(0);
        expect(p.report.orphans).toBe(0);
        expect(p.report.continuations).toBeLessThanOrEqual(2);
        // A page that had to cut articles is full.
        if (p.report.continuations > 0 && i < result.pages.length - 1) expect(p.report.fill, `seed ${seed} page ${p.number}`).toBeGreaterThanOrEqual(0.95);
      });
      for (const pg of input.pages) for (const a of pg.articles) expect(actualBodyText(result, a.id), `seed ${seed} ${a.id}`).toBe(expectedBodyText(a));
      // Every generated link has its out line, its in line and a continuation of five lines or more.
      for (const link of result.edition.links) {
        const toPage = result.pages.find((p) => p.number === link.to.page)!;
        const cont = toPage.boxes.find((b) => b.kind === 'article' && b.article === link.to.article)!;
        expect(cont.lines.filter((l) => l.role === 'body').length).toBeGreaterThanOrEqual(5);
        expect(cont.lines.some((l) => l.role === 'jump' && l.text === `▲上接${String(link.from.page).padStart(2, '0')}版${link.mark}`)).toBe(true);
        const fromPage = result.pages.find((p) => p.number === link.from.page)!;
        expect(fromPage.boxes.some((b) => b.article === link.from.article && b.lines.some((l) => l.text === `▶下转${String(link.to.page).padStart(2, '0')}版${link.mark}`))).toBe(true);
      }
    }
  });
});
