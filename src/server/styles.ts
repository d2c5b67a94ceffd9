/**
 * Stylesheets of the site: the viewer chrome (bar, stage, navigator, page turn, highlight), the
 * archive and the not-found page. The pages themselves are styled by render/html's pageCss().
 */
import { ARCHIVE_CALENDAR_CSS } from './archive-calendar.js';

/** Same condition as the viewer script's spread mode. */
const WIDE = '(min-width: 900px) and (min-aspect-ratio: 5/4)';
const NARROW = '(max-width: 899.98px), (max-aspect-ratio: 5/4)';

export const SITE_CSS = `
:root {
  --ep-ink: #1b1b1b;
  --ep-paper: #fff;
  --ep-desk: #dcd8d0;
  --ep-bar: #23211f;
  --ep-bar-ink: #f4f1ea;
  --ep-accent: #b3261e;
  --ep-mark: rgba(255, 190, 0, .2);
  --ep-ui: "ep-ui", system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  /* Headlines in the lists: in the page's headline fonts, which hold their glyphs (the interface font holds only its own text). */
  --ep-heads: "ep-sans-bold", "ep-sans-black", var(--ep-ui);
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body { font-family: var(--ep-ui); color: var(--ep-ink); -webkit-tap-highlight-color: transparent; }
a { color: inherit; }
.ep-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.ep-skip { position: absolute; left: 8px; top: -40px; z-index: 20; padding: 6px 10px; background: #fff; color: #000; border-radius: 4px; }
.ep-skip:focus { top: 8px; }

/* viewer */
body.ep-viewer {
  height: 100vh; height: 100dvh; overflow: hidden; background: var(--ep-desk);
  display: grid; grid-template-columns: auto minmax(0, 1fr) auto; grid-template-rows: auto minmax(0, 1fr);
  grid-template-areas: "bar bar tools" "nav stage stage";
}
.ep-bar {
  grid-area: bar; display: flex; align-items: center; gap: 12px; min-height: 46px; padding: 4px 12px; min-width: 0;
  background: var(--ep-bar); color: var(--ep-bar-ink); z-index: 5;
}
.ep-home { text-decoration: none; font-size: 14px; padding: 6px 8px; border-radius: 6px; white-space: nowrap; }
.ep-home:hover { background: rgba(255,255,255,.12); }
.ep-title { margin: 0; font-size: 17px; font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; flex: 1 1 auto; letter-spacing: .02em; }
.ep-title time, .ep-title-issue { font-weight: 400; font-size: 14px; opacity: .82; margin-left: .5em; }
.ep-tools { grid-area: tools; display: flex; align-items: center; gap: 6px; padding: 4px 12px 4px 0; background: var(--ep-bar); color: var(--ep-bar-ink); z-index: 5; }
.ep-btn {
  appearance: none; border: 1px solid rgba(255,255,255,.22); background: rgba(255,255,255,.06); color: var(--ep-bar-ink);
  font: 14px/1 var(--ep-ui); min-width: 34px; height: 34px; padding: 0 10px; border-radius: 6px; cursor: pointer;
  display: inline-flex; align-items: center; justify-content: center; text-decoration: none; white-space: nowrap;
}
.ep-btn:hover:not(:disabled) { background: rgba(255,255,255,.16); }
.ep-btn:disabled { opacity: .38; cursor: default; }
.ep-btn:focus-visible, .ep-home:focus-visible, .ep-nav a:focus-visible { outline: 2px solid #ffd166; outline-offset: 2px; }
.ep-btn svg { display: block; width: 20px; height: 20px; }
#ep-prev, #ep-next { padding: 0 7px; }
.ep-where { min-width: 4.6em; text-align: center; font-size: 14px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ep-pdf { border-color: rgba(255,255,255,.35); }
.ep-pdf[hidden] { display: none; }

.ep-nav { grid-area: nav; overflow: auto; background: #efece6; border-right: 1px solid #cfcac0; width: 148px; padding: 10px 0; overscroll-behavior: contain; }
.ep-nav ol { list-style: none; margin: 0; padding: 0 12px; display: flex; flex-direction: column; gap: 12px; }
.ep-nav a { display: block; text-decoration: none; text-align: center; font-size: 13px; border-radius: 4px; padding: 4px; }
.ep-nav img { display: block; width: 100%; height: auto; margin: 0 auto 4px; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
.ep-nav a[aria-current="page"] img { outline: 3px solid var(--ep-accent); outline-offset: 1px; }
.ep-nav a[aria-current="page"] .ep-nav-n { color: var(--ep-accent); font-weight: 700; }
.ep-nav-n, .ep-nav-sec { display: block; line-height: 1.35; }
.ep-nav-sec { color: #555; font-size: 12px; }
body.ep-nav-closed .ep-nav { display: none; }

.ep-stage { grid-area: stage; position: relative; overflow: hidden; touch-action: none; outline: none; user-select: text; }
.ep-stage.ep-zoomed { cursor: grab; }
.ep-stage.ep-zoomed:active { cursor: grabbing; }
.ep-track { position: absolute; inset: 0; }
.ep-book { position: absolute; left: 0; top: 0; transform-origin: 0 0; visibility: hidden; }
.ep-book.ep-ready { visibility: visible; }
.ep-book.ep-glide { transition: transform .3s ease; }
.ep-slot { position: absolute; top: 0; background: var(--ep-paper); box-shadow: 0 1px 2px rgba(0,0,0,.28), 0 8px 28px rgba(0,0,0,.16); }
.ep-slot.ep-empty { background: none; box-shadow: none; }
.ep-slot > .ep-page { position: absolute; left: 0; top: 0; }
.ep-book[data-mode="spread"] .ep-slot + .ep-slot::after {
  content: ""; position: absolute; top: 0; bottom: 0; left: 0; width: 28px; pointer-events: none; z-index: 3;
  background: linear-gradient(to right, rgba(0,0,0,.12), rgba(0,0,0,0));
}
.ep-leaf { position: absolute; top: 0; z-index: 4; transform-style: preserve-3d; pointer-events: none; }
.ep-leaf-fwd { transform-origin: 0 50%; }
.ep-leaf-back { transform-origin: 100% 50%; }
.ep-face { position: absolute; inset: 0; overflow: hidden; background: var(--ep-paper); backface-visibility: hidden; -webkit-backface-visibility: hidden; box-shadow: 0 0 24px rgba(0,0,0,.18); }
.ep-face-back { transform: rotateY(180deg); }
.ep-face > .ep-page { position: absolute; left: 0; top: 0; }

.ep-page .ep-article[aria-current="true"] i { background: var(--ep-mark); outline: 4px solid var(--ep-accent); outline-offset: 3px; }
.ep-page .ep-article.ep-flash i { animation: ep-flash 1.4s ease-out 1; }
@keyframes ep-flash { 0% { background: rgba(255,190,0,.6); } 100% { background: var(--ep-mark); } }
.ep-page a[data-jump][href] { border-radius: 2px; }
.ep-page a[data-jump][href]:hover { background: rgba(179,38,30,.1); }

@media ${NARROW} {
  body.ep-viewer { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr) auto; grid-template-areas: "bar" "stage" "tools"; }
  .ep-bar { gap: 8px; padding: 4px 8px; min-height: 42px; }
  .ep-home { padding: 6px 4px; font-size: 13px; }
  .ep-title { font-size: 16px; }
  .ep-title time { font-size: 13px; }
  .ep-title-issue, .ep-zoom { display: none; }
  .ep-tools { justify-content: space-between; gap: 4px; padding: 6px 8px calc(6px + env(safe-area-inset-bottom)); border-top: 1px solid rgba(255,255,255,.08); overflow-x: auto; scrollbar-width: none; }
  .ep-tools > * { flex: none; }
  .ep-btn { padding: 0 9px; min-width: 38px; height: 38px; }
  .ep-where { flex: 1 0 auto; min-width: 4.6em; }
  .ep-nav {
    display: none; position: fixed; left: 0; right: 0; bottom: calc(51px + env(safe-area-inset-bottom)); width: auto; z-index: 6; padding: 10px 0;
    border-right: 0; border-top: 1px solid #cfcac0; box-shadow: 0 -6px 20px rgba(0,0,0,.18); overflow-x: auto; overflow-y: hidden;
  }
  .ep-nav ol { flex-direction: row; gap: 10px; }
  .ep-nav li { flex: 0 0 96px; }
  body.ep-nav-open .ep-nav { display: block; }
  body.ep-nav-closed .ep-nav { display: none; }
}
@media (max-width: 360px) {
  .ep-title time { display: none; }
}
@media ${WIDE} {
  body.ep-viewer.ep-nav-closed { grid-template-columns: 0 minmax(0, 1fr) auto; }
}
@media (prefers-reduced-motion: reduce) {
  .ep-book.ep-glide { transition: none; }
  .ep-page .ep-article.ep-flash i { animation: none; }
}

/* headline list (标题导航): beside the page on wide screens, a sheet on phones; offline mark */
.ep-heads { display: none; background: #f7f5f0; color: #1b1b1b; font-size: 14px; overscroll-behavior: contain; }
.ep-heads h2 { font-size: 13px; margin: 0 0 6px; color: #666; font-weight: 400; }
.ep-heads ol { list-style: none; margin: 0; padding: 0; font-family: var(--ep-heads); }
.ep-heads a { display: block; box-sizing: border-box; min-height: 44px; padding: 10px 4px; border-bottom: 1px solid #e2ded6; color: inherit; text-decoration: none; line-height: 1.4; }
.ep-heads a:hover, .ep-heads a:focus-visible { background: #fff; }
.ep-heads-cont { color: #777; }
.ep-offline { display: none; }
.ep-page .l.ep-hit { background: rgba(255, 200, 0, .45); box-shadow: 0 0 0 2px rgba(255, 200, 0, .45); }
html.ep-is-offline .ep-offline { display: inline-flex; align-items: center; height: 30px; padding: 0 8px; border-radius: 4px; background: #ffd166; color: #1b1b1b; font-size: 13px; }
@media ${WIDE} {
  body.ep-viewer { grid-template-columns: auto minmax(0, 1fr) auto 240px; grid-template-areas: "bar bar tools tools" "nav stage stage heads"; }
  body.ep-viewer.ep-nav-closed { grid-template-columns: 0 minmax(0, 1fr) auto 240px; }
  .ep-heads { display: block; grid-area: heads; overflow: auto; border-left: 1px solid #cfcac0; padding: 10px 12px; }
  #ep-heads-toggle { display: none; }
}
@media ${NARROW} {
  body.ep-heads-open .ep-heads { display: block; position: fixed; left: 0; right: 0; bottom: calc(51px + env(safe-area-inset-bottom)); max-height: 60vh; overflow: auto; z-index: 7; border-top: 1px solid #cfcac0; box-shadow: 0 -6px 20px rgba(0,0,0,.18); padding: 10px 16px; }
}

/* archive, not found */
body.ep-archive { background: #f3f0ea; min-height: 100vh; }
.ep-archive-head { background: var(--ep-bar); color: var(--ep-bar-ink); padding: 22px 24px 18px; }
.ep-archive-head h1 { margin: 0; font-size: 26px; letter-spacing: .08em; }
.ep-archive-head p { margin: 6px 0 0; opacity: .8; font-size: 14px; }
.ep-archive main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
.ep-cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 28px 20px; }
.ep-card { display: block; text-decoration: none; border-radius: 6px; padding: 8px; }
.ep-card:hover, .ep-card:focus-visible { background: #fff; box-shadow: 0 2px 10px rgba(0,0,0,.1); outline: none; }
.ep-card img { display: block; width: 120px; height: auto; margin: 0 auto 10px; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.3), 0 6px 18px rgba(0,0,0,.1); }
.ep-card-text { display: block; text-align: center; line-height: 1.5; }
.ep-card-paper { display: block; font-weight: 700; font-size: 16px; }
.ep-card time, .ep-card-nodate, .ep-card-issue, .ep-card-pages { display: block; font-size: 13px; color: #555; }
.ep-empty { color: #555; }
.ep-notfound main { max-width: 640px; }
.ep-notfound h1 { font-size: 24px; margin: 24px 0 8px; }
.ep-notfound h2 { font-size: 17px; margin-top: 28px; }
.ep-links { padding-left: 1.2em; line-height: 1.9; }
.ep-links a, .ep-notfound p a { color: #0b57d0; }
${ARCHIVE_CALENDAR_CSS}
`;

/** Without the script the first page is shown at full size in a scrolling area. */
export const NOJS_CSS = `
.ep-book { visibility: visible; position: static; transform: none; }
.ep-slot { position: relative; }
.ep-slot > .ep-page { position: relative; }
.ep-stage { overflow: auto; touch-action: auto; }
.ep-tools button { display: none; }
`;
