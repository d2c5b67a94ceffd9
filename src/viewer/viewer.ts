/*
 * The e-paper viewer in the browser: two-page spreads with a page turn on wide screens, one page with
 * swipe on phones, zoom and pan, the page navigator, and cross-page links (jump lines and teasers)
 * that turn to their target, highlight it and can be undone with Back. Pages are fetched as HTML
 * fragments when needed; only the pages on screen are in the DOM.
 */
export {};

export interface PageInfo {
  n: number;
  label: string;
  section: string | null;
  w: number;
  h: number;
  html: string;
  href: string;
  pdf: string | null;
  thumb?: string;
}

export interface ViewerData {
  id: string;
  title: string;
  page: number;
  article: string | null;
  editionPdf: string | null;
  pages: PageInfo[];
}

interface HistState {
  ep: 1;
  page: number;
  article: string | null;
  depth: number;
}

interface GoOptions {
  article?: string | null;
  /** Add a history entry (links, navigator); otherwise the current entry is replaced. */
  push?: boolean;
  /** Came from popstate: leave history alone. */
  fromHistory?: boolean;
  /** Move keyboard focus to the article. */
  focus?: boolean;
  /** Horizontal offset the page was dragged by (phones), to continue the slide from there. */
  dragged?: number;
}

type Spread = (number | null)[];

/** What the viewer offers other scripts of the page (the editor preview) as window.epViewer. */
export interface ViewerApi {
  /**
   * Puts a new layout of the edition on screen, keeping the page, zoom and pan (no animation); the
   * pages are fetched at once and drawn once `ready` (fonts they need) has settled.
   */
  refresh(next: ViewerData, ready?: Promise<unknown>): Promise<void>;
  /** Turns to page n, highlighting an article on it. */
  show(n: number, article?: string | null): Promise<void>;
  /** Numbers of the pages on screen. */
  shown(): number[];
}

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

const dataEl = byId('ep-data');
const stage = byId('ep-stage');
const track = byId('ep-track');
const book = byId('ep-book');
const live = byId('ep-live');
const nav = byId('ep-nav');
const where = byId('ep-where');
const backBtn = byId<HTMLButtonElement>('ep-back');
const prevBtn = byId<HTMLButtonElement>('ep-prev');
const nextBtn = byId<HTMLButtonElement>('ep-next');
const zoomInBtn = byId<HTMLButtonElement>('ep-zoom-in');
const zoomOutBtn = byId<HTMLButtonElement>('ep-zoom-out');
const navBtn = byId<HTMLButtonElement>('ep-nav-toggle');
const pdfLink = byId<HTMLAnchorElement>('ep-pdf');

const data = JSON.parse(dataEl?.textContent || 'null') as ViewerData | null;

const MAX_ZOOM = 6;
const KEEP_FRAGMENTS = 8;
const TURN_MS = 650;
const SLIDE_MS = 200;

const reduced = matchMedia('(prefers-reduced-motion: reduce)');
const wideQuery = matchMedia('(min-width: 900px) and (min-aspect-ratio: 5/4)');

if (data && stage && book && track) start(data);

