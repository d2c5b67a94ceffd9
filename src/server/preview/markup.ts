/**
 * Markup and styles of the editor preview: the controls added to the viewer's toolbar (layout choice,
 * problems button, status), the error banner, the problems panel with its source view, the marks
 * drawn over the page, and the page shown while an edition has never been laid out.
 */
import type { LayoutChoice, PreviewPageData } from '../../viewer/protocol.js';
import { esc, jsonForHtml } from '../escape.js';
import type { ViewerExtras } from '../types.js';

export type { LayoutChoice, PreviewPageData } from '../../viewer/protocol.js';

/** Same conditions as the viewer's spread and single-page modes (see ../styles.ts). */
const WIDE = '(min-width: 900px) and (min-aspect-ratio: 5/4)';
const NARROW = '(max-width: 899.98px), (max-aspect-ratio: 5/4)';

/** The interface fonts, with the preview's own font (which holds the documents' characters) after the viewer's. */
const UI_FONTS = '"ep-ui", "ep-pv-ui", system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const MONO_FONTS = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", "ep-pv-ui", monospace';

export const PREVIEW_CSS = `
.ep-pv-panel, .ep-pv-banner, .ep-pv-wait, .ep-pv-badge, .ep-pv-select, .ep-pv-toggle { font-family: ${UI_FONTS}; }
.ep-pv-sep { width: 1px; height: 22px; background: rgba(255,255,255,.22); margin: 0 2px; flex: none; }
.ep-pv-select {
  max-width: 11em; font: 14px/1 ${UI_FONTS}; height: 34px; padding: 0 6px; border-radius: 6px; cursor: pointer;
  border: 1px solid rgba(255,255,255,.22); background: rgba(255,255,255,.06); color: var(--ep-bar-ink); color-scheme: dark;
}
.ep-pv-select option { color: #1b1b1b; background: #fff; }
.ep-pv-select:focus-visible { outline: 2px solid #ffd166; outline-offset: 2px; }
.ep-pv-toggle[aria-expanded="true"] { background: rgba(255,255,255,.2); border-color: rgba(255,255,255,.5); }
.ep-pv-count {
  display: inline-block; min-width: 20px; height: 20px; padding: 0 6px; margin-left: 6px; border-radius: 10px;
  font: 700 12px/20px ${UI_FONTS}; text-align: center; background: #5f6368; color: #fff;
}
.ep-pv-count[data-level="error"] { background: #d93025; }
.ep-pv-count[data-level="warning"] { background: #f6b400; color: #231b00; }
.ep-pv-count[data-level="info"] { background: #1a73e8; }
.ep-pv-count[data-level="none"] { background: #188038; }
.ep-pv-status { font-size: 12px; opacity: .85; white-space: nowrap; min-width: 6.5em; }
.ep-pv-status[data-state="building"]::before { content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: #ffd166; animation: ep-pv-pulse 1s ease-in-out infinite; }
.ep-pv-status[data-state="error"] { color: #ffb4ab; opacity: 1; }
@keyframes ep-pv-pulse { 50% { opacity: .25; } }

.ep-pv-banner {
  grid-area: stage; align-self: start; justify-self: center; position: relative; z-index: 6; margin: 10px 12px 0; width: min(780px, calc(100% - 24px));
  max-height: 40vh; overflow: auto; padding: 10px 14px 10px 16px; border-radius: 6px; font-size: 14px; line-height: 1.5;
  background: #fff5f4; color: #4a0e0a; border: 1px solid #ebb1ab; border-left: 6px solid #c5221f; box-shadow: 0 8px 28px rgba(0,0,0,.22);
}
.ep-pv-banner[hidden] { display: none; }
.ep-pv-banner h2 { margin: 0 0 4px; font-size: 15px; }
.ep-pv-banner ul { margin: 0; padding: 0; list-style: none; }
.ep-pv-banner li { margin: 2px 0; }
.ep-pv-banner button { all: unset; cursor: pointer; border-radius: 3px; }
.ep-pv-banner button:hover .ep-pv-where, .ep-pv-banner button:focus-visible .ep-pv-where { text-decoration: underline; }
.ep-pv-banner button:focus-visible { outline: 2px solid #c5221f; outline-offset: 2px; }
.ep-pv-banner .ep-pv-where { font-weight: 700; }
.ep-pv-banner p { margin: 6px 0 0; font-size: 13px; color: #6d3a35; }
.ep-pv-where { font-family: ${MONO_FONTS}; font-size: .92em; }

.ep-pv-panel {
  grid-area: panel; display: flex; flex-direction: column; min-height: 0; min-width: 0; z-index: 4;
  background: #fbfaf8; color: var(--ep-ink); border-left: 1px solid #cfcac0; font-size: 13px;
}
.ep-pv-panel[hidden] { display: none; }
body.ep-viewer.ep-pv-open { grid-template-columns: auto minmax(0, 1fr) auto 400px; grid-template-areas: "bar bar tools tools" "nav stage stage panel"; }
.ep-pv-head { display: flex; align-items: center; gap: 10px; padding: 8px 10px 8px 14px; border-bottom: 1px solid #e2ded6; background: #f3f0ea; }
.ep-pv-head h2 { margin: 0; font-size: 15px; flex: 1 1 auto; }
.ep-pv-head label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; white-space: nowrap; }
.ep-pv-close { appearance: none; border: 0; background: none; font-size: 20px; line-height: 1; width: 30px; height: 30px; border-radius: 6px; cursor: pointer; color: #444; }
.ep-pv-close:hover { background: rgba(0,0,0,.08); }
.ep-pv-list { list-style: none; margin: 0; padding: 4px 0; overflow: auto; flex: 1 1 auto; min-height: 60px; }
.ep-pv-list h3 { margin: 8px 14px 4px; font-size: 12px; font-weight: 700; color: #8a1c15; }
.ep-pv-item {
  all: unset; box-sizing: border-box; display: grid; grid-template-columns: 22px minmax(0, 1fr); column-gap: 8px; width: 100%;
  padding: 6px 12px 7px 12px; cursor: pointer; border-left: 3px solid transparent;
}
.ep-pv-item:hover { background: #f0ede6; }
.ep-pv-item:focus-visible { outline: 2px solid #1a5fd0; outline-offset: -2px; }
.ep-pv-item[aria-current="true"] { background: #fff3cd; border-left-color: #e8a200; }
.ep-pv-sev { grid-row: span 2; width: 20px; height: 20px; margin-top: 1px; border-radius: 50%; color: #fff; font: 700 12px/20px ${UI_FONTS}; text-align: center; }
.ep-pv-sev[data-sev="error"] { background: #d93025; }
.ep-pv-sev[data-sev="warning"] { background: #f6b400; color: #231b00; }
.ep-pv-sev[data-sev="info"] { background: #1a73e8; }
.ep-pv-line1 { display: flex; gap: 8px; align-items: baseline; min-width: 0; }
.ep-pv-line1 .ep-pv-where { color: #174ea6; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
.ep-pv-rule { color: #5f6368; font-size: 12px; white-space: nowrap; margin-left: auto; }
.ep-pv-msg { color: #202124; line-height: 1.45; overflow-wrap: anywhere; }
.ep-pv-empty { padding: 16px 14px; color: #188038; }
.ep-pv-code { flex: 0 0 auto; max-height: 42%; display: flex; flex-direction: column; border-top: 1px solid #cfcac0; background: #1f1f1f; color: #e8e6e3; }
.ep-pv-code[hidden] { display: none; }
.ep-pv-code header { padding: 6px 12px; font-size: 12px; color: #c9c5bf; border-bottom: 1px solid #333; }
.ep-pv-code ol { list-style: none; margin: 0; padding: 4px 0; overflow: auto; font: 12px/1.6 ${MONO_FONTS}; }
.ep-pv-code li { display: grid; grid-template-columns: 3.6em minmax(0, 1fr); white-space: pre-wrap; overflow-wrap: anywhere; }
.ep-pv-code li > span:first-child { color: #8a8680; text-align: right; padding-right: 10px; user-select: none; }
.ep-pv-code li.ep-pv-hit { background: rgba(255, 196, 0, .22); }
.ep-pv-code li.ep-pv-hit > span:first-child { color: #ffd166; font-weight: 700; }

.ep-pv-layer { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; z-index: 2; }
body:not(.ep-pv-marks) .ep-pv-layer { display: none; }
.ep-pv-box { position: absolute; box-sizing: border-box; border: calc(2px * var(--ep-pv-s, 1)) solid #f29900; background: rgba(242, 153, 0, .07); border-radius: calc(2px * var(--ep-pv-s, 1)); }
.ep-pv-box[data-sev="error"] { border-color: #d93025; background: rgba(217, 48, 37, .08); }
.ep-pv-box[data-sev="info"] { border-style: dashed; border-color: #1a73e8; background: none; }
.ep-pv-box.ep-pv-whole { background: none; border-style: dashed; }
.ep-pv-box.ep-pv-hover, .ep-pv-box.ep-pv-sel { border-color: #1a5fd0; border-style: solid; background: rgba(26, 95, 208, .12); box-shadow: 0 0 0 calc(3px * var(--ep-pv-s, 1)) rgba(26, 95, 208, .35); }
.ep-pv-badge {
  all: unset; position: absolute; pointer-events: auto; cursor: pointer; transform-origin: 0 0; transform: scale(var(--ep-pv-s, 1)) translate(-40%, -40%);
  box-sizing: border-box; min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; text-align: center;
  font: 700 12px/20px ${UI_FONTS}; color: #231b00; background: #f6b400; box-shadow: 0 1px 4px rgba(0,0,0,.45);
}
.ep-pv-badge[data-sev="error"] { background: #d93025; color: #fff; }
.ep-pv-badge[data-sev="info"] { background: #1a73e8; color: #fff; }
.ep-pv-badge:focus-visible { outline: 2px solid #1a5fd0; outline-offset: 2px; }

.ep-pv-wait { grid-area: stage; display: flex; align-items: center; justify-content: center; padding: 24px; color: #444; font-size: 15px; text-align: center; }

@media ${WIDE} {
  body.ep-viewer.ep-nav-closed.ep-pv-open { grid-template-columns: 0 minmax(0, 1fr) auto 400px; }
}
@media ${NARROW} {
  body.ep-viewer.ep-pv-open { grid-template-columns: minmax(0, 1fr); grid-template-areas: "bar" "stage" "tools"; }
  .ep-pv-panel { position: fixed; left: 0; right: 0; bottom: calc(51px + env(safe-area-inset-bottom)); height: 55vh; border-left: 0; border-top: 1px solid #cfcac0; box-shadow: 0 -6px 20px rgba(0,0,0,.18); z-index: 8; }
  .ep-pv-status, .ep-pv-sep { display: none; }
}
`;

