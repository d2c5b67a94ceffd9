/**
 * The article view's browser script. Loaded in <head>: it applies the stored theme and font size
 * before the first paint, then wires the toolbar once the document is parsed — A−/A+, dark mode,
 * 繁/简, read aloud, share — marks search hits (?hl=) and shows the offline state.
 */
import { applyPrefs, isDark, loadPrefs, savePrefs, SCALES } from './prefs.js';
import { setupSpeech } from './speech.js';
import { setupShare } from './share.js';
import { highlight, highlightQuery } from './highlight.js';
import { setupOffline } from './offline.js';
import { switchScript } from './script-toggle.js';

applyPrefs(loadPrefs());

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function announce(text: string): void {
  const live = byId('ep-r-live');
  if (live) live.textContent = text;
}

function setupFontSize(): void {
  const step = (d: number) => {
    const now = loadPrefs().scale ?? 1;
    const i = Math.max(0, Math.min(SCALES.length - 1, SCALES.indexOf(SCALES.includes(now) ? now : 1) + d));
    const scale = SCALES[i] as number;
    applyPrefs(savePrefs({ scale }));
    announce(`字号 ${Math.round(scale * 100)}%`);
  };
  byId('ep-r-smaller')?.addEventListener('click', () => step(-1));
  byId('ep-r-larger')?.addEventListener('click', () => step(1));
}

function setupTheme(): void {
  const button = byId<HTMLButtonElement>('ep-r-theme');
  if (!button) return;
  const show = () => {
    const dark = isDark(loadPrefs());
    button.setAttribute('aria-pressed', String(dark));
    button.textContent = dark ? '浅色' : '深色';
  };
  button.addEventListener('click', () => {
    applyPrefs(savePrefs({ theme: isDark(loadPrefs()) ? 'light' : 'dark' }));
    show();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener?.('change', show);
  show();
}

function setupScript(): void {
  const button = byId<HTMLButtonElement>('ep-r-script');
  if (!button) return;
  const marks = () => {
    const article = document.querySelector<HTMLElement>('main article');
    if (article) highlight(article, highlightQuery());
  };
  button.addEventListener('click', async () => {
    const to = document.documentElement.dataset.script === 'hans' ? 'hant' : 'hans';
    if (await switchScript(button, marks)) {
      savePrefs({ script: to });
      announce(to === 'hans' ? '已转为简体字' : '已转为繁体字');
    }
  });
  // ?zh=hans|hant asks for a script (a static site sends the same page whatever the query).
  const asked = new URLSearchParams(location.search).get('zh');
  const wanted = asked === 'hans' || asked === 'hant' ? asked : loadPrefs().script;
  if (wanted && wanted !== document.documentElement.dataset.script) void switchScript(button, marks);
}

function start(): void {
  setupFontSize();
  setupTheme();
  setupScript();
  const article = document.querySelector<HTMLElement>('main article');
  const speak = byId<HTMLButtonElement>('ep-r-speak');
  if (article && speak) setupSpeech(speak, article, announce);
  const share = byId<HTMLButtonElement>('ep-r-share');
  if (share) setupShare(share, announce);
  if (article) highlight(article, highlightQuery());
  setupOffline();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
