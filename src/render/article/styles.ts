/**
 * The article view's stylesheet: system fonts only (no web font to load), body text at least 18 CSS px
 * on phones, 2-em paragraph indents, light and dark themes (the reader's choice in
 * `html[data-theme]`, else prefers-color-scheme), a font scale in `--ep-scale` and a print sheet.
 */
export const ARTICLE_CSS = `
:root{--bg:#fbfaf7;--fg:#1b1b1b;--muted:#5b5b5b;--rule:#d8d4cc;--accent:#a3201a;--link:#174ea6;--mark:#ffe27a;--bar:#f1eee8;--ep-scale:1;color-scheme:light}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#121212;--fg:#e6e3de;--muted:#a8a49d;--rule:#3a3835;--accent:#ff8a80;--link:#8ab4f8;--mark:#6b5400;--bar:#1e1e1e;color-scheme:dark}}
:root[data-theme=dark]{--bg:#121212;--fg:#e6e3de;--muted:#a8a49d;--rule:#3a3835;--accent:#ff8a80;--link:#8ab4f8;--mark:#6b5400;--bar:#1e1e1e;color-scheme:dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC","SimSun",serif;line-height:1.8}
:lang(zh-Hant) body,body:lang(zh-Hant){font-family:"Noto Serif CJK TC","Source Han Serif TC","Songti TC","PMingLiU",serif}
a{color:var(--link)}
.ep-rbar{position:sticky;top:0;z-index:2;display:flex;flex-wrap:nowrap;overflow-x:auto;align-items:center;gap:4px;padding:6px 8px;background:var(--bar);border-bottom:1px solid var(--rule);font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;font-size:15px;line-height:1.2}
.ep-rbar a,.ep-rbar button{flex:none;min-width:44px;min-height:44px;display:inline-flex;align-items:center;justify-content:center;padding:0 8px;border:1px solid var(--rule);border-radius:8px;background:var(--bg);color:var(--fg);font:inherit;text-decoration:none;cursor:pointer}
.ep-rbar [hidden]{display:none}
.ep-rbar .ep-grow{flex:1}
.ep-offline{display:none;padding:2px 8px;border-radius:8px;background:var(--accent);color:var(--bg)}
html.ep-is-offline .ep-offline{display:inline-block}
main{max-width:40em;margin:0 auto;padding:16px 18px 48px;font-size:calc(18px * var(--ep-scale))}
@media (min-width:700px){main{font-size:calc(20px * var(--ep-scale))}}
.ep-read header{margin:0 0 1.2em}
.ep-logo{display:inline-block;margin:0 0 .6em;padding:0 .4em;border:1px solid var(--accent);color:var(--accent);font-size:.8em}
.ep-kicker{margin:0 0 .3em;color:var(--muted);font-size:.95em}
.ep-headline{margin:0 0 .3em;font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;font-size:1.55em;line-height:1.35;font-weight:800}
h2.ep-headline{font-size:1.2em}
.ep-deck{margin:0 0 .4em;font-size:1.05em;color:var(--muted)}
.ep-byline{margin:.4em 0 0;color:var(--muted);font-size:.85em;font-family:system-ui,sans-serif}
.ep-read p{margin:0 0 .7em;text-indent:2em;text-align:justify}
.ep-read header p,.ep-read .ep-join,.ep-read figcaption,.ep-read .ep-callout{text-indent:0}
.ep-sub{margin:1.2em 0 .5em;font-family:system-ui,"Noto Sans CJK SC",sans-serif;font-size:1.08em;line-height:1.5}
h4.ep-sub,h5.ep-sub,h6.ep-sub{font-size:1em}
.ep-read ul,.ep-read ol{margin:0 0 .8em;padding-left:2em}
.ep-read li{margin:0 0 .4em}
.ep-callout{margin:1em 0;padding:.3em .8em;border-left:4px solid var(--accent);font-weight:700;font-size:1.15em}
blockquote{margin:1em 0;padding:0 1em;border-left:3px solid var(--rule);color:var(--muted)}
figure{margin:1em 0}
figure img{display:block;width:100%;height:auto}
.ep-noimg{aspect-ratio:4/3;background:var(--rule)}
figcaption{margin-top:.4em;font-size:.85em;color:var(--muted);font-family:system-ui,sans-serif;line-height:1.5}
.ep-credit{white-space:nowrap}
.ep-join{margin:1em 0;font-family:system-ui,sans-serif;font-size:.9em}
.ep-join a{display:inline-flex;align-items:center;min-height:44px;padding:0 .8em;border:1px dashed var(--rule);border-radius:8px;text-decoration:none}
.ep-around{display:grid;gap:8px;margin:2em 0 0;padding-top:1em;border-top:1px solid var(--rule);font-family:system-ui,sans-serif;font-size:.9em;line-height:1.4}
.ep-around a{display:block;padding:10px 12px;min-height:44px;border:1px solid var(--rule);border-radius:8px;text-decoration:none}
.ep-around span{display:block;color:var(--muted);font-size:.85em}
mark{background:var(--mark);color:inherit}
.ep-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media print{.ep-rbar,.ep-around{display:none}:root{--bg:#fff;--fg:#000;--muted:#333;--link:#000}main{max-width:none;padding:0;font-size:11pt}.ep-join a{border:0;padding:0;min-height:0}a{text-decoration:none}}
`;