/** The toolbar controls. */
export function previewTools(choices: LayoutChoice[], value: string): string {
  const options = choices.map((c) => `<option value="${esc(c.value)}"${c.value === value ? ' selected' : ''}>${esc(c.label)}</option>`).join('');
  return [
    '<span class="ep-pv-sep" aria-hidden="true"></span>',
    `<select id="ep-pv-layout" class="ep-pv-select" aria-label="版式" title="版式：换一种版式重新排版">${options}</select>`,
    '<button type="button" id="ep-pv-toggle" class="ep-btn ep-pv-toggle" aria-controls="ep-pv-panel" aria-expanded="false" title="列出问题并在版面上标出">问题<span id="ep-pv-count" class="ep-pv-count" data-level="none">0</span></button>',
    '<span id="ep-pv-status" class="ep-pv-status" role="status" aria-live="polite"></span>',
  ].join('\n');
}

/** The banner, the panel and the script's data, at the end of <body>. */
export function previewBody(data: PreviewPageData): string {
  return `<div id="ep-pv-banner" class="ep-pv-banner" role="alert" hidden></div>
<aside id="ep-pv-panel" class="ep-pv-panel" aria-label="问题" hidden>
<div class="ep-pv-head"><h2>问题</h2><label><input type="checkbox" id="ep-pv-marks" checked> 在版面上标出</label><button type="button" class="ep-pv-close" id="ep-pv-close" aria-label="关闭问题列表" title="关闭">×</button></div>
<ol id="ep-pv-list" class="ep-pv-list"></ol>
<section id="ep-pv-code" class="ep-pv-code" aria-label="源文件" hidden></section>
</aside>
<script type="application/json" id="ep-pv-data">${jsonForHtml(data)}</script>`;
}

