/**
 * The header band of a page: masthead or folio, the teasers strip, the banner, and the rule below
 * them.
 */
import type { Edition, Folio } from '../../model/schema.js';
import type { StyleRole } from '../template/schema.js';
import type { BoxKind, FrameLine, LineRole } from '../types.js';
import { blockBaseline, setText, spec, type LinkInfo } from './context.js';
import type { SetLine } from '../text/index.js';
import { formatDate, pad2, weekdayOf } from './labels.js';
import { box, cover, ruleBox, toFrameLine, type PageCtx } from './page.js';

/** Header band: masthead (front page) or folio, the teasers, the banner. Returns the grid lines used. */
export function composeHeader(pc: PageCtx, edition: Edition): number {
  const { ctx, page } = pc;
  const { g, t } = ctx;
  let row = 0;
  const W = g.width;
  const band = (kind: BoxKind, els: { text: string | null; style: StyleRole; role: LineRole }[]) => {
    const parts = els
      .map((e) => ({ ...e, lines: setText(ctx, e.text, e.style, W, { align: 'start', indent: 0 }) }))
      .filter((e) => e.lines.length > 0);
    if (parts.length === 0) return;
    let total = 0;
    for (const p of parts) total += p.lines.length * t.styles[p.style].leading;
    const rows = Math.ceil((total + 0.4 * g.B) / g.B - 1e-6);
    const y = g.y0 + row * g.B;
    const lines: FrameLine[] = [];
    let cur = 0;
    for (const p of parts) {
      const st = t.styles[p.style];
      p.lines.forEach((l, i) => {
        const s = spec(ctx, l, p.style, p.role, W, 0, cur + blockBaseline(i, st.leading, st.size), {
          align: st.align === 'justify' ? 'start' : st.align,
        });
        lines.push(toFrameLine(s, g.x0, y));
      });
      cur += p.lines.length * st.leading;
    }
    pc.boxes.push(box(kind, null, g.x0, y, W, rows * g.B, lines));
    cover(pc, row, rows, 0, g.cols);
    row += rows;
  };
  const m = page.masthead;
  if (m) {
    const date = m.date ?? page.date ?? edition.date;
    const lunar = m.lunarDate ? (m.lunarDate.startsWith('农历') ? m.lunarDate : `农历${m.lunarDate}`) : null;
    const cn = m.cn ? (/^\s*CN/i.test(m.cn) ? m.cn : `CN ${m.cn}`) : null;
    const meta = [
      formatDate(date),
      m.weekday ?? weekdayOf(date),
      lunar,
      m.issueNumber != null ? `第${m.issueNumber}期` : null,
      m.pageCount != null ? `今日${m.pageCount}版` : null,
      m.publisher,
      cn,
      m.postalCode ? `邮发代号 ${m.postalCode}` : null,
    ].filter((s): s is string => !!s);
    band('masthead', [
      { text: m.paper ?? edition.paper, style: 'masthead', role: 'masthead' },
      { text: m.englishName, style: 'masthead-meta', role: 'masthead-meta' },
      { text: meta.join('　'), style: 'masthead-meta', role: 'masthead-meta' },
    ]);
  } else {
    row += composeFolio(pc, edition, row);
  }
  if (page.teasers.length > 0) {
    row += composeTeasers(pc, edition, row);
  }
  if (page.banner) {
    band('banner', [
      { text: page.banner.title, style: 'banner', role: 'banner' },
      { text: page.banner.subtitle, style: 'banner-sub', role: 'banner-sub' },
    ]);
  }
  if (row > 0) {
    // A rule across the page on the grid line below the header.
    pc.boxes.push(ruleBox(g.x0, g.y0 + row * g.B + g.B / 2 - 0.5, W, 1));
    cover(pc, row, 1, 0, g.cols);
    row += 1;
  }
  return row;
}

/** The folio line across the top of an inner page; returns the grid lines used. */
export function composeFolio(pc: PageCtx, edition: Edition, row: number): number {
  const { ctx, page } = pc;
  const { g } = ctx;
  const f: Folio | null = page.folio;
  const W = g.width;
  const number = f?.number ?? page.number ?? pc.number;
  const section = f?.section ?? page.section;
  const date = f?.date ?? page.date ?? edition.date;
  const left = [`第${page.code ?? pad2(number)}版`, section].filter(Boolean).join('　');
  const center = [formatDate(date), f?.weekday ?? weekdayOf(date)].filter(Boolean).join('　');
  const right = [
    ...(f?.editors ?? []).map((e) => `${e.role}：${e.name}`),
    f?.phone ? `电话：${f.phone}` : null,
  ]
    .filter(Boolean)
    .join('　');
  const set = (s: string) => (s ? setText(ctx, s, 'folio', W, { align: 'start', indent: 0 }) : []);
  const gap = 2 * ctx.t.styles.folio.size;
  const y = g.y0 + row * g.B;
  const put = (l: SetLine, at: number, align: 'start' | 'center' | 'end') => toFrameLine(spec(ctx, l, 'folio', 'folio', W, 0, at * g.B + g.baseOff, { align }), g.x0, y);
  const [l, c, r] = [set(left), set(center), set(right)];
  const width = (ls: SetLine[]) => ls.reduce((w, x) => w + x.width, 0);
  const lines: FrameLine[] = [];
  let rows: number;
  if (l.length <= 1 && c.length <= 1 && r.length <= 1 && width(l) + width(c) + width(r) + 2 * gap <= W) {
    // One line: the page and section at the start, the date in the middle, the editors at the end.
    if (l[0]) lines.push(put(l[0], 0, 'start'));
    if (c[0]) lines.push(put(c[0], 0, 'center'));
    if (r[0]) lines.push(put(r[0], 0, 'end'));
    rows = 1;
  } else {
    // Lines at the start (page and section), then at the end (date, editors), an end line beside a
    // start line where both fit.
    const starts = l.map((x) => x.width);
    rows = l.length;
    let next = 0;
    for (const e of [...c, ...r]) {
      while (next < starts.length && starts[next]! + gap + e.width > W) next++;
      lines.push(put(e, next, 'end'));
      next++;
      rows = Math.max(rows, next);
    }
    l.forEach((x, i) => lines.push(put(x, i, 'start')));
    rows = Math.max(1, rows);
  }
  pc.boxes.push(box('folio', null, g.x0, y, W, rows * g.B, lines));
  cover(pc, row, rows, 0, g.cols);
  return rows;
}

