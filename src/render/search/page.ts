/**
 * The search page: a search field, a status line and the result list, filled by the browser script
 * (src/viewer/reader/search.ts) from the static indexes it names. Styled by the article stylesheet.
 */
export interface SearchPageOptions {
  /** What is searched: an edition's title, or the archive. */
  scope: string;
  /** URLs of the index files to load (one per edition). */
  indexes: string[];
  /** Edition id → title, for the result list. */
  titles: Record<string, string>;
  stylesheet: string;
  script: string;
  /** Where "back" leads (the archive or the edition). */
  backHref: string;
  head?: string;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe inside <script type="application/json">. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function searchPage(o: SearchPageOptions): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`搜索 · ${o.scope}`)}</title>
<meta name="description" content="${esc(`在${o.scope}中搜索文章`)}">
<link rel="stylesheet" href="${esc(o.stylesheet)}">
<script src="${esc(o.script)}" defer></script>
${o.head ?? ''}</head>
<body>
<div class="ep-rbar" role="toolbar" aria-label="工具">
<a href="${esc(o.backHref)}">返回</a>
<span class="ep-grow"></span>
<span class="ep-offline" role="status">离线</span>
</div>
<main class="ep-searchpage">
<h1 class="ep-headline">搜索 · ${esc(o.scope)}</h1>
<form id="ep-search" role="search" action="" method="get">
<label class="ep-sr" for="ep-q">搜索词</label>
<input id="ep-q" name="q" type="search" autocomplete="off" placeholder="输入要找的词，如：图书馆" enterkeyhint="search">
<button type="submit">搜索</button>
</form>
<p id="ep-search-status" class="ep-byline" role="status" aria-live="polite"></p>
<ol id="ep-results" class="ep-results"></ol>
</main>
<script type="application/json" id="ep-search-data">${jsonForHtml({ indexes: o.indexes, titles: o.titles })}</script>
</body>
</html>
`;
}

/** Styles of the search page, appended to the article stylesheet. */
export const SEARCH_CSS = `
#ep-search{display:flex;gap:8px;margin:0 0 .5em}
#ep-search input{flex:1;min-width:0;min-height:44px;padding:0 12px;border:1px solid var(--rule);border-radius:8px;background:var(--bg);color:var(--fg);font:inherit}
#ep-search button{min-height:44px;min-width:64px;border:1px solid var(--rule);border-radius:8px;background:var(--bar);color:var(--fg);font:inherit}
.ep-results{list-style:none;margin:0;padding:0}
.ep-results li{margin:0 0 10px}
.ep-hit{display:block;padding:10px 12px;border:1px solid var(--rule);border-radius:8px;text-decoration:none;color:var(--fg);line-height:1.5}
.ep-hit-head{display:block;font-weight:700;color:var(--link)}
.ep-hit-where{display:block;font-size:.8em;color:var(--muted)}
.ep-hit-snippet{display:block;font-size:.9em}
`;
