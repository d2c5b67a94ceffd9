/*
 * The editor preview in the browser, next to the viewer: listens to the preview server's events and
 * puts each new layout on screen in place (same page, zoom and pan), shows a banner when the latest
 * save could not be laid out, lists every problem in a panel with its file:line:col, marks the boxes
 * the problems concern on the page, shows the source lines of a problem, and switches the layout.
 */
import type { PreviewPageData as PageData, Problem, ProblemRect as Rect, PreviewState, SourceLines } from './protocol.js';
import type { ViewerApi, ViewerData } from './viewer.js';

type State = PreviewState;
type Severity = Problem['severity'];

/** A problem as listed: errors of the latest save (key e<id>) and problems of the page shown (p<id>). */
type Item = Problem & { key: string };

const el = <T extends HTMLElement = HTMLElement>(id: string): T | null => document.getElementById(id) as T | null;

const pageData = JSON.parse(el('ep-pv-data')?.textContent || 'null') as PageData | null;
if (pageData) startPreview(pageData);

function startPreview(p: PageData): void {
  const banner = el('ep-pv-banner')!;
  const panel = el('ep-pv-panel')!;
  const list = el('ep-pv-list')!;
  const code = el('ep-pv-code')!;
  const toggle = el<HTMLButtonElement>('ep-pv-toggle')!;
  const count = el('ep-pv-count')!;
  const status = el('ep-pv-status')!;
  const select = el<HTMLSelectElement>('ep-pv-layout')!;
  const marks = el<HTMLInputElement>('ep-pv-marks')!;
  const closeBtn = el<HTMLButtonElement>('ep-pv-close')!;
  const book = el('ep-book');
  const stage = el('ep-stage');
  const root = document.documentElement;
  const viewer = (): ViewerApi | null => (window as unknown as { epViewer?: ViewerApi }).epViewer ?? null;

  let shownRev = p.rev;
  let state: State | null = null;
  let items: Item[] = [];
  let selected: string | null = null;
  let hovered: string | null = null;
  let building = false;
  let connected = true;
  let layerVersion = 0;
  let fontLink = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href^="/assets/fonts-"]');

  const SEV_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
  const SEV_MARK: Record<Severity, string> = { error: '错', warning: '警', info: '注' };
  const SEV_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const worst = (ps: { severity: Severity }[]): Severity => ps.reduce<Severity>((w, x) => (SEV_RANK[x.severity] < SEV_RANK[w] ? x.severity : w), 'info');
  const place = (file: string, d: Problem) => (d.line != null ? `${file}:${d.line}:${d.column ?? 1}` : file);
  const where = (d: Problem) => place(d.file, d);
  /** The file's name without its folders, for the list (the full path is in its tooltip). */
  const whereShort = (d: Problem) => place(d.file.split(/[\\/]/).pop() || d.file, d);

  /* ---------- new layouts ---------- */

  let applying = false;
  let queued: State | null = null;

  async function receive(s: State): Promise<void> {
    queued = s;
    if (applying) return;
    applying = true;
    try {
      while (queued) {
        const next = queued;
        queued = null;
        await apply(next);
      }
    } finally {
      applying = false;
    }
  }

  async function apply(s: State): Promise<void> {
    if (s.session !== p.session) {
      location.reload();
      return;
    }
    const api = viewer();
    if (!api || !book) {
      if (s.viewer) {
        location.reload();
        return;
      }
    } else if (s.viewer && s.rev !== shownRev) {
      const old = fontLink;
      const fonts = s.fontCss && old?.getAttribute('href') !== s.fontCss ? loadFonts(s.fontCss) : undefined;
      await api.refresh(s.viewer, fonts);
      if (old && old !== fontLink) old.remove();
      shownRev = s.rev;
    }
    useUiFont(s.uiCss);
    building = s.building;
    state = s;
    items = [...s.errors.map((e) => ({ ...e, key: `e${e.id}` })), ...s.problems.map((d) => ({ ...d, key: `p${d.id}` }))];
    if (selected && !items.some((i) => i.key === selected)) selected = null;
    root.dataset.epRev = String(shownRev);
    root.dataset.epPv = s.ok ? 'ok' : 'error';
    render();
  }

  /** Switches to a newer stylesheet of the interface font once it has loaded. */
  let uiHref = document.getElementById('ep-pv-uicss')?.getAttribute('href') ?? '';
  function useUiFont(href: string): void {
    if (!href || href === uiHref) return;
    uiHref = href;
    const old = document.getElementById('ep-pv-uicss');
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => {
      old?.remove();
      link.id = 'ep-pv-uicss';
    };
    document.head.append(link);
  }

  /** Adds the new @font-face stylesheet and loads its fonts before the pages that use them are shown. */
  async function loadFonts(href: string): Promise<void> {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    await new Promise<void>((resolve) => {
      link.onload = () => resolve();
      link.onerror = () => resolve();
      document.head.append(link);
    });
    fontLink = link;
    const families = new Set<string>();
    try {
      for (const rule of link.sheet?.cssRules ?? []) {
        const family = rule instanceof CSSFontFaceRule ? rule.style.getPropertyValue('font-family') : '';
        if (family) families.add(family.trim().replace(/^["']|["']$/g, ''));
      }
    } catch {
      return;
    }
    const waits: Promise<unknown>[] = [];
    document.fonts.forEach((face) => {
      if (face.status === 'unloaded' && families.has(face.family.replace(/^["']|["']$/g, ''))) waits.push(face.load().catch(() => undefined));
    });
    await Promise.all(waits);
  }

  /* ---------- chrome ---------- */

  function render(): void {
    renderStatus();
    renderBanner();
    renderList();
    if (state && document.activeElement !== select) select.value = state.layout.value;
    layerVersion++;
    updateLayers();
  }

  function renderStatus(): void {
    count.textContent = String(items.length);
    count.dataset.level = items.length ? worst(items) : 'none';
    const bySev = (s: Severity) => items.filter((i) => i.severity === s).length;
    toggle.title = `问题：${bySev('error')}个错误，${bySev('warning')}个警告，${bySev('info')}条提示（点击列出并在版面上标出）`;
    if (!connected) {
      status.dataset.state = 'error';
      status.textContent = '连接已断开，正在重连…';
    } else if (building) {
      status.dataset.state = 'building';
      status.textContent = '正在排版…';
    } else if (state && !state.ok) {
      status.dataset.state = 'error';
      status.textContent = '未能更新';
    } else if (state?.updated) {
      status.dataset.state = 'ok';
      const t = new Date(state.updated);
      const hh = [t.getHours(), t.getMinutes(), t.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
      status.textContent = `${hh} 已更新${state.ms != null ? `（${state.ms} ms）` : ''}`;
      status.title = state.layout.template ? `版式：${state.layout.template}` : '';
    } else status.textContent = '';
  }

  function renderBanner(): void {
    const errors = items.filter((i) => i.key.startsWith('e'));
    if (errors.length === 0) {
      banner.hidden = true;
      banner.replaceChildren();
      return;
    }
    const h = document.createElement('h2');
    h.textContent = state?.rev ? '最近一次保存没能排出版面' : '这一期还没能排出版面';
    const ul = document.createElement('ul');
    for (const e of errors.slice(0, 5)) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      const w = document.createElement('span');
      w.className = 'ep-pv-where';
      w.textContent = where(e);
      b.append(w, document.createTextNode(`  ${e.message}`));
      b.addEventListener('click', () => {
        setPanel(true);
        void choose(e.key, true);
      });
      li.append(b);
      ul.append(li);
    }
    const note = document.createElement('p');
    note.textContent = state?.rev ? '页面上仍是上次成功排出的版面。改好后保存，版面会自动更新。' : '改好后保存，版面会自动出现。';
    banner.replaceChildren(h, ul, note);
    banner.hidden = false;
  }

  function renderList(): void {
    const nodes: HTMLElement[] = [];
    const errors = items.filter((i) => i.key.startsWith('e'));
    const rest = items.filter((i) => i.key.startsWith('p'));
    if (errors.length) {
      const li = document.createElement('li');
      const h = document.createElement('h3');
      h.textContent = '最近一次保存的错误（版面未更新）';
      li.append(h);
      nodes.push(li, ...errors.map(itemNode));
      if (rest.length) {
        const li2 = document.createElement('li');
        const h2 = document.createElement('h3');
        h2.textContent = '页面上所示版面的问题';
        h2.style.color = '#5f6368';
        li2.append(h2);
        nodes.push(li2);
      }
    }
    nodes.push(...rest.map(itemNode));
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'ep-pv-empty';
      li.textContent = '没有发现问题。';
      nodes.push(li);
    }
    list.replaceChildren(...nodes);
  }

  function itemNode(d: Item): HTMLElement {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'ep-pv-item';
    b.dataset.key = d.key;
    if (d.key === selected) b.setAttribute('aria-current', 'true');
    const sev = document.createElement('span');
    sev.className = 'ep-pv-sev';
    sev.dataset.sev = d.severity;
    sev.textContent = SEV_MARK[d.severity];
    sev.title = SEV_LABEL[d.severity];
    const line1 = document.createElement('span');
    line1.className = 'ep-pv-line1';
    const w = document.createElement('span');
    w.className = 'ep-pv-where';
    w.textContent = whereShort(d);
    w.title = where(d);
    const rule = document.createElement('span');
    rule.className = 'ep-pv-rule';
    rule.textContent = d.rule;
    line1.append(w, rule);
    const msg = document.createElement('span');
    msg.className = 'ep-pv-msg';
    msg.textContent = d.message;
    b.append(sev, line1, msg);
    b.setAttribute('aria-label', `${SEV_LABEL[d.severity]} ${where(d)} ${d.message}`);
    b.addEventListener('click', () => void choose(d.key, true));
    b.addEventListener('pointerenter', () => setHover(d.key));
    b.addEventListener('pointerleave', () => setHover(null));
    b.addEventListener('focus', () => setHover(d.key));
    b.addEventListener('blur', () => setHover(null));
    li.append(b);
    return li;
  }

  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('.ep-pv-item')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    ev.preventDefault();
    ev.stopPropagation();
  });

  /* ---------- choosing a problem ---------- */

  async function choose(key: string, navigate: boolean): Promise<void> {
    selected = key;
    const d = items.find((i) => i.key === key);
    for (const b of list.querySelectorAll<HTMLElement>('.ep-pv-item')) {
      if (b.dataset.key === key) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    markBoxes();
    if (!d) return;
    void showSource(d);
    const api = viewer();
    if (navigate && api && d.page != null) {
      if (!api.shown().includes(d.page) || d.article) await api.show(d.page, d.article);
    }
  }

  function setHover(key: string | null): void {
    hovered = key;
    markBoxes();
  }

  let sourceRequest = 0;

  async function showSource(d: Problem): Promise<void> {
    const ticket = ++sourceRequest;
    const head = document.createElement('header');
    head.textContent = d.line != null ? `${d.file} · 第${d.line}行${d.column != null ? `第${d.column}列` : ''}` : `${d.file}（整个文件）`;
    code.replaceChildren(head);
    code.hidden = false;
    let data: SourceLines | null = null;
    try {
      const r = await fetch(`${p.source}?file=${encodeURIComponent(d.file)}&line=${d.line ?? 1}`, { cache: 'no-store' });
      if (r.ok) data = (await r.json()) as SourceLines;
    } catch {
      data = null;
    }
    if (ticket !== sourceRequest) return;
    const ol = document.createElement('ol');
    if (!data || data.binary) {
      const li = document.createElement('li');
      li.textContent = data?.binary ? '（这不是文本文件，无法显示）' : '（无法读取这个文件）';
      ol.append(li);
    } else {
      data.lines.forEach((text, i) => {
        const n = data!.first + i;
        const li = document.createElement('li');
        if (d.line != null && n === data!.line) li.className = 'ep-pv-hit';
        const num = document.createElement('span');
        num.textContent = String(n);
        const body = document.createElement('span');
        body.textContent = text || ' ';
        li.append(num, body);
        ol.append(li);
      });
    }
    code.replaceChildren(head, ol);
    const hit = ol.querySelector<HTMLElement>('.ep-pv-hit');
    if (hit) ol.scrollTop = Math.max(0, hit.offsetTop - ol.clientHeight / 2);
  }

  /* ---------- marks on the page ---------- */

  /** Screen size of the page: marks keep their size on screen whatever the zoom. */
  function updateScale(): void {
    if (!book || !stage) return;
    const m = /scale\(([\d.e+-]+)\)/.exec(book.style.transform);
    const s = m ? Number(m[1]) : 1;
    if (s > 0) stage.style.setProperty('--ep-pv-s', String(1 / s));
  }

  function updateLayers(): void {
    if (!book) return;
    updateScale();
    for (const slot of book.querySelectorAll<HTMLElement>(':scope > .ep-slot[data-n]')) {
      const n = Number(slot.dataset.n);
      const key = `${shownRev}|${layerVersion}|${n}`;
      let layer = slot.querySelector<HTMLElement>(':scope > .ep-pv-layer');
      if (layer && layer.dataset.key === key) continue;
      if (!layer) {
        layer = document.createElement('div');
        layer.className = 'ep-pv-layer';
      }
      layer.dataset.key = key;
      layer.replaceChildren(...marksFor(n));
      if (layer.parentElement !== slot) slot.append(layer);
    }
    markBoxes();
  }

  function marksFor(n: number): HTMLElement[] {
    const boxes = new Map<string, { r: Rect; keys: Item[] }>();
    const groups = new Map<string, { r: Rect; keys: Item[] }>();
    for (const d of items) {
      const rects = d.rects.filter((r) => r.page === n);
      if (rects.length === 0) continue;
      for (const r of rects) {
        const k = `${r.x},${r.y},${r.w},${r.h}`;
        const b = boxes.get(k);
        if (b) {
          if (!b.keys.includes(d)) b.keys.push(d);
        } else boxes.set(k, { r, keys: [d] });
      }
      const top = rects.reduce((a, r) => (r.y < a.y || (r.y === a.y && r.x < a.x) ? r : a));
      const gk = d.article ?? `${top.x},${top.y}`;
      const g = groups.get(gk);
      if (g) {
        g.keys.push(d);
        if (top.y < g.r.y || (top.y === g.r.y && top.x < g.r.x)) g.r = top;
      } else groups.set(gk, { r: top, keys: [d] });
    }
    const out: HTMLElement[] = [];
    for (const { r, keys } of boxes.values()) {
      const div = document.createElement('div');
      div.className = r.whole ? 'ep-pv-box ep-pv-whole' : 'ep-pv-box';
      div.dataset.sev = worst(keys);
      div.dataset.keys = ` ${keys.map((k) => k.key).join(' ')} `;
      div.style.left = `${r.x}px`;
      div.style.top = `${r.y}px`;
      div.style.width = `${r.w}px`;
      div.style.height = `${r.h}px`;
      out.push(div);
    }
    for (const { r, keys } of groups.values()) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'ep-pv-badge';
      b.dataset.sev = worst(keys);
      b.dataset.keys = ` ${keys.map((k) => k.key).join(' ')} `;
      b.textContent = String(keys.length);
      b.style.left = `${r.x}px`;
      b.style.top = `${r.y}px`;
      const text = keys.map((k) => `${SEV_LABEL[k.severity]} ${where(k)}：${k.message}`).join('\n');
      b.title = text;
      b.setAttribute('aria-label', `${keys.length}个问题：${text}`);
      b.addEventListener('click', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        setPanel(true);
        void choose(keys[0]!.key, false).then(() => list.querySelector<HTMLElement>(`.ep-pv-item[data-key="${keys[0]!.key}"]`)?.scrollIntoView({ block: 'nearest' }));
      });
      out.push(b);
    }
    return out;
  }

  function markBoxes(): void {
    if (!book) return;
    for (const box of book.querySelectorAll<HTMLElement>('.ep-pv-box')) {
      const keys = box.dataset.keys ?? '';
      box.classList.toggle('ep-pv-sel', selected != null && keys.includes(` ${selected} `));
      box.classList.toggle('ep-pv-hover', hovered != null && hovered !== selected && keys.includes(` ${hovered} `));
    }
  }

  if (book) {
    let frame = 0;
    const observer = new MutationObserver((records) => {
      let slots = false;
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target === book) updateScale();
        } else if (!(r.target as Element).closest?.('.ep-pv-layer')) slots = true;
      }
      if (slots && !frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          updateLayers();
        });
      }
    });
    observer.observe(book, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
  }

  /* ---------- panel, layout, events ---------- */

  function setPanel(open: boolean): void {
    if (open === !panel.hidden) return;
    panel.hidden = !open;
    document.body.classList.toggle('ep-pv-open', open);
    document.body.classList.toggle('ep-pv-marks', open && marks.checked);
    toggle.setAttribute('aria-expanded', String(open));
    try {
      sessionStorage.setItem('ep-pv-open', open ? '1' : '0');
    } catch {
      // storage may be off
    }
    window.dispatchEvent(new Event('resize'));
  }

  toggle.addEventListener('click', () => setPanel(panel.hidden));
  closeBtn.addEventListener('click', () => {
    setPanel(false);
    toggle.focus();
  });
  marks.addEventListener('change', () => document.body.classList.toggle('ep-pv-marks', !panel.hidden && marks.checked));

  select.addEventListener('change', () => {
    building = true;
    renderStatus();
    fetch(p.layout, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ layout: select.value }) })
      .then((r) => {
        if (!r.ok) throw new Error(String(r.status));
      })
      .catch(() => {
        building = false;
        status.dataset.state = 'error';
        status.textContent = '无法切换版式';
      });
  });

  const events = new EventSource(p.events);
  events.addEventListener('state', (ev) => {
    connected = true;
    void receive(JSON.parse((ev as MessageEvent<string>).data) as State);
  });
  events.addEventListener('building', () => {
    building = true;
    renderStatus();
  });
  events.addEventListener('open', () => {
    connected = true;
    renderStatus();
  });
  events.addEventListener('error', () => {
    connected = false;
    renderStatus();
  });
  window.addEventListener('pagehide', () => events.close());

  let reopen = false;
  try {
    reopen = sessionStorage.getItem('ep-pv-open') === '1';
  } catch {
    reopen = false;
  }
  if (reopen || !book) setPanel(true);
}