/**
 * The teasers (导读) as a strip across the page: the label, then the teasers side by side, each its
 * headline followed on the same line by its page reference ("见08版") when that fits.
 */
export function composeTeasers(pc: PageCtx, edition: Edition, row: number): number {
  const { ctx, page } = pc;
  const { g, t } = ctx;
  if (page.teasers.length === 0) return 0;
  const W = g.width;
  const ts = t.styles.teaser;
  const hs = t.styles['teaser-head'];
  const head = setText(ctx, '导读', 'teaser-head', W, { align: 'start', indent: 0 })[0];
  const labelW = head ? head.width + hs.size : 0;
  const avail = W - labelW;
  const gap = 2 * ts.size;
  const y = g.y0 + row * g.B;
  const lines: FrameLine[] = [];
  const top = 0.2 * g.B;
  if (head) lines.push(toFrameLine(spec(ctx, head, 'teaser-head', 'teaser-head', labelW, 0, top + blockBaseline(0, hs.leading, hs.size), { align: 'start' }), g.x0, y));
  const cells = page.teasers.map((tz) => {
    const refText = tz.page != null ? `见${pad2(tz.page)}版` : tz.text;
    const link = edition.links.find(
      (lk) => lk.kind === 'teaser' && lk.from.page === pc.number && lk.to.page === tz.page && (tz.article == null || lk.to.article === tz.article),
    );
    const info: LinkInfo = {
      kind: 'teaser',
      page: tz.page,
      article: tz.article ?? link?.to.article ?? null,
      resolved: link ? link.resolved : tz.article != null,
    };
    const one = setText(ctx, tz.headline, 'teaser', 1e6, { align: 'start', indent: 0 })[0];
    const ref = refText ? setText(ctx, refText, 'teaser', 1e6, { align: 'start', indent: 0 })[0] : undefined;
    const natural = (one?.width ?? 0) + (ref ? ts.size + ref.width : 0);
    return { tz, refText, info, ref, natural };
  });
  // Rows of teasers at their natural widths; one too wide for a row wraps within it.
  const rowsOf: (typeof cells)[] = [];
  let curRow: typeof cells = [];
  let used = 0;
  for (const c of cells) {
    const w = Math.min(c.natural, avail);
    if (curRow.length > 0 && used + gap + w > avail) {
      rowsOf.push(curRow);
      curRow = [];
      used = 0;
    }
    used += (curRow.length > 0 ? gap : 0) + w;
    curRow.push(c);
  }
  if (curRow.length > 0) rowsOf.push(curRow);
  let cur = top;
  for (const r of rowsOf) {
    let rowH = 0;
    let cx = g.x0 + labelW;
    for (const c of r) {
      const cellW = Math.min(c.natural, avail);
      const hl = setText(ctx, c.tz.headline, 'teaser', cellW, { align: 'start', indent: 0 });
      hl.forEach((l, i) => lines.push(toFrameLine(spec(ctx, l, 'teaser', 'teaser', cellW, 0, cur + blockBaseline(i, ts.leading, ts.size)), cx, y)));
      let h = hl.length * ts.leading;
      if (c.ref && c.refText) {
        const last = hl[hl.length - 1];
        const inline = last !== undefined && last.width + ts.size + c.ref.width <= cellW + 0.01;
        const i = inline ? hl.length - 1 : hl.length;
        const dx = inline ? last!.width + ts.size : 0;
        const s = spec(ctx, c.ref, 'teaser', 'teaser', cellW - dx, dx, cur + blockBaseline(i, ts.leading, ts.size), { align: inline ? 'start' : 'end', link: c.info });
        lines.push(toFrameLine(s, cx, y));
        if (!inline) h += ts.leading;
      }
      rowH = Math.max(rowH, h);
      cx += cellW + gap;
    }
    cur += rowH + 0.3 * g.B;
  }
  const rows = Math.ceil(cur / g.B - 1e-6);
  pc.boxes.push(box('teasers', null, g.x0, y, W, rows * g.B, lines));
  cover(pc, row, rows, 0, g.cols);
  return rows;
}
