/**
 * 繁/简 on the page view. The pages stay as laid out: each line's text is replaced in place,
 * character for character, by its conversion (the server sends, per page, the lines that change, each
 * as long as the original), so every glyph keeps its position. The choice is the article view's,
 * kept per reader; without one a page shows the edition's own script.
 */
import { loadPrefs, savePrefs, type ReaderPrefs } from './prefs.js';

type Script = NonNullable<ReaderPrefs['script']>;

const originals = new WeakMap<Element, string>();
const maps = new Map<string, Promise<Record<string, string>>>();

/** Writes `text` over a line's text nodes, as many code points into each as it held. */
export function replaceLineText(line: Element, text: string): void {
  const chars = [...text];
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let at = 0;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const count = [...n.data].length;
    const next = chars.slice(at, at + count).join('');
    if (next !== n.data) n.data = next;
    at += count;
  }
}

function langOf(script: Script, own: Script, editionLang: string): string {
  if (script === own) return editionLang;
  return script === 'hans' ? 'zh-CN' : 'zh-Hant';
}

export function bindPageScript(book: HTMLElement): void {
  const button = document.getElementById('ep-script') as HTMLButtonElement | null;
  if (!button) return;
  const own = (button.dataset.own === 'hant' ? 'hant' : 'hans') as Script;
  const editionLang = button.dataset.lang || (own === 'hans' ? 'zh-CN' : 'zh-Hant');
  const base = button.dataset.base ?? '';
  const asked = new URLSearchParams(location.search).get('zh');
  let current: Script = asked === 'hans' || asked === 'hant' ? asked : (loadPrefs().script ?? own);

  const linesOf = (to: Script, n: string) => {
    const key = `${to}/${n}`;
    let p = maps.get(key);
    if (!p) {
      p = fetch(`${base}${to}/${n}.json`).then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : Promise.reject(new Error(`HTTP ${r.status}`))));
      p.catch(() => maps.delete(key));
      maps.set(key, p);
    }
    return p;
  };

  const show = async (page: HTMLElement) => {
    const to = current;
    if ((page.dataset.script ?? own) === to) return;
    const lines = page.querySelectorAll('.l');
    if (to === own) {
      for (const l of lines) {
        const text = originals.get(l);
        if (text !== undefined) replaceLineText(l, text);
      }
    } else {
      const map = await linesOf(to, page.dataset.page ?? '').catch(() => null);
      if (!map || current !== to) return;
      for (const l of lines) {
        const text = originals.get(l) ?? l.textContent ?? '';
        const converted = map[text];
        if (converted === undefined) continue;
        originals.set(l, text);
        replaceLineText(l, converted);
      }
    }
    page.dataset.script = to;
    page.lang = langOf(to, own, editionLang);
  };

  const showAll = (root: ParentNode) => {
    const pages = root instanceof HTMLElement && root.matches('.ep-page') ? [root] : [...root.querySelectorAll<HTMLElement>('.ep-page')];
    for (const p of pages) void show(p);
  };

  const fontsLink = (to: Script) => {
    if (to === own || document.querySelector(`link[data-ep-script="${to}"]`)) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `${base}${to}.css`;
    link.dataset.epScript = to;
    document.head.append(link);
  };

  const label = () => {
    button.textContent = current === 'hans' ? '繁' : '简';
    button.setAttribute('aria-label', current === 'hans' ? '转为繁体字' : '转为简体字');
    document.documentElement.dataset.script = current;
  };

  new MutationObserver((records) => {
    if (current === own) return;
    for (const r of records) for (const node of r.addedNodes) if (node instanceof HTMLElement) showAll(node);
  }).observe(book, { childList: true, subtree: true });

  button.addEventListener('click', () => {
    current = current === 'hans' ? 'hant' : 'hans';
    savePrefs({ script: current });
    fontsLink(current);
    label();
    showAll(book);
    const live = document.getElementById('ep-live');
    if (live) live.textContent = current === 'hans' ? '已转为简体字' : '已转为繁体字';
  });

  label();
  if (current !== own) {
    fontsLink(current);
    showAll(book);
  }
}
