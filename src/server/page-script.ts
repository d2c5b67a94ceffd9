/**
 * 繁/简 for the page view:
 *   /e/<id>/script/<hans|hant>/<n>.json   the lines of page n that change in that script (drawn text →
 *                                          converted text of the same length), converted in place by
 *                                          the viewer
 *   /e/<id>/script/<hans|hant>.css         @font-face rules, per font role, for the characters the
 *                                          converted pages draw that the edition's web fonts lack
 *   /e/<id>/script/<hans|hant>/<file>      those fonts (WOFF2 subsets)
 */
import { Router, type Response } from 'express';
import { converter, scriptOf, type Script } from '../render/article/index.js';
import { subsetFile, webFamily } from '../render/fonts-web.js';
import { convertInPlace, drawnText, pageScriptLines } from '../render/script/index.js';
import { hashOf } from './assets.js';
import { framePage, pageAt } from './labels.js';
import type { SiteEdition } from './types.js';

interface ScriptFonts {
  css: string;
  /** File name → the subset, made on first request. */
  files: Map<string, () => Promise<Buffer>>;
}

const isScript = (s: string): s is Script => s === 'hans' || s === 'hant';

/** Per font role, the characters the edition's lines draw in `to` that its web font for the role lacks. */
function addedByRole(e: SiteEdition, convert: (s: string) => string): Map<string, string> {
  const have = new Map(e.faces.map((f) => [f.role, new Set(f.text)]));
  const added = new Map<string, Set<string>>();
  for (const page of e.edition.layout.pages) {
    for (const box of page.boxes) {
      for (const line of box.lines) {
        const text = drawnText(line.text);
        if (!text) continue;
        const known = have.get(line.font);
        for (const ch of convertInPlace(text, convert)) {
          if (known?.has(ch) || !e.fonts.hasGlyph(line.font, ch.codePointAt(0) as number)) continue;
          let set = added.get(line.font);
          if (!set) added.set(line.font, (set = new Set()));
          set.add(ch);
        }
      }
    }
  }
  return new Map([...added].map(([role, set]) => [role, [...set].sort().join('')]));
}

function unicodeRange(text: string): string {
  return [...text].map((ch) => `U+${(ch.codePointAt(0) as number).toString(16)}`).join(',');
}

function scriptFonts(e: SiteEdition, to: Script, convert: (s: string) => string): ScriptFonts {
  const base = `/e/${encodeURIComponent(e.id)}/script/${to}/`;
  const files = new Map<string, () => Promise<Buffer>>();
  const rules: string[] = [];
  for (const [role, text] of addedByRole(e, convert)) {
    const family = e.faces.find((f) => f.role === role)?.family ?? webFamily(role);
    const file = `${webFamily(role)}.${hashOf(e.id, to, role, text)}.woff2`;
    let made: Promise<Buffer> | null = null;
    files.set(file, () => (made ??= subsetFile(e.fonts.file(role), text, { cache: false })));
    rules.push(`@font-face{font-family:"${family}";src:url("${base}${file}") format("woff2");font-weight:400;font-style:normal;font-display:swap;unicode-range:${unicodeRange(text)}}`);
  }
  return { css: rules.join('\n'), files };
}

export function pageScriptRouter(byId: Map<string, SiteEdition>): Router {
  const router = Router();
  const lines = new Map<string, string>();
  const fonts = new Map<string, ScriptFonts>();
  const convertFor = (e: SiteEdition, to: Script) => converter(e.edition.lang, to);
  const fontsFor = (e: SiteEdition, to: Script) => {
    const key = `${e.id}\0${e.rev ?? ''}\0${to}`;
    let f = fonts.get(key);
    if (!f) fonts.set(key, (f = scriptFonts(e, to, convertFor(e, to))));
    return f;
  };
  const send = (res: Response, type: string, body: string | Buffer) => res.status(200).type(type).set('Cache-Control', 'no-cache').send(body);

  router.get('/e/:id/script/:file', (req, res, next) => {
    const e = byId.get(req.params.id);
    const to = req.params.file.replace(/\.css$/, '');
    if (!e || !req.params.file.endsWith('.css') || !isScript(to)) return next();
    send(res, 'text/css; charset=utf-8', scriptOf(e.edition.lang) === to ? '' : fontsFor(e, to).css);
  });

  router.get('/e/:id/script/:to/:file', async (req, res, next) => {
    const e = byId.get(req.params.id);
    const { to, file } = req.params;
    if (!e || !isScript(to)) return next();
    const page = /^(.+)\.json$/.exec(file);
    if (page) {
      const n = pageAt(e, page[1]);
      const frame = n === undefined ? undefined : framePage(e, n);
      if (!frame) return next();
      const key = `${e.id}\0${e.rev ?? ''}\0${to}\0${n}`;
      let body = lines.get(key);
      if (body === undefined) {
        body = JSON.stringify(scriptOf(e.edition.lang) === to ? {} : pageScriptLines(frame, convertFor(e, to)));
        if (lines.size > 1024) lines.clear();
        lines.set(key, body);
      }
      return send(res, 'application/json; charset=utf-8', body);
    }
    const font = scriptOf(e.edition.lang) === to ? undefined : fontsFor(e, to).files.get(file);
    if (!font) return next();
    try {
      res.status(200).type('font/woff2').set('Cache-Control', 'public, max-age=31536000, immutable').send(await font());
    } catch (error) {
      next(error);
    }
  });
  return router;
}
