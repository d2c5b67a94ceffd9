import { describe, expect, it } from 'vitest';
import { Edition, type Article, type Block } from '../src/model/schema.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import type { Template } from '../src/layout/template/schema.js';
import { holes, mixedEdition, type Hole } from './layout-measure.js';
import { pageFormat } from '../src/layout/compose/format.js';

const fonts = loadFontSet();
const broadsheet = loadTemplate('broadsheet');
const tabloid = loadTemplate('tabloid');

// Neutral made-up text: a library opening, a river park, a bus line.
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
  '新开通的12路公交车连接火车站和大学城，全程约40分钟。',
  '公交公司表示，早晚高峰时段发车间隔将缩短到8分钟。',
];

const HEADS = [
  '新馆开放首日迎来上万名读者',
  '沿江公园改造工程完工',
  '老码头遗址将建成小型展馆',
  '江边步道成为市民健身新去处',
  '读书会每周六下午在新馆举办',
  '新公交线路连接火车站和大学城',
  '少儿阅览区推出周末亲子活动',
];

type Rand = () => number;

function rng(seed: number): Rand {
  let state = seed * 7919 + 17;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function para(rand: Rand, sentences: number): string {
  let s = '';
  for (let i = 0; i < sentences; i++) s += SENTENCES[Math.floor(rand() * SENTENCES.length)];
  return s;
}

function makeArticle(rand: Rand, id: string, chars: number): Partial<Article> & { id: string; body: Block[] } {
  const body: Block[] = [];
  let n = 0;
  while (n < chars) {
    const text = para(rand, 1 + Math.floor(rand() * 4));
    body.push({ type: 'paragraph', text });
    n += text.length;
  }
  const r = rand();
  const photo: Block = { type: 'photo', text: null, caption: '改造后的沿江步道。', credit: '本报记者 赵一鸣 摄', src: null };
  if (r < 0.15) body.unshift(photo);
  else if (r < 0.35 && body.length > 2) body.splice(1 + Math.floor(rand() * (body.length - 1)), 0, photo);
  if (rand() < 0.25 && body.length > 3) body.splice(2, 0, { type: 'subhead', text: '一、阅读空间更宽敞', level: 1 });
  if (rand() < 0.1) body.push({ type: 'list', text: null, ordered: true, items: ['周一至周五9时至21时。', '周六、周日9时至18时。'] });
  return {
    id,
    kicker: rand() < 0.2 ? '城市更新再提速' : null,
    headline: HEADS[Math.floor(rand() * HEADS.length)]!,
    deck: rand() < 0.2 ? '藏书容量两百万册 可同时容纳两千名读者' : null,
    logo: rand() < 0.1 ? '文明城市 你我共建' : null,
    byline: '本报记者 李文',
    authors: [],
    jumps: [],
    body,
  };
}

/** A multi-page edition holding more text than its pages, so that every page but the last is full. */
function stressEdition(seed: number, t: Template, pages: number): Edition {
  const rand = rng(seed);
  const capacity = t === broadsheet ? 10000 : 4800;
  return Edition.parse({
    id: `stress-${seed}`,
    paper: '滨江日报',
    date: '2024-03-15',
    pages: Array.from({ length: pages }, (_, pi) => {
      const n = 3 + Math.floor(rand() * (t === broadsheet ? 6 : 4));
      const total = capacity * (1.1 + rand() * 0.5);
      // Article lengths: a long lead, then a spread of shorter pieces.
      const weights = Array.from({ length: n }, (_, i) => (i === 0 ? 2 + rand() : 0.3 + rand()));
      const sum = weights.reduce((a, b) => a + b, 0);
      return {
        number: pi + 1,
        section: '城事',
        date: '2024-03-15',
        masthead: null,
        folio: { number: pi + 1, date: '2024-03-15', section: '城事', phone: null, editors: [] },
        teasers: [],
        articles: weights.map((w, i) => makeArticle(rand, `p${pi + 1}-a${i + 1}`, Math.max(80, Math.round((total * w) / sum)))),
        credits: [],
        source: { file: `page${pi + 1}.md`, format: 'markdown', encoding: 'utf-8', meta: {} },
      };
    }),
    links: [],
    diagnostics: [],
  });
}


/** A hole larger than 1 column × 3 lines: more than three grid cells. */
function isBad(h: Hole): boolean {
  return h.cells > 3;
}

function histogram(sizes: number[]): string {
  const bins: [string, (n: number) => boolean][] = [
    ['1', (n) => n === 1],
    ['2-3', (n) => n >= 2 && n <= 3],
    ['4-8', (n) => n >= 4 && n <= 8],
    ['9-20', (n) => n >= 9 && n <= 20],
    ['21-50', (n) => n >= 21 && n <= 50],
    ['>50', (n) => n > 50],
  ];
  return bins.map(([label, f]) => `${label}:${sizes.filter(f).length}`).join(' ');
}

describe('holes on full pages', () => {
  it('leaves no hole larger than 1 column × 3 lines on pages before an edition’s last', () => {
    const all: Hole[] = [];
    const bad: string[] = [];
    const fills: number[] = [];
    let pages = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const t = seed % 2 ? broadsheet : tabloid;
      const input = stressEdition(seed, t, 3);
      const result = layoutEdition(input, t, fonts);
      result.pages.forEach((p, i) => {
        if (i === result.pages.length - 1) return;
        pages++;
        fills.push(p.report.fill);
        for (const h of holes(p, t)) {
          all.push(h);
          if (isBad(h)) bad.push(`seed ${seed} ${t.name} page ${p.number}: ${h.cells} cells (${h.cols} col × ${h.rows} lines at col ${h.col} line ${h.row})`);
        }
      });
    }
    const sizes = all.map((h) => h.cells);
    fills.sort((a, b) => a - b);
    console.log(
      `holes on ${pages} full pages: ${all.length} holes, ${sizes.reduce((a, b) => a + b, 0)} cells; by size ${histogram(sizes)}; ` +
        `bad ${bad.length}; fill min ${fills[0]?.toFixed(3)} median ${fills[Math.floor(fills.length / 2)]?.toFixed(3)}`,
    );
    if (bad.length > 0) console.log(bad.join('\n'));
    expect(pages).toBeGreaterThanOrEqual(20);
    expect(bad).toEqual([]);
  });
});