function start(d: ViewerData): void {
  let info = new Map(d.pages.map((p) => [p.n, p]));
  let order = d.pages.map((p) => p.n);
  let unitW = Math.max(...d.pages.map((p) => p.w));
  let unitH = Math.max(...d.pages.map((p) => p.h));
  const fragments = new Map<number, string>();
  const loading = new Map<number, Promise<string>>();
  /** Bumped when the edition is replaced (refresh), so fragments of the old one are dropped. */
  let generation = 0;

  let mode: 'spread' | 'single' = wideQuery.matches ? 'spread' : 'single';
  let current = info.has(d.page) ? d.page : order[0]!;
  let article: string | null = d.article;
  let shown: Spread = [];
  let zoom = 1;
  let fit = 1;
  let bx = 0;
  let by = 0;
  let units = 1;
  let busy = false;
  let pending: { page: number; opts: GoOptions } | null = null;

  let first = order[0]!;
  let last = order[order.length - 1]!;
  const motion = () => !reduced.matches;

  /* ---------- fragments ---------- */

  const initialSlot = book.querySelector<HTMLElement>('.ep-slot');
  if (initialSlot?.dataset.n) fragments.set(Number(initialSlot.dataset.n), initialSlot.innerHTML.trim());

  function fragment(n: number): Promise<string> {
    const have = fragments.get(n);
    if (have !== undefined) {
      fragments.delete(n);
      fragments.set(n, have);
      return Promise.resolve(have);
    }
    const inFlight = loading.get(n);
    if (inFlight) return inFlight;
    const p = info.get(n);
    if (!p) return Promise.reject(new Error(`no page ${n}`));
    const gen = generation;
    const req = fetch(p.html, { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`page ${n}: HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => {
        if (gen !== generation) return text.trim();
        loading.delete(n);
        fragments.set(n, text.trim());
        trimFragments();
        return text.trim();
      })
      .catch((error: unknown) => {
        if (gen === generation) loading.delete(n);
        throw error;
      });
    loading.set(n, req);
    return req;
  }

  function trimFragments(): void {
    for (const n of fragments.keys()) {
      if (fragments.size <= KEEP_FRAGMENTS) break;
      if (!shown.includes(n)) fragments.delete(n);
    }
  }

  function prefetch(): void {
    const around = [...spreadOf(stepFrom(current, 1)), ...spreadOf(stepFrom(current, -1))];
    const run = () => {
      for (const n of around) if (n != null && !fragments.has(n)) fragment(n).catch(() => undefined);
    };
    if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 1500 });
    else setTimeout(run, 300);
  }

  /* ---------- spreads ---------- */

  function spreadOf(n: number): Spread {
    if (mode === 'single') return [n];
    const i = order.indexOf(n);
    if (i <= 0) return [null, order[0]!];
    const left = i % 2 === 1 ? i : i - 1;
    return [order[left] ?? null, order[left + 1] ?? null];
  }

  const pagesOf = (s: Spread): number[] => s.filter((n): n is number => n != null);
  const sameSpread = (a: Spread, b: Spread) => a.length === b.length && a.every((n, i) => n === b[i]);

  /** The page a step of `dir` spreads (or pages) away from n, clamped to the edition. */
  function stepFrom(n: number, dir: number): number {
    const s = pagesOf(spreadOf(n));
    const edge = dir > 0 ? s[s.length - 1]! : s[0]!;
    const i = order.indexOf(edge) + dir;
    return order[Math.max(0, Math.min(order.length - 1, i))]!;
  }

  /* ---------- geometry ---------- */

  function stageSize(): { W: number; H: number } {
    return { W: stage.clientWidth, H: stage.clientHeight };
  }

  function measure(): void {
    const { W, H } = stageSize();
    const pad = mode === 'spread' ? 20 : 6;
    fit = Math.max(0.05, Math.min((W - 2 * pad) / (units * unitW), (H - 2 * pad) / unitH));
  }

  function apply(): void {
    const { W, H } = stageSize();
    const s = fit * zoom;
    const w = units * unitW * s;
    const h = unitH * s;
    bx = w <= W ? (W - w) / 2 : Math.min(0, Math.max(W - w, bx));
    by = h <= H ? (H - h) / 2 : Math.min(0, Math.max(H - h, by));
    book.style.width = `${units * unitW}px`;
    book.style.height = `${unitH}px`;
    book.style.transform = `translate(${bx}px, ${by}px) scale(${s})`;
    const zoomed = zoom > 1.001;
    stage.classList.toggle('ep-zoomed', zoomed);
    zoomOutBtn.disabled = !zoomed;
    zoomInBtn.disabled = zoom >= MAX_ZOOM - 0.001;
  }

  /** Zoom to z (relative to fit) keeping the stage point (cx, cy) still. */
  function zoomAt(z: number, cx: number, cy: number): void {
    const nz = Math.max(1, Math.min(MAX_ZOOM, z));
    const s0 = fit * zoom;
    const s1 = fit * nz;
    bx = cx - ((cx - bx) * s1) / s0;
    by = cy - ((cy - by) * s1) / s0;
    zoom = nz;
    apply();
  }

  function zoomBy(f: number): void {
    const { W, H } = stageSize();
    zoomAt(zoom * f, W / 2, H / 2);
  }

  function resetZoom(): void {
    if (zoom === 1) return;
    zoom = 1;
    apply();
  }

  function panBy(dx: number, dy: number): void {
    bx += dx;
    by += dy;
    apply();
  }

  /* ---------- drawing ---------- */

  function slot(n: number | null, x: number, reuse?: Map<number, HTMLElement>, replace = false): HTMLElement {
    const kept = n != null ? reuse?.get(n) : undefined;
    const el = kept ?? document.createElement('div');
    el.className = 'ep-slot';
    el.style.left = `${x}px`;
    if (n != null) {
      const p = info.get(n)!;
      el.dataset.n = String(n);
      el.style.width = `${p.w}px`;
      el.style.height = `${p.h}px`;
      if (!kept || replace) el.innerHTML = fragments.get(n) ?? '';
    } else {
      el.classList.add('ep-empty');
      el.style.width = `${unitW}px`;
      el.style.height = `${unitH}px`;
    }
    return el;
  }

  /** Put the pages of spread s on the book (no animation); `replace` redraws pages already there. */
  function draw(s: Spread, replace = false): void {
    const hadFocus = book.contains(document.activeElement);
    const pages = pagesOf(s);
    units = mode === 'spread' && pages.length === 2 ? 2 : 1;
    const reuse = new Map<number, HTMLElement>();
    for (const el of book.querySelectorAll<HTMLElement>(':scope > .ep-slot[data-n]')) reuse.set(Number(el.dataset.n), el);
    const nodes: HTMLElement[] = [];
    if (units === 2) {
      nodes.push(slot(s[0] ?? null, 0, reuse, replace), slot(s[1] ?? null, unitW, reuse, replace));
    } else {
      nodes.push(slot(pages[0] ?? null, 0, reuse, replace));
    }
    book.replaceChildren(...nodes);
    const stillFocused = hadFocus && book.contains(document.activeElement);
    book.dataset.mode = mode;
    shown = s;
    measure();
    apply();
    if (hadFocus && !stillFocused) stage.focus({ preventScroll: true });
  }

  function leafFace(n: number | null, back: boolean): HTMLElement {
    const face = document.createElement('div');
    face.className = back ? 'ep-face ep-face-back' : 'ep-face';
    if (n != null) face.innerHTML = fragments.get(n) ?? '';
    return face;
  }

  /** Spread page turn: a leaf turns over the right (forward) or left (backward) half of the book. */
  async function turn(from: Spread, to: Spread, forward: boolean): Promise<void> {
    units = 2;
    const under: Spread = forward ? [from[0] ?? null, to[1] ?? null] : [to[0] ?? null, from[1] ?? null];
    book.replaceChildren(slot(under[0] ?? null, 0), slot(under[1] ?? null, unitW));
    const leaf = document.createElement('div');
    leaf.className = `ep-leaf ${forward ? 'ep-leaf-fwd' : 'ep-leaf-back'}`;
    leaf.style.left = forward ? `${unitW}px` : '0px';
    leaf.style.width = `${unitW}px`;
    leaf.style.height = `${unitH}px`;
    leaf.inert = true;
    leaf.append(leafFace(forward ? (from[1] ?? null) : (from[0] ?? null), false), leafFace(forward ? (to[0] ?? null) : (to[1] ?? null), true));
    book.append(leaf);
    book.classList.add('ep-turning', 'ep-glide');
    measure();
    apply();
    const angle = forward ? -180 : 180;
    const anim = leaf.animate(
      [
        { transform: 'perspective(6000px) rotateY(0deg)' },
        { transform: `perspective(6000px) rotateY(${angle / 2}deg) scaleY(1.015)`, offset: 0.5 },
        { transform: `perspective(6000px) rotateY(${angle}deg)` },
      ],
      { duration: TURN_MS, easing: 'ease-in-out', fill: 'forwards' },
    );
    await anim.finished.catch(() => undefined);
    book.classList.remove('ep-turning');
    draw(to);
    setTimeout(() => book.classList.remove('ep-glide'), 320);
  }

  /** Phone page change: the page slides out and the next slides in. */
  async function slide(to: Spread, forward: boolean, dragged: number): Promise<void> {
    const { W } = stageSize();
    const out = forward ? -W : W;
    await track.animate([{ transform: `translateX(${dragged}px)` }, { transform: `translateX(${out}px)` }], { duration: SLIDE_MS, easing: 'ease-in' }).finished.catch(() => undefined);
    draw(to);
    await track.animate([{ transform: `translateX(${-out}px)` }, { transform: 'translateX(0px)' }], { duration: SLIDE_MS, easing: 'ease-out' }).finished.catch(() => undefined);
    track.style.transform = '';
  }

  /* ---------- navigation ---------- */

  function hrefOf(n: number, a: string | null): string {
    const base = `/e/${encodeURIComponent(d.id)}/`;
    if (n === first && !a) return base;
    return `${base}${n}/${a ? encodeURIComponent(a) : ''}`;
  }

  function depth(): number {
    const s = history.state as HistState | null;
    return s && s.ep === 1 ? s.depth : 0;
  }

  function spreadLabel(s: Spread): string {
    return pagesOf(s)
      .map((n) => {
        const p = info.get(n)!;
        return `第${p.label}版${p.section ? ` ${p.section}` : ''}`;
      })
      .join('，');
  }

  function updateChrome(): void {
    const p = info.get(current)!;
    where.textContent = pagesOf(shown)
      .map((n) => `第${info.get(n)!.label}版`)
      .join(' – ');
    document.title = `${d.title} · 第${p.label}版${p.section ? ` ${p.section}` : ''}`;
    const s = pagesOf(shown);
    prevBtn.disabled = s[0] === first;
    nextBtn.disabled = s[s.length - 1] === last;
    backBtn.disabled = depth() === 0;
    if (pdfLink) {
      if (p.pdf) {
        pdfLink.href = p.pdf;
        pdfLink.hidden = false;
        pdfLink.removeAttribute('aria-disabled');
        pdfLink.setAttribute('download', '');
        pdfLink.textContent = mode === 'spread' && s.length > 1 ? `第${p.label}版PDF` : '本版PDF';
      } else {
        pdfLink.removeAttribute('href');
        pdfLink.hidden = true;
      }
    }
    let currentLink: HTMLElement | null = null;
    for (const a of nav.querySelectorAll<HTMLAnchorElement>('a[data-page]')) {
      const on = s.includes(Number(a.dataset.page));
      if (on) {
        a.setAttribute('aria-current', 'page');
        currentLink ??= a;
      } else a.removeAttribute('aria-current');
    }
    if (currentLink) {
      const list = nav;
      const r = currentLink.getBoundingClientRect();
      const lr = list.getBoundingClientRect();
      if (r.top < lr.top || r.bottom > lr.bottom) list.scrollTop += r.top - lr.top - (lr.height - r.height) / 2;
      if (r.left < lr.left || r.right > lr.right) list.scrollLeft += r.left - lr.left - (lr.width - r.width) / 2;
    }
  }

  function announce(text: string): void {
    live.textContent = '';
    setTimeout(() => (live.textContent = text), 30);
  }

  function articleEl(n: number, a: string): HTMLElement | null {
    const root = book.querySelector(`.ep-slot[data-n="${n}"]`);
    if (!root) return null;
    const q = CSS.escape(a);
    return root.querySelector<HTMLElement>(`.ep-article[data-article="${q}"]`) ?? root.querySelector<HTMLElement>(`[data-article="${q}"]:not([data-jump])`);
  }

  /** Stage-relative bounds of an element of the book (an article's boxes, or the element itself). */
  function bounds(el: HTMLElement): { left: number; top: number; width: number } {
    const sr = stage.getBoundingClientRect();
    const parts = el.querySelectorAll('i');
    const rects = parts.length ? [...parts].map((i) => i.getBoundingClientRect()) : [el.getBoundingClientRect()];
    const left = Math.min(...rects.map((b) => b.left)) - sr.left;
    const top = Math.min(...rects.map((b) => b.top)) - sr.top;
    const right = Math.max(...rects.map((b) => b.right)) - sr.left;
    return { left, top, width: right - left };
  }

  /** Bring an element of the book into view: when zoomed, pan to it; when it is small on a phone, zoom in on it. */
  function reveal(el: HTMLElement, zoomIn: boolean): void {
    const { W, H } = stageSize();
    let b = bounds(el);
    if (zoomIn && zoom <= 1.001 && mode === 'single' && fit < 0.5 && b.width > 0) {
      const target = Math.min(MAX_ZOOM, Math.max(1, (W * 0.96) / b.width), 1 / fit);
      if (target > 1.2) {
        zoomAt(target, b.left, b.top);
        b = bounds(el);
      }
    }
    if (zoom > 1.001) {
      const dx = b.width < W ? W / 2 - (b.left + b.width / 2) : 8 - b.left;
      panBy(dx, H * 0.08 - b.top);
    }
  }

  function highlight(n: number, a: string | null, focus: boolean): void {
    for (const el of book.querySelectorAll('[aria-current="true"]')) el.removeAttribute('aria-current');
    if (!a) return;
    const el = articleEl(n, a);
    if (!el) return;
    el.setAttribute('aria-current', 'true');
    el.classList.remove('ep-flash');
    void el.offsetWidth;
    if (motion()) el.classList.add('ep-flash');
    if (focus) el.focus({ preventScroll: true });
    reveal(el, focus);
  }

  /** Turn to page n (and an article on it), then settle URL, chrome and announcement. */
  function go(n: number, opts: GoOptions = {}): Promise<void> {
    if (!info.has(n)) return Promise.resolve();
    pending = { page: n, opts };
    if (busy) return Promise.resolve();
    return run();
  }

  async function run(): Promise<void> {
    busy = true;
    try {
      while (pending) {
        const { page: n, opts } = pending;
        pending = null;
        await show(n, opts);
      }
    } finally {
      busy = false;
    }
  }

  async function show(n: number, opts: GoOptions): Promise<void> {
    const a = opts.article ?? null;
    if (opts.push) {
      history.pushState({ ep: 1, page: n, article: a, depth: depth() + 1 } satisfies HistState, '', hrefOf(n, a));
    } else if (!opts.fromHistory) {
      history.replaceState({ ep: 1, page: n, article: a, depth: depth() } satisfies HistState, '', hrefOf(n, a));
    }
    const target = spreadOf(n);
    const changed = !sameSpread(target, shown);
    if (changed) {
      try {
        await Promise.all(pagesOf(target).map(fragment));
      } catch {
        announce('版面加载失败，请检查网络后重试');
        return;
      }
      if (zoom !== 1) {
        zoom = 1;
        apply();
      }
      const forward = order.indexOf(pagesOf(target)[0]!) > order.indexOf(pagesOf(shown)[0] ?? first);
      if (!motion() || shown.length === 0) draw(target);
      else if (mode === 'spread') await turn(shown, target, forward);
      else await slide(target, forward, opts.dragged ?? 0);
    }
    current = n;
    article = a;
    updateChrome();
    highlight(n, a, opts.focus ?? false);
    if (changed) {
      const head = a ? articleEl(n, a)?.getAttribute('aria-label') : null;
      announce(`${spreadLabel(shown)}${head ? `：${head}` : ''}（共${order.length}版）`);
      prefetch();
    }
    if (!book.contains(document.activeElement) && document.activeElement === document.body) stage.focus({ preventScroll: true });
  }

  const nextPage = () => go(stepFrom(current, 1));
  const prevPage = () => go(stepFrom(current, -1));

  /** The viewer location an href names, when it is a page of this edition. */
  function target(href: string): { page: number; article: string | null } | null {
    let url: URL;
    try {
      url = new URL(href, location.href);
    } catch {
      return null;
    }
    if (url.origin !== location.origin) return null;
    const m = /^\/e\/([^/]+)\/(?:(\d+)\/([^/]*))?$/.exec(url.pathname);
    if (!m) return null;
    let id: string;
    let art: string | null;
    try {
      id = decodeURIComponent(m[1]!);
      art = m[3] ? decodeURIComponent(m[3]) : null;
    } catch {
      return null;
    }
    if (id !== d.id) return null;
    const page = m[2] ? Number(m[2]) : first;
    return info.has(page) ? { page, article: art } : null;
  }

  /* ---------- events ---------- */

  let suppressClickUntil = 0;

  document.addEventListener(
    'click',
    (ev) => {
      if (performance.now() < suppressClickUntil) {
        ev.preventDefault();
        ev.stopPropagation();
        return;
      }
      if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      const a = (ev.target as Element | null)?.closest?.('a');
      if (!a) return;
      if (a.getAttribute('aria-disabled') === 'true') {
        ev.preventDefault();
        announce(a.getAttribute('title') || '链接的版面未收录');
        return;
      }
      const href = a.getAttribute('href');
      const t = href ? target(href) : null;
      if (!t) return;
      ev.preventDefault();
      const inNav = nav.contains(a);
      if (a.hasAttribute('data-jump') || inNav) {
        void go(t.page, { article: t.article, push: true, focus: !inNav });
        if (inNav) setNav(false, true);
      } else {
        void go(t.page, { article: t.article });
      }
    },
    true,
  );

  window.addEventListener('popstate', (ev) => {
    const s = ev.state as HistState | null;
    const t = s && s.ep === 1 ? { page: s.page, article: s.article } : target(location.href);
    if (t) void go(t.page, { article: t.article, fromHistory: true, focus: Boolean(t.article) });
  });

  backBtn.addEventListener('click', () => {
    if (depth() > 0) history.back();
  });
  prevBtn.addEventListener('click', () => void prevPage());
  nextBtn.addEventListener('click', () => void nextPage());
  zoomInBtn.addEventListener('click', () => zoomBy(1.5));
  zoomOutBtn.addEventListener('click', () => (zoom / 1.5 < 1.05 ? resetZoom() : zoomBy(1 / 1.5)));

  function setNav(open: boolean, fromLink = false): void {
    if (fromLink && mode === 'spread') return;
    document.body.classList.toggle('ep-nav-open', open);
    document.body.classList.toggle('ep-nav-closed', !open);
    navBtn.setAttribute('aria-expanded', String(open));
  }
  const navOpen = () => (mode === 'spread' ? !document.body.classList.contains('ep-nav-closed') : document.body.classList.contains('ep-nav-open'));
  navBtn.addEventListener('click', () => {
    setNav(!navOpen());
    measure();
    apply();
    if (navOpen()) nav.querySelector<HTMLElement>('a[aria-current="page"]')?.focus({ preventScroll: true });
  });

  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.target as HTMLElement | null;
    if (t?.closest('input, textarea, select, [contenteditable="true"]')) return;
    const zoomed = zoom > 1.001;
    const step = 80;
    switch (ev.key) {
      case 'ArrowRight':
        if (zoomed) panBy(-step, 0);
        else void nextPage();
        break;
      case 'ArrowLeft':
        if (zoomed) panBy(step, 0);
        else void prevPage();
        break;
      case 'ArrowDown':
        if (!zoomed) return;
        panBy(0, -step);
        break;
      case 'ArrowUp':
        if (!zoomed) return;
        panBy(0, step);
        break;
      case 'PageDown':
        void nextPage();
        break;
      case 'PageUp':
        void prevPage();
        break;
      case 'Home':
        void go(first);
        break;
      case 'End':
        void go(last);
        break;
      case '+':
      case '=':
        zoomBy(1.25);
        break;
      case '-':
        if (zoom / 1.25 < 1.05) resetZoom();
        else zoomBy(1 / 1.25);
        break;
      case '0':
        resetZoom();
        break;
      case 'Escape':
        if (!zoomed && !(mode === 'single' && navOpen())) return;
        if (mode === 'single' && navOpen()) setNav(false);
        else resetZoom();
        break;
      default:
        return;
    }
    ev.preventDefault();
  });

  stage.addEventListener(
    'wheel',
    (ev) => {
      const r = stage.getBoundingClientRect();
      if (ev.ctrlKey) {
        ev.preventDefault();
        zoomAt(zoom * Math.exp(-ev.deltaY * 0.01), ev.clientX - r.left, ev.clientY - r.top);
      } else if (zoom > 1.001) {
        ev.preventDefault();
        panBy(-ev.deltaX, -ev.deltaY);
      }
    },
    { passive: false },
  );

  let lastPointerType = 'mouse';
  stage.addEventListener('pointerdown', (ev) => (lastPointerType = ev.pointerType), true);
  stage.addEventListener('dblclick', (ev) => {
    if (lastPointerType !== 'mouse' || (ev.target as Element).closest('a[href], button')) return;
    const r = stage.getBoundingClientRect();
    if (zoom > 1.001) resetZoom();
    else zoomAt(2.5, ev.clientX - r.left, ev.clientY - r.top);
  });

  /* Touch, pen and mouse: one finger drags (pans when zoomed, else swipes to turn), two fingers pinch. */
  const pointers = new Map<number, { x: number; y: number }>();
  let gesture: {
    x0: number;
    y0: number;
    t0: number;
    bx0: number;
    by0: number;
    moved: boolean;
    multi: boolean;
    type: string;
    dist0: number;
    zoom0: number;
    mx0: number;
    my0: number;
    dx: number;
  } | null = null;
  let lastTap: { t: number; x: number; y: number } | null = null;

  const mid = () => {
    const ps = [...pointers.values()];
    const a = ps[0]!;
    const b = ps[1] ?? a;
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, dist: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
  };

  function rebase(): void {
    if (!gesture) return;
    const m = mid();
    const r = stage.getBoundingClientRect();
    gesture.x0 = m.x;
    gesture.y0 = m.y;
    gesture.mx0 = m.x - r.left;
    gesture.my0 = m.y - r.top;
    gesture.dist0 = m.dist;
    gesture.zoom0 = zoom;
    gesture.bx0 = bx;
    gesture.by0 = by;
  }

  stage.addEventListener('pointerdown', (ev) => {
    if (ev.pointerType === 'mouse' && (ev.button !== 0 || zoom <= 1.001)) return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    if (pointers.size === 1) {
      gesture = { x0: ev.clientX, y0: ev.clientY, t0: ev.timeStamp, bx0: bx, by0: by, moved: false, multi: false, type: ev.pointerType, dist0: 1, zoom0: zoom, mx0: 0, my0: 0, dx: 0 };
    } else if (gesture) {
      gesture.multi = true;
      gesture.moved = true;
      track.style.transform = '';
      for (const id of pointers.keys()) if (!stage.hasPointerCapture(id)) safeCapture(id);
    }
    rebase();
  });

  function safeCapture(id: number): void {
    try {
      stage.setPointerCapture(id);
    } catch {
      // the pointer is gone already
    }
  }

  stage.addEventListener('pointermove', (ev) => {
    if (!gesture || !pointers.has(ev.pointerId)) return;
    pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
    const m = mid();
    const dx = m.x - gesture.x0;
    const dy = m.y - gesture.y0;
    if (!gesture.moved && Math.hypot(dx, dy) > 8) {
      gesture.moved = true;
      safeCapture(ev.pointerId);
    }
    if (!gesture.moved) return;
    if (pointers.size >= 2) {
      const r = stage.getBoundingClientRect();
      const nz = Math.max(1, Math.min(MAX_ZOOM, (gesture.zoom0 * m.dist) / gesture.dist0));
      const s0 = fit * gesture.zoom0;
      const s1 = fit * nz;
      zoom = nz;
      bx = m.x - r.left - ((gesture.mx0 - gesture.bx0) * s1) / s0;
      by = m.y - r.top - ((gesture.my0 - gesture.by0) * s1) / s0;
      apply();
    } else if (zoom > 1.001) {
      bx = gesture.bx0 + dx;
      by = gesture.by0 + dy;
      apply();
    } else if (!gesture.multi && gesture.type !== 'mouse' && mode === 'single' && !busy) {
      const atEdge = (dx > 0 && pagesOf(shown)[0] === first) || (dx < 0 && pagesOf(shown)[0] === last);
      gesture.dx = atEdge ? dx / 4 : dx;
      track.style.transform = `translateX(${gesture.dx}px)`;
    }
  });

  function endPointer(ev: PointerEvent): void {
    if (!pointers.has(ev.pointerId)) return;
    pointers.delete(ev.pointerId);
    const g = gesture;
    if (!g) return;
    if (pointers.size > 0) {
      rebase();
      return;
    }
    gesture = null;
    if (zoom < 1.05 && zoom !== 1) {
      zoom = 1;
      apply();
    }
    const dx = ev.clientX - g.x0;
    const dy = ev.clientY - g.y0;
    if (g.moved) suppressClickUntil = performance.now() + 400;
    if (ev.type === 'pointercancel') {
      track.style.transform = '';
      return;
    }
    if (g.moved && !g.multi && g.type !== 'mouse' && zoom <= 1.001) {
      const { W } = stageSize();
      const far = Math.abs(dx) > Math.max(40, W * 0.12) && Math.abs(dx) > 1.5 * Math.abs(dy);
      const fast = Math.abs(dx) > 30 && Math.abs(dx) > 2 * Math.abs(dy) && ev.timeStamp - g.t0 < 250;
      const target = dx < 0 ? stepFrom(current, 1) : stepFrom(current, -1);
      if ((far || fast) && !sameSpread(spreadOf(target), shown)) {
        void go(target, { dragged: mode === 'single' ? g.dx : 0 });
        return;
      }
      if (g.dx !== 0 && motion()) {
        track.animate([{ transform: `translateX(${g.dx}px)` }, { transform: 'translateX(0px)' }], { duration: 150, easing: 'ease-out' });
      }
      track.style.transform = '';
      return;
    }
    if (!g.moved && !g.multi && g.type !== 'mouse' && ev.timeStamp - g.t0 < 350) {
      if (lastTap && ev.timeStamp - lastTap.t < 320 && Math.hypot(ev.clientX - lastTap.x, ev.clientY - lastTap.y) < 30) {
        lastTap = null;
        suppressClickUntil = performance.now() + 400;
        const r = stage.getBoundingClientRect();
        if (zoom > 1.001) resetZoom();
        else zoomAt(2.5, ev.clientX - r.left, ev.clientY - r.top);
      } else {
        lastTap = { t: ev.timeStamp, x: ev.clientX, y: ev.clientY };
      }
    }
  }

  stage.addEventListener('pointerup', endPointer);
  stage.addEventListener('pointercancel', endPointer);
  stage.addEventListener('scroll', () => {
    stage.scrollTop = 0;
    stage.scrollLeft = 0;
  });
  stage.addEventListener('focusin', (ev) => {
    const el = ev.target as HTMLElement;
    if (el !== stage && zoom > 1.001 && book.contains(el)) reveal(el, false);
  });

  let resizeTimer = 0;
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      const m = wideQuery.matches ? 'spread' : 'single';
      if (m !== mode) {
        mode = m;
        zoom = 1;
        document.body.classList.remove('ep-nav-open', 'ep-nav-closed');
        if (mode === 'single') document.body.classList.add('ep-nav-closed');
        navBtn.setAttribute('aria-expanded', String(navOpen()));
        const s = spreadOf(current);
        Promise.all(pagesOf(s).map(fragment))
          .then(() => {
            draw(s);
            updateChrome();
            highlight(current, article, false);
          })
          .catch(() => undefined);
      } else {
        measure();
        apply();
      }
    }, 60);
  };
  window.addEventListener('resize', onResize);

  /* ---------- a new layout of the edition (editor preview) ---------- */

  let navTimer = 0;

  /** The navigator's list for the current pages; thumbnails already shown stay until their new image has loaded. */
  function renderNav(): void {
    const list = nav.querySelector('ol');
    if (!list) return;
    const old = new Map<string, HTMLAnchorElement>();
    for (const a of list.querySelectorAll<HTMLAnchorElement>('a[data-page]')) old.set(a.dataset.page!, a);
    const items = d.pages.map((p) => {
      const kept = old.get(String(p.n));
      const li = document.createElement('li');
      const a = kept ?? document.createElement('a');
      a.href = p.href;
      a.dataset.page = String(p.n);
      let img = a.querySelector('img');
      if (!img) {
        img = document.createElement('img');
        img.alt = '';
        img.decoding = 'async';
        a.append(img);
      }
      img.width = 120;
      img.height = Math.round((120 * p.h) / p.w);
      const thumb = p.thumb;
      if (thumb && img.getAttribute('src') !== thumb) {
        if (!img.getAttribute('src')) img.src = thumb;
        else {
          const next = new Image();
          const target = img;
          next.onload = () => (target.src = thumb);
          next.src = thumb;
        }
      }
      for (const span of a.querySelectorAll('span')) span.remove();
      const num = document.createElement('span');
      num.className = 'ep-nav-n';
      num.textContent = `第${p.label}版`;
      a.append(num);
      if (p.section) {
        const sec = document.createElement('span');
        sec.className = 'ep-nav-sec';
        sec.textContent = p.section;
        a.append(sec);
      }
      li.append(a);
      return li;
    });
    list.replaceChildren(...items);
  }

  async function refresh(next: ViewerData, ready?: Promise<unknown>): Promise<void> {
    const gen = ++generation;
    while (busy) {
      await new Promise((r) => setTimeout(r, 16));
      if (gen !== generation) return;
    }
    busy = true;
    try {
      d = next;
      info = new Map(d.pages.map((p) => [p.n, p]));
      order = d.pages.map((p) => p.n);
      if (order.length === 0) return;
      unitW = Math.max(...d.pages.map((p) => p.w));
      unitH = Math.max(...d.pages.map((p) => p.h));
      first = order[0]!;
      last = order[order.length - 1]!;
      fragments.clear();
      loading.clear();
      if (!info.has(current)) current = [...order].reverse().find((n) => n <= current) ?? first;
      const s = spreadOf(current);
      const texts = await Promise.all(pagesOf(s).map((n) => fragment(n)));
      await ready?.catch(() => undefined);
      if (gen !== generation) return;
      pagesOf(s).forEach((n, i) => fragments.set(n, texts[i]!.trim()));
      draw(s, true);
      if (article && !articleEl(current, article)) article = null;
      for (const el of book.querySelectorAll('[aria-current="true"]')) el.removeAttribute('aria-current');
      if (article) articleEl(current, article)?.setAttribute('aria-current', 'true');
      history.replaceState({ ep: 1, page: current, article, depth: depth() } satisfies HistState, '', hrefOf(current, article));
      updateChrome();
      clearTimeout(navTimer);
      // Thumbnails follow once the edits pause: making them must not slow the next update down.
      navTimer = window.setTimeout(() => {
        renderNav();
        updateChrome();
      }, 2000);
    } finally {
      busy = false;
    }
    if (pending) void run();
  }

  (window as unknown as { epViewer?: ViewerApi }).epViewer = {
    refresh,
    show: (n, a = null) => go(n, { article: a }),
    shown: () => pagesOf(shown),
  };

  /* ---------- first page ---------- */

  const initial = spreadOf(current);
  const initialPages = pagesOf(initial);
  const missing = initialPages.filter((n) => !fragments.has(n));
  if (mode === 'single') document.body.classList.add('ep-nav-closed');
  navBtn.setAttribute('aria-expanded', String(navOpen()));
  const ready = () => {
    book.classList.add('ep-ready');
    document.documentElement.dataset.epReady = '1';
    const mark = () => requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('ep-first-page')));
    if (document.fonts) document.fonts.ready.then(mark, mark);
    else mark();
  };
  const settleFirst = () => {
    draw(missing.length ? initial.map((n) => (n != null && fragments.has(n) ? n : null)) : initial);
    history.replaceState({ ep: 1, page: current, article, depth: depth() } satisfies HistState, '', location.href);
    updateChrome();
    highlight(current, article, Boolean(article));
    ready();
    if (missing.length) {
      Promise.all(missing.map(fragment))
        .then(() => {
          if (!busy && sameSpread(spreadOf(current), initial)) {
            draw(initial);
            updateChrome();
            highlight(current, article, false);
          }
        })
        .catch(() => undefined);
    }
    prefetch();
  };
  settleFirst();
}
