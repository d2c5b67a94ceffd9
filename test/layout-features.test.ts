import { describe, expect, it } from 'vitest';
import { Edition, type Article, type Block } from '../src/model/schema.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import type { FrameBox, FramePage } from '../src/layout/types.js';

const fonts = loadFontSet();
const broadsheet = loadTemplate('broadsheet');
const tabloid = loadTemplate('tabloid');

// Neutral made-up text.
const SENTENCES = [
  '市图书馆新馆今天正式向市民开放，馆内设有少儿阅览区、古籍修复室和数字体验区。',
  '开馆首日，不少市民一早就在门口排队，希望第一时间走进新馆看一看。',
  '新馆总建筑面积约3.2万平方米，藏书容量达到200万册，可同时容纳2000名读者。',
  '馆方介绍，新馆每周都将举办讲座和读书会，让“全民阅读”走进更多家庭。',
  '沿江公园改造工程近日完工，新增步道8公里，并种植了上千棵乔木。',
  '周边居民表示，傍晚到江边散步已经成了一家人最喜欢的活动。',
  '公园管理处负责人说，下一步将完善照明和休息设施，方便市民夜间游览。',
];

function paras(seed: number, count: number, sentences = 4): Block[] {
  return Array.from({ length: count }, (_, i) => {
    let text = '';
    for (let j = 0; j < sentences + (i % 3); j++) text += SENTENCES[(seed * 5 + i * 3 + j) % SENTENCES.length];
    return { type: 'paragraph' as const, text };
  });
}

const photo = (caption: string): Block => ({ type: 'photo', text: null, caption, credit: '本报记者 赵一鸣 摄', src: null });

function article(a: Partial<Article> & { id: string; body: Block[] }) {
  return { kicker: null, headline: null, deck: null, byline: null, authors: [], jumps: [], ...a };
}

function edition(articles: ReturnType<typeof article>[], extra: Record<string, unknown> = {}): Edition {
  return Edition.parse({
    id: 'features-2024-03-15',
    paper: '滨江日报',
    date: '2024-03-15',
    pages: [
      {
        number: 2,
        section: '城事',
        date: '2024-03-15',
        masthead: null,
        folio: { number: 2, date: '2024-03-15', section: '城事', phone: null, editors: [] },
        teasers: [],
        articles,
        credits: [],
        source: { file: 'page2.md', format: 'markdown', encoding: 'utf-8', meta: {} },
        ...extra,
      },
    ],
    links: [],
    diagnostics: [],
  });
}

const colW = (t: typeof broadsheet) => (t.page.width - t.margins.left - t.margins.right - (t.columns - 1) * t.gutter) / t.columns;
const articleBox = (p: FramePage, id: string) => p.boxes.find((b) => b.kind === 'article' && b.article === id)!;
const HEADLINES = new Set(['headline-lead', 'headline', 'headline-small']);

/** Column index of a line or box by its left edge. */
function colOf(x: number, t: typeof broadsheet): number {
  return Math.round((x - t.margins.left) / (colW(t) + t.gutter));
}

