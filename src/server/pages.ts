/**
 * The server's HTML documents: the archive of editions, the viewer shell around a page, and the
 * not-found and error pages. Every piece of text from an edition is escaped here.
 */
import type { ViewerData } from '../viewer/protocol.js';
import { archiveCalendar } from './archive-calendar.js';
import { esc, jsonForHtml } from './escape.js';
import {
  chineseDate,
  editionPdfHref,
  editionTitle,
  editionHref,
  fragmentHref,
  framePage,
  issueNumber,
  pageLabel,
  pageName,
  pageSegment,
  pageSection,
  pdfHref,
  readHref,
  thumbHref,
  viewerHref,
} from './labels.js';
import { THUMB_WIDTH } from './page-files.js';
import type { BuiltSite, SiteAssets, SiteEdition, ViewerExtras } from './types.js';

export type { SiteAssets, ViewerExtras } from './types.js';
export { esc, jsonForHtml } from './escape.js';

/** The page's <head>; a `base` (the viewer's edition folder) comes first, so every URL of the page resolves against it. */
function head(assets: SiteAssets, title: string, lang: string, css: string[], extra = '', base: string | null = null): string {
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
${base ? `<base href="${esc(base)}">
` : ''}<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<title>${esc(title)}</title>
<link rel="icon" href="/assets/${assets.icon.file}" type="image/svg+xml">
${css.map((href) => `<link rel="stylesheet" href="${esc(href)}">`).join('\n')}
${extra}</head>`;
}

function thumbSize(e: SiteEdition, n: number): { width: number; height: number } {
  const p = framePage(e, n);
  const width = THUMB_WIDTH / 2;
  return { width, height: p ? Math.round((width * p.height) / p.width) : Math.round(width * 1.414) };
}

export function archivePage(site: BuiltSite, assets: SiteAssets): string {
  const items = site.editions.map((e) => {
    const first = 1;
    const { width, height } = thumbSize(e, first);
    const issue = issueNumber(e);
    const count = e.edition.layout.pages.length;
    return `<li lang="${esc(e.edition.lang)}"><a class="ep-card" href="${esc(editionHref(e.id))}">
<img src="${esc(thumbHref(e, first))}" width="${width}" height="${height}" loading="lazy" decoding="async" alt="">
<span class="ep-card-text"><span class="ep-card-paper">${esc(e.edition.paper ?? '（报名不详）')}</span>
${e.edition.date ? `<time datetime="${esc(e.edition.date)}">${esc(chineseDate(e.edition.date))}</time>` : '<span class="ep-card-nodate">日期不详</span>'}
${issue != null ? `<span class="ep-card-issue">第${esc(issue)}期</span>` : ''}
<span class="ep-card-pages">${count}个版面</span></span></a></li>`;
  });
  return `${head(assets, '电子报 · 往期', 'zh-CN', [`/assets/${assets.css.file}`])}
<body class="ep-archive">
<header class="ep-archive-head"><h1>电子报</h1><p>往期 · 共${site.editions.length}期，最新在前</p>${items.length ? '<a class="ep-search-link" href="/search">搜索往期文章</a>' : ''}</header>
<main>
${items.length ? `<ol class="ep-cards">\n${items.join('\n')}\n</ol>` : '<p class="ep-empty">还没有版面。用 <code>epaper serve 文件夹</code> 读入报纸。</p>'}
${archiveCalendar(site.editions)}
</main>
</body>
</html>
`;
}

export function viewerData(e: SiteEdition, n: number, article: string | null): ViewerData {
  return {
    id: e.id,
    title: editionTitle(e),
    page: n,
    article,
    editionPdf: editionPdfHref(e),
    pages: e.edition.layout.pages.map((p, i) => ({
      n: i + 1,
      label: pageLabel(e, i + 1),
      slug: pageSegment(e, i + 1),
      section: pageSection(e, i + 1),
      w: p.width,
      h: p.height,
      html: fragmentHref(e, i + 1),
      href: viewerHref(e, i + 1),
      pdf: pdfHref(e, i + 1),
      thumb: thumbHref(e, i + 1),
    })),
  };
}

const icon = (d: string) =>
  `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${d}" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The reading tools: back, previous / next page, zoom, navigator, PDF downloads, and the extras' tools. */
function viewerTools(e: SiteEdition, n: number, data: ViewerData, extras: ViewerExtras): string {
  const pdf = pdfHref(e, n);
  return `<div class="ep-tools" role="toolbar" aria-label="阅读工具">
<button type="button" id="ep-back" class="ep-btn" disabled title="返回跳转前的位置">返回</button>
<button type="button" id="ep-prev" class="ep-btn" aria-label="上一版" title="上一版（←）">${icon('M15 5l-7 7 7 7')}</button>
<span id="ep-where" class="ep-where">第${esc(pageLabel(e, n))}版</span>
<button type="button" id="ep-next" class="ep-btn" aria-label="下一版" title="下一版（→）">${icon('M9 5l7 7-7 7')}</button>
<button type="button" id="ep-zoom-out" class="ep-btn ep-zoom" aria-label="缩小" title="缩小（-，Ctrl+滚轮）">${icon('M5 12h14')}</button>
<button type="button" id="ep-zoom-in" class="ep-btn ep-zoom" aria-label="放大" title="放大（+，Ctrl+滚轮，双击）">${icon('M5 12h14M12 5v14')}</button>
<button type="button" id="ep-nav-toggle" class="ep-btn" aria-controls="ep-nav" aria-expanded="false">版面</button>
<a id="ep-pdf" class="ep-btn ep-pdf"${pdf ? ` href="${esc(pdf)}" download` : ' aria-disabled="true" hidden'}>本版PDF</a>
${data.editionPdf ? `<a id="ep-pdf-all" class="ep-btn ep-pdf" href="${esc(data.editionPdf)}" download>整期PDF</a>` : ''}${extras.tools ? `\n${extras.tools}` : ''}
</div>`;
}

/** The page navigator: a thumbnail, number and section per page. */
function viewerNav(e: SiteEdition, n: number): string {
  const items = e.edition.layout.pages.map((_p, i) => {
    const at = i + 1;
    const { width, height } = thumbSize(e, at);
    const sec = pageSection(e, at);
    return `<li><a href="${esc(viewerHref(e, at))}" data-page="${at}"${at === n ? ' aria-current="page"' : ''}><img src="${esc(thumbHref(e, at))}" width="${width}" height="${height}" loading="lazy" decoding="async" alt=""><span class="ep-nav-n">第${esc(pageLabel(e, at))}版</span>${sec ? `<span class="ep-nav-sec">${esc(sec)}</span>` : ''}</a></li>`;
  });
  return `<nav id="ep-nav" class="ep-nav" aria-label="版面导航"><ol>\n${items.join('\n')}\n</ol></nav>`;
}

/** The viewer's <head> additions: font preloads for page n, the script and the no-script styles. */
function viewerHead(e: SiteEdition, n: number, assets: SiteAssets, extras: ViewerExtras): string {
  const roles = new Set((framePage(e, n)?.boxes ?? []).flatMap((b) => b.lines.map((l) => l.font)));
  const preload = [...(assets.uiFont ? [assets.uiFont] : []), ...e.faces.filter((f) => roles.has(f.role)).map((f) => f.file)]
    .map((file) => `<link rel="preload" href="/fonts/${esc(file)}" as="font" type="font/woff2" crossorigin>\n`)
    .join('');
  return `${preload}<script type="module" src="/assets/${assets.js.file}"></script>
<noscript><link rel="stylesheet" href="/assets/${assets.nojs.file}"></noscript>
${extras.head ? `${extras.head}\n` : ''}`;
}

function viewerTitleBar(e: SiteEdition): string {
  const issue = issueNumber(e);
  const date = e.edition.date ? ` <time datetime="${esc(e.edition.date)}">${esc(chineseDate(e.edition.date))}</time>` : '';
  return `<header class="ep-bar">
<a class="ep-home" href="/" title="往期">往期</a>
<h1 class="ep-title"><span class="ep-title-paper">${esc(e.edition.paper ?? '电子报')}</span>${date}${issue != null ? ` <span class="ep-title-issue">第${esc(issue)}期</span>` : ''}</h1>
</header>`;
}

/** Without a script, in place of a page left to the viewer: the article view and the page. */
function articleLinks(e: SiteEdition, n: number, article: string | null): string {
  const read = article ? `<a href="${esc(readHref(e, n, article))}">阅读这篇文章</a> · ` : '';
  return `<noscript><p class="ep-noscript">${read}<a href="${esc(viewerHref(e, n))}">${esc(pageName(e, n))}</a></p></noscript>`;
}

/** The viewer at frame page n, with `fragment` (the page's HTML) already in place (or left to the viewer to fetch). */
export function viewerPage(e: SiteEdition, n: number, article: string | null, assets: SiteAssets, fragment: string, extras: ViewerExtras = {}): string {
  const data = viewerData(e, n, article);
  const section = pageSection(e, n);
  const title = `${editionTitle(e)} · 第${pageLabel(e, n)}版${section ? ` ${section}` : ''}`;
  const fontCss = assets.fonts.get(e.id);
  const css = [`/assets/${assets.css.file}`, ...(fontCss ? [`/assets/${fontCss.file}`] : [])];
  return `${head(assets, title, e.edition.lang, css, viewerHead(e, n, assets, extras), `/e/${encodeURIComponent(e.id)}/`)}
<body class="ep-viewer">
<a class="ep-skip" href="#ep-stage">跳到版面</a>
${viewerTitleBar(e)}
${viewerTools(e, n, data, extras)}
${viewerNav(e, n)}
<main id="ep-stage" class="ep-stage" tabindex="-1" aria-label="版面">
<div id="ep-track" class="ep-track"><div id="ep-book" class="ep-book">
<div class="ep-slot" data-n="${n}">${fragment || articleLinks(e, n, article)}</div>
</div></div>
</main>
<div id="ep-live" class="ep-sr" aria-live="polite" aria-atomic="true"></div>
<script type="application/json" id="ep-data">${jsonForHtml(data)}</script>
${extras.body ? `${extras.body}\n` : ''}</body>
</html>
`;
}

export function notFoundPage(site: BuiltSite, assets: SiteAssets, message: string, links: { href: string; text: string }[] = []): string {
  const list = links.length
    ? `<ul class="ep-links">${links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.text)}</a></li>`).join('')}</ul>`
    : '';
  const editions = site.editions.length
    ? `<h2>现有报纸</h2><ul class="ep-links">${site.editions
        .slice(0, 20)
        .map((e) => `<li><a href="${esc(editionHref(e.id))}">${esc(editionTitle(e))}</a></li>`)
        .join('')}</ul>`
    : '';
  return `${head(assets, '找不到页面 · 电子报', 'zh-CN', [`/assets/${assets.css.file}`])}
<body class="ep-archive ep-notfound">
<main>
<h1>找不到这个页面</h1>
<p>${esc(message)}</p>
${list}
${editions}
<p><a href="/">返回往期列表</a></p>
</main>
</body>
</html>
`;
}

export function errorPage(assets: SiteAssets, status: number, message: string): string {
  return `${head(assets, `${status} · 电子报`, 'zh-CN', [`/assets/${assets.css.file}`])}
<body class="ep-archive ep-notfound">
<main>
<h1>${status}</h1>
<p>${esc(message)}</p>
<p><a href="/">返回往期列表</a></p>
</main>
</body>
</html>
`;
}
