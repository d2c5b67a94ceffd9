/**
 * The search page's browser script: loads the static indexes named in #ep-search-data on first use,
 * queries them as the reader types (or from ?q=), and lists hits with edition, page and a snippet
 * whose hits are marked; each hit opens the article view with the phrase highlighted, or the page
 * view with the lines holding it marked.
 */
import { loadSearchIndex, type LoadedIndex, type SearchHit } from './search-index.js';
import { setupOffline } from './offline.js';
import { siteRoot } from '../site-root.js';

interface SearchData {
  /** URLs of the index files, one per edition. */
  indexes: string[];
  /** Edition id → its title, for the result list. */
  titles: Record<string, string>;
}

let loading: Promise<LoadedIndex> | null = null;

function load(data: SearchData): Promise<LoadedIndex> {
  loading ??= Promise.all(data.indexes.map((u) => fetch(u).then((r) => r.text()))).then(loadSearchIndex);
  return loading;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

/** The snippet with each query phrase in a <mark>. */
function marked(snippet: string, terms: string[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  const pattern = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  if (!pattern) {
    frag.append(snippet);
    return frag;
  }
  let pos = 0;
  for (const m of snippet.matchAll(new RegExp(pattern, 'gi'))) {
    frag.append(snippet.slice(pos, m.index));
    frag.append(el('mark', undefined, m[0]));
    pos = (m.index ?? 0) + m[0].length;
  }
  frag.append(snippet.slice(pos));
  return frag;
}

/** The page view of a hit, its lines marked. */
export function pageHref(hit: SearchHit): string {
  const hl = encodeURIComponent(hit.terms.join(' '));
  return `${siteRoot()}e/${encodeURIComponent(hit.edition)}/${encodeURIComponent(hit.page)}/${encodeURIComponent(hit.article)}?hl=${hl}`;
}

export function readHref(hit: SearchHit): string {
  const hl = encodeURIComponent(hit.terms.join(' '));
  return `${siteRoot()}e/${encodeURIComponent(hit.edition)}/${encodeURIComponent(hit.page)}/${encodeURIComponent(hit.article)}/read?hl=${hl}`;
}

function render(list: HTMLElement, status: HTMLElement, hits: SearchHit[], query: string, data: SearchData): void {
  list.replaceChildren(
    ...hits.map((h) => {
      const li = el('li');
      const a = el('a', 'ep-hit');
      a.href = readHref(h);
      a.append(el('span', 'ep-hit-head', h.headline || '（无标题）'));
      a.append(el('span', 'ep-hit-where', `${data.titles[h.edition] ?? h.edition} · 第${h.page}版`));
      const p = el('span', 'ep-hit-snippet');
      p.append(marked(h.snippet, h.terms));
      a.append(p);
      const onPage = el('a', 'ep-hit-page', `在第${h.page}版上看`);
      onPage.href = pageHref(h);
      li.append(a, onPage);
      return li;
    }),
  );
  status.textContent = query ? (hits.length ? `找到 ${hits.length} 条` : `没有找到“${query}”`) : '';
}

function start(): void {
  const dataEl = document.getElementById('ep-search-data');
  const form = document.getElementById('ep-search') as HTMLFormElement | null;
  const input = form?.querySelector<HTMLInputElement>('input[name=q]');
  const list = document.getElementById('ep-results');
  const status = document.getElementById('ep-search-status');
  if (!dataEl || !form || !input || !list || !status) return;
  const data = JSON.parse(dataEl.textContent ?? '{}') as SearchData;
  let seq = 0;
  const run = async () => {
    const query = input.value.trim();
    const mine = ++seq;
    const index = await load(data);
    if (mine !== seq) return;
    render(list, status, query ? index.search(query) : [], query, data);
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  };
  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  input.addEventListener('focus', () => void load(data), { once: true });
  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    void run();
  }
  setupOffline();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