describe('layout features', () => {
  it('copies the style grey into lines and uses the three headline roles', () => {
    const input = edition([
      article({
        id: 'a1',
        headline: '市图书馆新馆今日开放 市民排队入馆',
        body: [...paras(1, 6), { type: 'callout', text: '“让每一位市民都能走进图书馆。”' }, { type: 'quote', text: SENTENCES[3]! + SENTENCES[4]! }, ...paras(2, 4)],
      }),
      article({ id: 'a2', headline: '沿江公园改造完工', body: paras(3, 2, 2) }),
    ]);
    const result = layoutEdition(input, broadsheet, fonts);
    const lines = result.pages.flatMap((p) => p.boxes.flatMap((b) => b.lines));
    const callout = lines.filter((l) => l.role === 'callout');
    const quote = lines.filter((l) => l.role === 'quote');
    expect(callout.length).toBeGreaterThan(0);
    expect(quote.length).toBeGreaterThan(0);
    for (const l of callout) expect(l.gray).toBe(broadsheet.styles.callout.gray);
    for (const l of quote) expect(l.gray).toBe(broadsheet.styles.quote.gray);
    // Black text carries no grey at all.
    for (const l of lines.filter((x) => x.role === 'body' || HEADLINES.has(x.role))) expect('gray' in l).toBe(false);
    const p = result.pages[0]!;
    const lead = articleBox(p, 'a1').lines.filter((l) => HEADLINES.has(l.role));
    expect(lead.length).toBeGreaterThan(0);
    for (const l of lead) expect(l.role).toBe('headline-lead');
    const small = articleBox(p, 'a2').lines.filter((l) => HEADLINES.has(l.role));
    for (const l of small) expect(l.role).not.toBe('headline-lead');
  });

  it('breaks a two-line headline between its phrases', () => {
    const input = edition([
      article({ id: 'a1', headline: '书香满城 市图书馆新馆今日开放迎来首批读者', body: paras(1, 8) }),
      article({ id: 'a2', headline: '公园步道 夜间照明方案公布', body: paras(4, 14) }),
    ]);
    for (const t of [broadsheet, tabloid]) {
      const result = layoutEdition(input, t, fonts);
      for (const p of result.pages)
        for (const b of p.boxes) {
          const hl = b.lines.filter((l) => HEADLINES.has(l.role)).map((l) => l.text);
          if (hl.length !== 2) continue;
          const parts = input.pages[0]!.articles.find((a) => a.id === b.article)!.headline!.split(' ');
          expect(hl, `${t.name} ${b.article}`).toEqual([parts[0], parts.slice(1).join(' ')]);
        }
    }
  });

  it('frames a column logo in four thin rules inside its module', () => {
    const input = edition([article({ id: 'a1', logo: '文明城市 你我共建', headline: '志愿者服务新馆读者', body: paras(2, 6) })]);
    const result = layoutEdition(input, broadsheet, fonts);
    const p = result.pages[0]!;
    const box = articleBox(p, 'a1');
    const logo = box.lines.find((l) => l.role === 'logo')!;
    expect(logo.text).toBe('文明城市 你我共建');
    const rules = p.boxes.filter((b) => b.kind === 'rule' && b.article === 'a1');
    expect(rules).toHaveLength(4);
    for (const r of rules) {
      expect(Math.min(r.width, r.height)).toBeLessThanOrEqual(1);
      expect(r.x).toBeGreaterThanOrEqual(box.x - 0.01);
      expect(r.x + r.width).toBeLessThanOrEqual(box.x + box.width + 0.01);
      expect(r.y).toBeGreaterThanOrEqual(box.y - 0.01);
    }
    const left = Math.min(...rules.map((r) => r.x));
    const right = Math.max(...rules.map((r) => r.x + r.width));
    const top = Math.min(...rules.map((r) => r.y));
    const bottom = Math.max(...rules.map((r) => r.y + r.height));
    // The logo line sits inside the frame, centred, with its em box clear of the rules.
    expect(logo.x).toBeGreaterThan(left);
    expect(logo.x + logo.width).toBeLessThan(right);
    expect(Math.abs(logo.x - left - (right - logo.x - logo.width))).toBeLessThan(1);
    expect(logo.y - 0.88 * logo.size).toBeGreaterThan(top);
    expect(logo.y + 0.12 * logo.size).toBeLessThan(bottom);
    // The headline comes below the frame.
    const head = box.lines.find((l) => HEADLINES.has(l.role))!;
    expect(head.y - 0.88 * head.size).toBeGreaterThanOrEqual(bottom - 0.01);
  });

  it('sets a photo from the middle of the body where the text reaches it, one column wide', () => {
    const body = [...paras(1, 5), photo('读者在新馆阅览区读书。'), ...paras(2, 5)];
    const input = edition([
      article({ id: 'a1', headline: '新馆服务细节一览', body }),
      article({ id: 'a2', headline: '沿江公园新增八公里步道', body: [photo('改造后的沿江步道。'), ...paras(3, 6)] }),
      article({ id: 'a3', headline: '公园夜间照明方案征求意见', body: paras(4, 12) }),
      article({ id: 'a4', headline: '读书会每周六下午在新馆举办', body: paras(5, 40) }),
    ]);
    for (const t of [broadsheet, tabloid]) {
      const result = layoutEdition(input, t, fonts);
      const p = result.pages[0]!;
      // The opening photo of a2 goes across the top of its module's body, wider than a column.
      const a2 = articleBox(p, 'a2');
      const top = p.boxes.find((b) => b.kind === 'photo' && b.article === 'a2')!;
      const a2Body = a2.lines.filter((l) => l.role === 'body');
      expect(top.y).toBeLessThan(Math.min(...a2Body.map((l) => l.y)));
      if (a2.width > colW(t) + 1) expect(top.width).toBeGreaterThan(colW(t) + 1);
      // The photo of a1 stands in one column, on the grid, after the text before it in reading order.
      const a1 = articleBox(p, 'a1');
      const ph = p.boxes.find((b) => b.kind === 'photo' && b.article === 'a1')!;
      expect(ph.width).toBeCloseTo(colW(t), 3);
      const rows = (ph.y - t.margins.top) / t.baseline;
      expect(Math.abs(rows - Math.round(rows))).toBeLessThan(1e-6);
      const before = (body.slice(0, 5) as { text: string }[]).map((b) => b.text).join('');
      const bodyLines = a1.lines.filter((l) => l.role === 'body');
      const order = (l: { x: number; y: number }) => colOf(l.x, t) * 1e5 + l.y;
      const sorted = bodyLines.slice().sort((a, b) => order(a) - order(b));
      let text = '';
      let lastBefore = sorted[0]!;
      for (const l of sorted) {
        if (text.length >= before.length) break;
        text += l.text;
        lastBefore = l;
      }
      const phCol = colOf(ph.x, t);
      const col = colOf(lastBefore.x, t);
      // Either right below the text before it in the same column, or at the head of a later column.
      if (phCol === col) expect(ph.y).toBeGreaterThan(lastBefore.y);
      else {
        expect(phCol).toBeGreaterThan(col);
        const above = bodyLines.filter((l) => colOf(l.x, t) === phCol && l.y < ph.y);
        expect(above).toHaveLength(0);
      }
      // Its caption is under it, in its column.
      const cap = a1.lines.find((l) => l.role === 'caption')!;
      expect(cap.y).toBeGreaterThan(ph.y + ph.height);
      expect(colOf(cap.x, t)).toBe(phCol);
    }
  });

  it('gives a short last page a larger lead headline and wider photos, on the baseline grid', () => {
    const body = [...paras(1, 8), photo('读者在新馆阅览区读书。'), ...paras(2, 8)];
    const input = edition([article({ id: 'a1', headline: '书香满城 新馆开放', deck: '藏书容量两百万册 可同时容纳两千名读者', byline: '本报记者 李文', body })]);
    const result = layoutEdition(input, broadsheet, fonts, { formats: true });
    expect(result.pages).toHaveLength(1);
    const p = result.pages[0]!;
    const box = articleBox(p, 'a1');
    const head = box.lines.filter((l) => l.role === 'headline-lead');
    expect(head.length).toBeGreaterThan(0);
    expect(head[0]!.size).toBeGreaterThan(broadsheet.styles['headline-lead'].size);
    // The page is set on a smaller sheet than the broadsheet, which the module fills to within a few lines.
    expect(p.width * p.height).toBeLessThan(0.6 * broadsheet.page.width * broadsheet.page.height);
    expect(p.height - broadsheet.margins.bottom - (box.y + box.height)).toBeLessThan(4 * broadsheet.baseline);
    const ph = p.boxes.find((b) => b.kind === 'photo')!;
    expect(ph.width).toBeGreaterThan(colW(broadsheet) + 1);
    const ys = box.lines.filter((l) => l.role === 'body').map((l) => l.y);
    for (const y of ys) {
      const steps = (y - ys[0]!) / broadsheet.baseline;
      expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
    }
    // Text under the photo starts below its caption.
    const phCols = new Set<number>();
    const span = Math.round((ph.width + broadsheet.gutter) / (colW(broadsheet) + broadsheet.gutter));
    for (let c = colOf(ph.x, broadsheet); c < colOf(ph.x, broadsheet) + span; c++) phCols.add(c);
    for (const l of box.lines.filter((x) => x.role === 'body' && phCols.has(colOf(x.x, broadsheet)))) {
      expect(l.y < ph.y || l.y > ph.y + ph.height).toBe(true);
    }
  });

  it('sets a byline once: not under the headline when the first paragraph’s dateline holds it', () => {
    const [p1, p2] = paras(3, 2);
    const input = edition([
      article({ id: 'a1', headline: '新馆开放', byline: '记者 王晓明 通讯员 李红梅', dateline: '本报讯', body: [{ type: 'paragraph', text: `本报讯（记者 王晓明 通讯员 李红梅） ${p1!.text}` }, p2!] }),
      article({ id: 'a2', headline: '公园完工', byline: '记者 周四', body: paras(4, 2) }),
    ]);
    const result = layoutEdition(input, broadsheet, fonts);
    const bylines = (id: string) => result.pages.flatMap((p) => p.boxes).filter((b) => b.article === id).flatMap((b) => b.lines).filter((l) => l.role === 'byline');
    expect(bylines('a1')).toEqual([]);
    expect(bylines('a2').map((l) => l.text).join('')).toContain('周四');
    const body = result.pages.flatMap((p) => p.boxes).filter((b) => b.article === 'a1').flatMap((b) => b.lines).filter((l) => l.role === 'body');
    expect(body.map((l) => l.text).join('')).toContain('王晓明');
  });

  it('sets each teaser’s page reference on its headline’s line when it fits', () => {
    const input = edition([article({ id: 'a1', headline: '新馆开放', body: paras(1, 10) })], {
      masthead: null,
      teasers: [
        { headline: '沿江步道夜间照明方案公布', page: 3, text: null },
        { headline: '少儿阅览区推出周末活动', page: 4, text: null },
      ],
    });
    const result = layoutEdition(input, broadsheet, fonts);
    const strip = result.pages[0]!.boxes.find((b: FrameBox) => b.kind === 'teasers')!;
    const refs = strip.lines.filter((l) => l.link);
    expect(refs.map((l) => l.text)).toEqual(['见03版', '见04版']);
    for (const ref of refs) {
      const head = strip.lines.find((l) => !l.link && l.role === 'teaser' && Math.abs(l.y - ref.y) < 0.01 && l.x < ref.x);
      expect(head, ref.text).toBeDefined();
      expect(ref.x).toBeGreaterThan(head!.x + head!.width);
    }
  });
});
