/*
 * The editor preview in the browser, next to the viewer: listens to the preview server's events and
 * puts each new layout on screen in place (same page, zoom and pan), shows a banner when the latest
 * save could not be laid out, lists every problem in a panel with its file:line:col, marks the boxes
 * the problems concern on the page, shows the source lines of a problem, and switches the layout.
 * This module finds the elements, connects to the event stream and binds the modules in preview/.
 */
import type { PreviewPageData, PreviewState } from './protocol.js';
import type { Preview, PreviewElements } from './preview/context.js';
import { watchBook } from './preview/marks.js';
import { bindPanel, renderStatus, setPanel } from './preview/panel.js';
import { receive } from './preview/updates.js';

function elements(): PreviewElements {
  const el = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
  return {
    banner: el('ep-pv-banner'),
    panel: el('ep-pv-panel'),
    list: el('ep-pv-list'),
    code: el('ep-pv-code'),
    toggle: el('ep-pv-toggle'),
    count: el('ep-pv-count'),
    status: el('ep-pv-status'),
    select: el('ep-pv-layout'),
    marks: el('ep-pv-marks'),
    closeBtn: el('ep-pv-close'),
    book: document.getElementById('ep-book'),
    stage: document.getElementById('ep-stage'),
  };
}

/** The layout choice: posted to the server, which lays out again and sends the new state. */
function bindLayoutChoice(pv: Preview): void {
  const { select, status } = pv.el;
  select.addEventListener('change', () => {
    pv.building = true;
    renderStatus(pv);
    fetch(pv.p.layout, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ layout: select.value }) })
      .then((r) => {
        if (!r.ok) throw new Error(String(r.status));
      })
      .catch(() => {
        pv.building = false;
        status.dataset.state = 'error';
        status.textContent = '无法切换版式';
      });
  });
}

function connect(pv: Preview): void {
  const events = new EventSource(pv.p.events);
  events.addEventListener('state', (ev) => {
    pv.connected = true;
    void receive(pv, JSON.parse((ev as MessageEvent<string>).data) as PreviewState);
  });
  events.addEventListener('building', () => {
    pv.building = true;
    renderStatus(pv);
  });
  events.addEventListener('open', () => {
    pv.connected = true;
    renderStatus(pv);
  });
  events.addEventListener('error', () => {
    pv.connected = false;
    renderStatus(pv);
  });
  window.addEventListener('pagehide', () => events.close());
}

function startPreview(p: PreviewPageData): void {
  const pv: Preview = {
    p,
    el: elements(),
    shownRev: p.rev,
    state: null,
    items: [],
    selected: null,
    hovered: null,
    building: false,
    connected: true,
    layerVersion: 0,
    fontLink: document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href^="/assets/fonts-"]'),
    onBadge: () => undefined,
  };
  watchBook(pv);
  bindPanel(pv);
  bindLayoutChoice(pv);
  connect(pv);
  let reopen = false;
  try {
    reopen = sessionStorage.getItem('ep-pv-open') === '1';
  } catch {
    reopen = false;
  }
  if (reopen || !pv.el.book) setPanel(pv, true);
}

const pageData = JSON.parse(document.getElementById('ep-pv-data')?.textContent || 'null') as PreviewPageData | null;
if (pageData) startPreview(pageData);
