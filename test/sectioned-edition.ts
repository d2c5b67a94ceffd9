/**
 * A scraped 数字报 edition folder with sections, made from neutral text: Founder 版面 pages
 * (node_N.htm) for A01, A02 and B01 and their article pages (content_N.htm), one article on A02
 * continued on B01 (下转B01版 / 上接A02版).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NAV: [string, string][] = [
  ['A01', '要 闻'],
  ['A02', '城 事'],
  ['B01', '副 刊'],
];

const nodePage = (code: string, section: string, titles: [string, string][]) => `<html><head><meta charset="utf-8"><title>江城日报--数字报</title></head><body>
<map name=PagePicMap>${titles.map(([id]) => `<Area coords="1,1,2,2" shape="polygon" href="content_${id}.htm?div=-1">`).join('')}</map>
<div class="banci">第${code}版：<STRONG>${section}</STRONG></div><div class="next"><a href="node_9.htm">下一版</a></div>
<ul>${titles.map(([id, t]) => `<li><a href=content_${id}.htm?div=-1><div style="display:inline" id=mp${id}>${t}</div></a>`).join('\n')}</ul>
<div class="date">2024年03月05日 星期二</div>
${NAV.map(([c, s], i) => `<div class="bmname1"><a id=pageLink href=node_${i + 1}.htm>第${c}版：${s}</a></div>`).join('\n')}
<div class="footer"><a href=content_9001.htm>关于我们</a> 国内统一刊号：CN 42-0001</div>
</body></html>`;

const contentPage = (code: string, title: string, paragraphs: string[]) =>
  `<html><head><meta charset="utf-8"></head><body><founder-title>${title}</founder-title><founder-content><!--enpcontent-->${paragraphs
    .map((p) => `<P>　　${p}</P>`)
    .join('')}<!--/enpcontent--></founder-content></body></html><!--enpproperty <founder-date>2024-03-05</founder-date><founder-title>${title}</founder-title><founder-pagenum>${code}</founder-pagenum><founder-papername>江城日报</founder-papername> /enpproperty-->`;

const SENTENCES = [
  '城东新区的社区图书馆昨日对外开放，馆内设有阅览区、儿童区和自习区。',
  '工作人员介绍，新馆藏书三万余册，市民凭身份证即可办理借阅手续。',
  '开馆首日，不少家长带着孩子前来参观，阅览区座无虚席。',
  '附近居民表示，以前借书要跑到市中心，现在步行十分钟就能到。',
  '据悉，图书馆还将定期举办读书分享会和科普讲座，丰富居民的文化生活。',
  '湖边步道全长三公里，沿途设有休息亭和健身器材，方便市民散步锻炼。',
];

/** n sentences of neutral text, cycling through a fixed list, split into paragraphs of three. */
function text(n: number, seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i += 3) {
    out.push([0, 1, 2].map((k) => SENTENCES[(seed + i + k) % SENTENCES.length]).join(''));
  }
  return out;
}

/** Headlines of the edition's articles, by page code. */
export const HEADLINES = {
  A01: ['全市开展春季植树活动', '春耕备耕有序推进'],
  A02: ['城东图书馆新馆开放', '湖边步道修缮完工'],
  B01: ['春天的诗'],
} as const;

/** Writes the edition folder into dir and returns it. */
export function writeSectionedEdition(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'node_1.htm': nodePage('A01', '要 闻', [
      ['100', HEADLINES.A01[0]],
      ['099', HEADLINES.A01[1]],
    ]),
    'node_2.htm': nodePage('A02', '城 事', [
      ['101', HEADLINES.A02[0]],
      ['102', HEADLINES.A02[1]],
    ]),
    'node_3.htm': nodePage('B01', '副 刊', [['201', HEADLINES.B01[0]]]),
    'content_100.htm': contentPage('A01', HEADLINES.A01[0], text(24, 0)),
    'content_099.htm': contentPage('A01', HEADLINES.A01[1], text(18, 2)),
    'content_101.htm': contentPage('A02', HEADLINES.A02[0], text(24, 1)),
    'content_102.htm': contentPage('A02', HEADLINES.A02[1], [...text(9, 5), '步道沿线的绿化工程也已同步完成。（下转B01版）']),
    'content_201.htm': contentPage('B01', HEADLINES.B01[0], ['（上接A02版）沿湖新栽的垂柳已经发芽，清晨散步的市民越来越多。', ...text(15, 3)]),
  };
  for (const [name, html] of Object.entries(files)) writeFileSync(join(dir, name), html);
  return dir;
}