/** An index page: articles of a headline each and no text (a digital paper's page of links). */
function headlinesOnly(n: number): Edition {
  return Edition.parse({
    id: 'index',
    paper: '滨江日报',
    date: '2024-03-15',
    pages: [
      {
        number: 1,
        section: '要闻',
        date: '2024-03-15',
        masthead: null,
        folio: { number: 1, date: '2024-03-15', section: '要闻', phone: null, editors: [] },
        teasers: [],
        articles: Array.from({ length: n }, (_, i) => ({ id: `p1-a${i + 1}`, kicker: null, headline: HEADS[i % HEADS.length]!, deck: null, logo: null, byline: null, authors: [], jumps: [], body: [] })),
        credits: [],
        source: { file: 'index.md', format: 'markdown', encoding: 'utf-8', meta: {} },
      },
    ],
    links: [],
    diagnostics: [],
  });
}

describe('holes on pages the first search leaves open', () => {
  it('sets a heading with nothing under it at its module’s foot, its air above it', () => {
    for (const t of [broadsheet, tabloid]) {
      for (const n of [4, 5, 7]) {
        const [page] = layoutEdition(headlinesOnly(n), t, fonts, { formats: true }).pages;
        const g = pageFormat(t, page!);
        const modules = page!.boxes.filter((x) => x.kind === 'article');
        // White under each heading's last line: what the heading itself leaves, the same in every module.
        const under = modules.map((b) => b.y + b.height - Math.max(...b.lines.map((l) => l.y)));
        for (const [i, w] of under.entries()) expect(w, `${t.name} ${n} ${modules[i]!.article}`).toBeLessThan(Math.min(...under) + g.baseline);
        const stretched = modules.filter((b) => b.lines[0]!.y - b.y > 3 * g.baseline).length;
        expect(holes(page!, g).filter(isBad), `${t.name} ${n}`).toEqual([]);
        if (n === 5) expect(stretched).toBeGreaterThan(0);
      }
    }
  });

  it('searches a page left with a hole again, with every stretch its modules allow', () => {
    // Three articles on a tabloid page: a lead without photos over a short one beside one with a
    // photo. Only the lead set a few lines deeper than any level beside or below it leaves no hole.
    const [page] = layoutEdition(mixedEdition(111, tabloid, 3, 0.6), tabloid, fonts, { formats: true }).pages;
    expect(page!.boxes.filter((b) => b.kind === 'article').length).toBe(3);
    expect(holes(page!, pageFormat(tabloid, page!)).filter(isBad)).toEqual([]);
  });

  it('searches a page still left with a hole a third time, each span of the first item keeping a share of the beam, and gives up early what no module left can fill', () => {
    // A last page of six text-only articles on the broadsheet, with a continuation carried to its foot.
    // The continuation set two columns wide (cheapest on its own) leaves a hole however the rest go; it
    // fits one column wide beside the last article, with the articles above set level over the whole width.
    const [, page] = layoutEdition(mixedEdition(110, broadsheet, 2, 0.6), broadsheet, fonts, { formats: true }).pages;
    const continued = page!.boxes.filter((b) => b.kind === 'article' && b.lines.some((l) => l.role === 'jump' && l.text.includes('上接')));
    expect(continued.length).toBe(1);
    expect(holes(page!, pageFormat(broadsheet, page!)).filter(isBad)).toEqual([]);
  });

  it('sets a module a line down under its rule when no other way makes it the one line taller the foot asks', () => {
    // Four articles on the broadsheet: a lead over three modules side by side. The middle one can be
    // stretched by 4 lines at most (air and looser paragraphs): the foot needs 5, so it is set a line down.
    const [page] = layoutEdition(mixedEdition(108, broadsheet, 3, 0.4), broadsheet, fonts, { formats: true }).pages;
    const g = pageFormat(broadsheet, page!);
    expect(holes(page!, g).filter(isBad)).toEqual([]);
    const rules = page!.boxes.filter((b) => b.kind === 'rule' && b.width > b.height);
    const modules = page!.boxes.filter((b) => b.kind === 'article');
    // The white a line deep between a rule and the module under it: the line it was set down by.
    const dropped = modules.filter((m) => rules.some((r) => Math.abs(r.x - m.x) < 1 && Math.abs(r.width - m.width) < 1 && Math.abs(m.y - (r.y + g.baseline * 1.5)) < 1));
    expect(dropped.length).toBe(1);
  });
});
