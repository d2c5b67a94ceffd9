/**
 * The article view as a whole HTML document: head (title, description, share tags, stylesheet, the
 * reader script), the reading toolbar and the article. The toolbar's controls are wired by the
 * browser script (src/viewer/reader); without it the page still reads, prints and links.
 */
import { esc, type ArticleView } from './html.js';

import type { Script } from './script.js';

export interface ArticleDocumentOptions {
  /** BCP 47 tag of the text as shown. */
  lang: string;
  /** Script the text is shown in, and the edition's own script. */
  script: Script;
  editionScript: Script;
  /** URL of this article view in the other script (the 繁/简 toggle fetches it). */
  otherScript: string;
  /** The page view the story begins on, at the story. */
  backHref: string;
  /** Site name and edition title, shown in the title after the headline. */
  siteTitle: string;
  stylesheet: string;
  scriptSrc: string;
  /** Further <head> markup: share tags, manifest, icon. */
  head?: string;
  /** URL of the search page, when there is one. */
  searchHref?: string;
}

const ICON = {
  back: '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>',
};

export function articleDocument(view: ArticleView, o: ArticleDocumentOptions): string {
  const toggle = o.script === 'hans' ? '繁' : '简';
  const toggleLabel = o.script === 'hans' ? '转为繁体字' : '转为简体字';
  return `<!doctype html>
<html lang="${esc(o.lang)}" data-script="${o.script}" data-edition-script="${o.editionScript}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${view.title} · ${o.siteTitle}`)}</title>
<meta name="description" content="${esc(view.description)}">
<link rel="stylesheet" href="${esc(o.stylesheet)}">
<script src="${esc(o.scriptSrc)}"></script>
${o.head ?? ''}</head>
<body>
<div class="ep-rbar" role="toolbar" aria-label="阅读工具">
<a href="${esc(o.backHref)}" id="ep-r-back" aria-label="返回版面">${ICON.back}版面</a>
<span class="ep-grow"></span>
<span class="ep-offline" role="status">离线</span>
<button type="button" id="ep-r-smaller" aria-label="缩小字号">A−</button>
<button type="button" id="ep-r-larger" aria-label="放大字号">A+</button>
<button type="button" id="ep-r-theme" aria-label="切换深色模式" aria-pressed="false">深色</button>
<button type="button" id="ep-r-script" aria-label="${toggleLabel}" data-href="${esc(o.otherScript)}">${toggle}</button>
<button type="button" id="ep-r-speak" aria-label="朗读" hidden>朗读</button>
<button type="button" id="ep-r-share" aria-label="分享">分享</button>
${o.searchHref ? `<a href="${esc(o.searchHref)}" aria-label="搜索">搜索</a>` : ''}
</div>
<main>
${view.html}
</main>
<div id="ep-r-live" class="ep-sr" aria-live="polite"></div>
</body>
</html>
`;
}