export function previewExtras(data: PreviewPageData, assets: { css: string; js: string; uiCss: string }, choices: LayoutChoice[], value: string): ViewerExtras {
  return {
    head: `<link rel="stylesheet" href="/assets/${esc(assets.css)}">\n<link rel="stylesheet" id="ep-pv-uicss" href="/assets/${esc(assets.uiCss)}">\n<script type="module" src="/assets/${esc(assets.js)}"></script>`,
    tools: previewTools(choices, value),
    body: previewBody(data),
  };
}

/** The page of an edition that has never been laid out: the banner says why; it reloads once it can be. */
export function waitingPage(
  data: PreviewPageData,
  assets: { siteCss: string; css: string; js: string; icon: string; uiCss: string },
  choices: LayoutChoice[],
  value: string,
): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览 · ${esc(data.id)}</title>
<link rel="icon" href="/assets/${esc(assets.icon)}" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${esc(assets.siteCss)}">
<link rel="stylesheet" href="/assets/${esc(assets.css)}">
<link rel="stylesheet" id="ep-pv-uicss" href="/assets/${esc(assets.uiCss)}">
<script type="module" src="/assets/${esc(assets.js)}"></script>
</head>
<body class="ep-viewer ep-pv-waiting">
<header class="ep-bar"><a class="ep-home" href="/" title="往期">往期</a><h1 class="ep-title">预览 · ${esc(data.id)}</h1></header>
<div class="ep-tools" role="toolbar" aria-label="预览工具">
${previewTools(choices, value)}
</div>
<main class="ep-pv-wait"><p>这一期还没能排出版面。按上面的提示改好文件并保存，版面会自动出现。</p></main>
${previewBody(data)}
</body>
</html>
`;
}
