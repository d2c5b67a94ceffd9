/**
 * New states from the preview server: a new layout is put on screen in place once the fonts it needs
 * have loaded (a new session reloads the page), the interface font follows, and the panel is redrawn.
 */
import type { PreviewState } from '../protocol.js';
import { viewerApi, type Preview } from './context.js';
import { render } from './panel.js';

let applying = false;
let queued: PreviewState | null = null;
let uiHref = document.getElementById('ep-pv-uicss')?.getAttribute('href') ?? '';

/** Switches to a newer stylesheet of the interface font once it has loaded. */
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
async function loadFonts(pv: Preview, href: string): Promise<void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  await new Promise<void>((resolve) => {
    link.onload = () => resolve();
    link.onerror = () => resolve();
    document.head.append(link);
  });
  pv.fontLink = link;
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

async function apply(pv: Preview, s: PreviewState): Promise<void> {
  if (s.session !== pv.p.session) {
    location.reload();
    return;
  }
  const api = viewerApi();
  if (!api || !pv.el.book) {
    if (s.viewer) {
      location.reload();
      return;
    }
  } else if (s.viewer && s.rev !== pv.shownRev) {
    const old = pv.fontLink;
    const fonts = s.fontCss && old?.getAttribute('href') !== s.fontCss ? loadFonts(pv, s.fontCss) : undefined;
    await api.refresh(s.viewer, fonts);
    if (old && old !== pv.fontLink) old.remove();
    pv.shownRev = s.rev;
  }
  useUiFont(s.uiCss);
  pv.building = s.building;
  pv.state = s;
  pv.items = [...s.errors.map((e) => ({ ...e, key: `e${e.id}` })), ...s.problems.map((d) => ({ ...d, key: `p${d.id}` }))];
  if (pv.selected && !pv.items.some((i) => i.key === pv.selected)) pv.selected = null;
  document.documentElement.dataset.epRev = String(pv.shownRev);
  document.documentElement.dataset.epPv = s.ok ? 'ok' : 'error';
  render(pv);
}

/** Takes a new state; states that come while one is being put on screen wait, and only the latest is shown. */
export async function receive(pv: Preview, s: PreviewState): Promise<void> {
  queued = s;
  if (applying) return;
  applying = true;
  try {
    while (queued) {
      const next = queued;
      queued = null;
      await apply(pv, next);
    }
  } finally {
    applying = false;
  }
}
