/**
 * A small web font for the viewer's own interface (buttons, titles, the archive), so its Chinese text
 * shows on machines without a Chinese system font. It holds the non-ASCII characters of the server's
 * HTML templates (viewer, reader, archive calendar, export) and of the viewer script, plus each
 * edition's paper name, dates and sections. It comes first in the interface's font list, so that the
 * interface reads the same everywhere and a page's first paint waits for it rather than drawing boxes.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFontSet } from '../layout/fonts/index.js';
import { subsetName } from '../render/fonts-web.js';
import { viewerScript } from './assets.js';
import { lazyFace } from './font-files.js';
import { chineseDate, issueNumber, pageLabel, pageSection } from './labels.js';
import type { BuiltSite } from './types.js';

export interface UiFont {
  family: string;
  file: string;
  data: Buffer;
}

export interface LazyUiFont {
  family: string;
  file: string;
  make: () => Promise<Buffer>;
}

export const UI_FAMILY = 'ep-ui';

const here = dirname(fileURLToPath(import.meta.url));
const ext = extname(fileURLToPath(import.meta.url));

/** Text of the server modules that write HTML. */
function templateText(): string {
  return ['pages', 'app', 'labels', 'reader', 'archive-calendar', 'export']
    .map((name) => {
      try {
        return readFileSync(join(here, `${name}${ext}`), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
}

export function uiText(site: BuiltSite, extra = ''): string {
  const parts = [templateText(), viewerScript(), '0123456789', extra];
  for (const e of site.editions) {
    // An edition loaded from its manifest names itself there, without being read.
    if (e.names !== null) {
      parts.push(e.names, chineseDate(e.date));
      continue;
    }
    parts.push(e.edition.paper ?? '', chineseDate(e.edition.date), String(issueNumber(e) ?? ''));
    for (let n = 1; n <= e.edition.layout.pages.length; n++) parts.push(pageLabel(e, n), pageSection(e, n) ?? '');
  }
  const cps = new Set<number>();
  for (const ch of parts.join('')) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x2000 && !(cp >= 0xd800 && cp <= 0xdfff) && cp !== 0xfeff) cps.add(cp);
  }
  return String.fromCodePoint(...[...cps].sort((a, b) => a - b));
}

/**
 * The interface font for a site, named but not made: it is made when first asked for (and kept in
 * `fontsDir` when given). `extra` is further interface text (the editor preview's).
 */
export function uiFace(site: BuiltSite, extra = '', fontsDir: string | null = null): LazyUiFont | null {
  try {
    const fonts = loadFontSet();
    const role = fonts.roles().includes('sans') ? 'sans' : fonts.roles()[0];
    if (!role) return null;
    const text = [...uiText(site, extra)].filter((ch) => fonts.hasGlyph(role, ch.codePointAt(0)!)).join('');
    if (!text) return null;
    const file = subsetName(UI_FAMILY, fonts.file(role), text);
    const { make } = lazyFace({ role, family: UI_FAMILY, file, text }, fonts.file(role), fontsDir);
    return { family: UI_FAMILY, file, make: make! };
  } catch {
    return null;
  }
}

/** The interface font for a site, made now; `extra` is further interface text (the editor preview's). */
export async function uiFont(site: BuiltSite, extra = ''): Promise<UiFont | null> {
  const face = uiFace(site, extra);
  try {
    return face && { family: face.family, file: face.file, data: await face.make() };
  } catch {
    return null;
  }
}
