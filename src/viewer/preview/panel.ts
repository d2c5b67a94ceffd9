/**
 * The problems panel and what goes with it: the count and status in the toolbar, the banner naming the
 * errors of the latest save, the list of problems (errors of the latest save first), choosing one
 * (marking its boxes, showing its source lines, turning to its page), and opening and closing.
 */
import { SEV_LABEL, SEV_MARK, viewerApi, where, whereShort, worst, type Item, type Preview, type Severity } from './context.js';
import { markBoxes, updateLayers } from './marks.js';
import { showSource } from './source.js';

export function renderStatus(pv: Preview): void {
  const { count, toggle, status } = pv.el;
  const { items, state } = pv;
  count.textContent = String(items.length);
  count.dataset.level = items.length ? worst(items) : 'none';
  const bySev = (s: Severity) => items.filter((i) => i.severity === s).length;
  toggle.title = `问题：${bySev('error')}个错误，${bySev('warning')}个警告，${bySev('info')}条提示（点击列出并在版面上标出）`;
  if (!pv.connected) {
    status.dataset.state = 'error';
    status.textContent = '连接已断开，正在重连…';
  } else if (pv.building) {
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

function renderBanner(pv: Preview): void {
  const banner = pv.el.banner;
  const errors = pv.items.filter((i) => i.key.startsWith('e'));
  if (errors.length === 0) {
    banner.hidden = true;
    banner.replaceChildren();
    return;
  }
  const h = document.createElement('h2');
  h.textContent = pv.state?.rev ? '最近一次保存没能排出版面' : '这一期还没能排出版面';
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
      setPanel(pv, true);
      void choose(pv, e.key, true);
    });
    li.append(b);
    ul.append(li);
  }
  const note = document.createElement('p');
  note.textContent = pv.state?.rev ? '页面上仍是上次成功排出的版面。改好后保存，版面会自动更新。' : '改好后保存，版面会自动出现。';
  banner.replaceChildren(h, ul, note);
  banner.hidden = false;
}

function heading(text: string, color?: string): HTMLElement {
  const li = document.createElement('li');
  const h = document.createElement('h3');
  h.textContent = text;
  if (color) h.style.color = color;
  li.append(h);
  return li;
}

function renderList(pv: Preview): void {
  const nodes: HTMLElement[] = [];
  const errors = pv.items.filter((i) => i.key.startsWith('e'));
  const rest = pv.items.filter((i) => i.key.startsWith('p'));
  if (errors.length) {
    nodes.push(heading('最近一次保存的错误（版面未更新）'), ...errors.map((d) => itemNode(pv, d)));
    if (rest.length) nodes.push(heading('页面上所示版面的问题', '#5f6368'));
  }
  nodes.push(...rest.map((d) => itemNode(pv, d)));
  if (pv.items.length === 0) {
    const li = document.createElement('li');
    li.className = 'ep-pv-empty';
    li.textContent = '没有发现问题。';
    nodes.push(li);
  }
  pv.el.list.replaceChildren(...nodes);
}

function span(className: string, text: string): HTMLElement {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

function itemNode(pv: Preview, d: Item): HTMLElement {
  const li = document.createElement('li');
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'ep-pv-item';
  b.dataset.key = d.key;
  if (d.key === pv.selected) b.setAttribute('aria-current', 'true');
  const sev = span('ep-pv-sev', SEV_MARK[d.severity]);
  sev.dataset.sev = d.severity;
  sev.title = SEV_LABEL[d.severity];
  const line1 = document.createElement('span');
  line1.className = 'ep-pv-line1';
  const w = span('ep-pv-where', whereShort(d));
  w.title = where(d);
  line1.append(w, span('ep-pv-rule', d.rule));
  b.append(sev, line1, span('ep-pv-msg', d.message));
  b.setAttribute('aria-label', `${SEV_LABEL[d.severity]} ${where(d)} ${d.message}`);
  b.addEventListener('click', () => void choose(pv, d.key, true));
  b.addEventListener('pointerenter', () => setHover(pv, d.key));
  b.addEventListener('pointerleave', () => setHover(pv, null));
  b.addEventListener('focus', () => setHover(pv, d.key));
  b.addEventListener('blur', () => setHover(pv, null));
  li.append(b);
  return li;
}

/** Everything the state shows: status, banner, list, layout choice and the marks on the page. */
export function render(pv: Preview): void {
  renderStatus(pv);
  renderBanner(pv);
  renderList(pv);
  if (pv.state && document.activeElement !== pv.el.select) pv.el.select.value = pv.state.layout.value;
  pv.layerVersion++;
  updateLayers(pv);
}

/** Selects a problem: marks it in the list and on the page, shows its source, and (navigate) turns to its page. */
export async function choose(pv: Preview, key: string, navigate: boolean): Promise<void> {
  pv.selected = key;
  const d = pv.items.find((i) => i.key === key);
  for (const b of pv.el.list.querySelectorAll<HTMLElement>('.ep-pv-item')) {
    if (b.dataset.key === key) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  markBoxes(pv);
  if (!d) return;
  void showSource(pv, d);
  const api = viewerApi();
  if (navigate && api && d.page != null) {
    if (!api.shown().includes(d.page) || d.article) await api.show(d.page, d.article);
  }
}

function setHover(pv: Preview, key: string | null): void {
  pv.hovered = key;
  markBoxes(pv);
}

export function setPanel(pv: Preview, open: boolean): void {
  const { panel, marks, toggle } = pv.el;
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

/** The panel's buttons, its marks switch, and ↑ ↓ through its list. */
export function bindPanel(pv: Preview): void {
  const { list, toggle, closeBtn, marks, panel } = pv.el;
  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('.ep-pv-item')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    ev.preventDefault();
    ev.stopPropagation();
  });
  toggle.addEventListener('click', () => setPanel(pv, panel.hidden));
  closeBtn.addEventListener('click', () => {
    setPanel(pv, false);
    toggle.focus();
  });
  marks.addEventListener('change', () => document.body.classList.toggle('ep-pv-marks', !panel.hidden && marks.checked));
  pv.onBadge = (key) => {
    setPanel(pv, true);
    void choose(pv, key, false).then(() => list.querySelector<HTMLElement>(`.ep-pv-item[data-key="${key}"]`)?.scrollIntoView({ block: 'nearest' }));
  };
}
