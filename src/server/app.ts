/**
 * The e-paper web app: an Express app over built editions (archive, flip viewer, page fragments,
 * thumbnails, photos, PDFs, fonts, JSON API). Every response, errors included, carries the security
 * headers; files are only served from inside the build output.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { pageCss } from '../render/html/index.js';
import { makeAsset, trimSource, viewerScript, type Asset } from './assets.js';
import { fastAppListener } from './fast-app.js';
import { sendFileFrom } from './files.js';
import { apiHref, articlesOn, editionHref, editionPdfHref, fragmentHref, hasArticle, issueNumber, pageAt, pageLabel, pageName, pageSection, pdfHref, thumbHref, viewerHref } from './labels.js';
import { PageFiles, type CacheLimits } from './page-files.js';
import { archivePage, errorPage, notFoundPage, viewerPage } from './pages.js';
import { PreparedCache, sendPrepared } from './send.js';
import { originOf, readerExtras, readerRouter } from './reader.js';
import { NOJS_CSS, SITE_CSS } from './styles.js';
import type { BuiltSite, SiteAssets, SiteEdition, ViewerExtras } from './types.js';

export interface AppOptions {
  editions: BuiltSite;
  /** Where to report unexpected errors; defaults to stderr. */
  log?: (message: string) => void;
  /** Markup added to each viewer page (the editor preview's controls). */
  viewerExtras?: (e: SiteEdition) => ViewerExtras;
  /** Further files served under /assets/ (the editor preview's script and stylesheet). */
  extraAssets?: Asset[];
  /**
   * Compress responses (default true). The editor preview turns it off: on loopback, compressing a
   * page that is shown once costs more time than it saves.
   */
  compress?: boolean;
  /** Byte limits of the in-memory caches of pages, thumbnails and photos. */
  cacheLimits?: CacheLimits;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';
const REVALIDATE = 'no-cache';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Site icon: a folded newspaper. */
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="3" y="5" width="26" height="22" rx="2" fill="#b3261e"/>' +
  '<rect x="6" y="8" width="20" height="4" fill="#fff"/><rect x="6" y="14" width="9" height="10" fill="#fff"/>' +
  '<rect x="17" y="14" width="9" height="2" fill="#fff"/><rect x="17" y="18" width="9" height="2" fill="#fff"/><rect x="17" y="22" width="9" height="2" fill="#fff"/></svg>';
/** Drawn where a photo of the page is not available, like the PDF's placeholder. */
const PHOTO_PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 4 3"><rect width="4" height="3" fill="#e0e0e0"/></svg>';

/** The content-hashed stylesheets, script, icon and per-edition font stylesheets of a site. */
export function buildAssets(site: BuiltSite, extra: Asset[] = []): SiteAssets {
  const uiFace = site.ui
    ? `@font-face{font-family:"${site.ui.family}";src:url("/fonts/${site.ui.file}") format("woff2");font-style:normal;font-display:block}\n`
    : '';
  const css = makeAsset('site', 'css', `${uiFace}${trimSource(SITE_CSS, 'css')}\n${pageCss()}`);
  const icon = makeAsset('icon', 'svg', ICON_SVG);
  const js = makeAsset('viewer', 'js', trimSource(viewerScript(), 'js'));
  const nojs = makeAsset('nojs', 'css', trimSource(NOJS_CSS, 'css'));
  const fonts = new Map<string, Asset>();
  const byFile = new Map<string, Asset>([css, js, nojs, icon, ...extra].map((a) => [a.file, a]));
  for (const e of site.editions) {
    const a = makeAsset('fonts', 'css', e.fontCss);
    fonts.set(e.id, a);
    byFile.set(a.file, a);
  }
  return { css, js, nojs, icon, uiFont: site.ui?.file ?? null, fonts, byFile };
}

/** Decodes a URL path up to three times; null when it cannot be decoded. */
function decodings(path: string): string[] | null {
  const out = [path];
  let cur = path;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (next === cur) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** 400 for any path that is, or decodes to, a traversal, a backslash or a NUL. */
function rejectTraversal(req: Request, res: Response, next: NextFunction): void {
  const raw = req.originalUrl.split('?')[0] ?? '';
  const forms = decodings(raw);
  const bad = forms === null || forms.some((p) => /\\|\0/.test(p) || p.split('/').some((seg) => seg === '..' || seg === '.'));
  if (bad) {
    res.status(400).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send('Bad request: this path is not allowed.\n');
    return;
  }
  next();
}

/** The security headers (content security policy, nosniff, frame and referrer policies) of every response. */
export function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
  });
}

/** The security headers as names and values, for responses sent without the middleware stack. */
export function securityHeaderValues(): Record<string, string> {
  const set: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (set[name] = String(value)),
    removeHeader: (name: string) => void delete set[name],
  };
  securityHeaders()({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return set;
}

/** Errors of a client that went away (an aborted download): nothing to report. */
export function isClientAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNABORTED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}


/** What every route handler shares. */
interface Ctx {
  site: BuiltSite;
  assets: SiteAssets;
  byId: Map<string, SiteEdition>;
  files: PageFiles;
  prepared: PreparedCache;
  options: AppOptions;
  notFound(res: Response, message: string, links?: { href: string; text: string }[]): void;
  noEdition(res: Response, id: string): void;
  noPage(res: Response, e: SiteEdition, what: string): void;
}

function context(options: AppOptions): Ctx {
  const site = options.editions;
  const assets = buildAssets(site, options.extraAssets);
  const notFound = (res: Response, message: string, links: { href: string; text: string }[] = []) =>
    void res.status(404).type(HTML).set('Cache-Control', 'no-store').send(notFoundPage(site, assets, message, links));
  return {
    site,
    assets,
    byId: new Map(site.editions.map((e) => [e.id, e])),
    files: new PageFiles(options.cacheLimits),
    prepared: new PreparedCache(32 * 1024 * 1024, options.compress !== false),
    options,
    notFound,
    noEdition: (res, id) => notFound(res, `没有编号为“${id}”的报纸。`),
    noPage: (res, e, what) =>
      notFound(
        res,
        `${e.edition.paper ?? e.id} ${e.edition.date ?? ''} 没有${what}。本期共${e.edition.layout.pages.length}个版面。`,
        e.edition.layout.pages.map((_p, i) => ({ href: viewerHref(e, i + 1), text: pageName(e, i + 1) })),
      ),
  };
}

function apiRoutes(app: Express, c: Ctx): void {
  const list = () =>
    c.site.editions.map((e) => ({
      id: e.id,
      paper: e.edition.paper,
      date: e.edition.date,
      lang: e.edition.lang,
      issue: issueNumber(e),
      pages: e.edition.layout.pages.map((p, i) => ({
        n: i + 1,
        number: p.number,
        code: p.code,
        label: pageLabel(e, i + 1),
        section: pageSection(e, i + 1),
        url: viewerHref(e, i + 1),
        html: fragmentHref(e, i + 1),
        thumb: thumbHref(e, i + 1),
        pdf: pdfHref(e, i + 1),
      })),
      url: editionHref(e.id),
      pdf: editionPdfHref(e),
      api: apiHref(e.id),
    }));
  app.get('/api/editions', (req, res) => {
    sendPrepared(req, res, c.prepared.get('api', () => ({ body: JSON.stringify(list()), type: JSON_TYPE }))!, 200, REVALIDATE);
  });
  app.get('/api/editions/:id', (req, res) => {
    const e = c.byId.get(req.params.id);
    if (!e) {
      res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${req.params.id}"`, editions: c.site.editions.map((x) => x.id) });
      return;
    }
    const model = () => {
      const { layout: _layout, ...rest } = e.edition;
      return JSON.stringify(rest);
    };
    sendPrepared(req, res, c.prepared.get(`api:${e.id}`, () => ({ body: model(), type: JSON_TYPE }))!, 200, REVALIDATE);
  });
}

function assetRoutes(app: Express, c: Ctx): void {
  // Font bytes, made when first asked for (never while the server starts).
  const fonts = new Map<string, () => Promise<Buffer>>();
  const bytes = (f: { data?: Buffer; make?: () => Promise<Buffer> }) => (f.data ? () => Promise.resolve(f.data!) : f.make);
  for (const face of [...c.site.editions.flatMap((e) => e.faces), ...(c.site.ui ? [c.site.ui] : [])]) {
    const get = bytes(face);
    if (get && !fonts.has(face.file)) fonts.set(face.file, get);
  }
  app.get('/assets/:file', (req, res) => {
    const a = c.assets.byFile.get(req.params.file);
    if (!a) return void c.notFound(res, '这个静态文件不存在（也许服务器已经更新，请刷新页面）。');
    sendPrepared(req, res, c.prepared.get(`asset:${a.file}`, () => ({ body: a.data, type: a.type }))!, 200, IMMUTABLE);
  });
  app.get('/fonts/:file', async (req, res, next) => {
    const get = fonts.get(req.params.file);
    if (!get) return void c.notFound(res, '这个字体文件不存在（也许服务器已经更新，请刷新页面）。');
    let data: Buffer;
    try {
      data = await get();
    } catch (error) {
      return next(error);
    }
    sendPrepared(req, res, c.prepared.get(`font:${req.params.file}`, () => ({ body: data, type: 'font/woff2' }))!, 200, IMMUTABLE);
  });
}

function pageRoutes(app: Express, c: Ctx): void {
  app.get('/e/:id/pages/:file', (req, res) => {
    const e = c.byId.get(req.params.id);
    if (!e) return void c.noEdition(res, req.params.id);
    const n = pageAt(e, /^(.+)\.html$/.exec(req.params.file)?.[1]);
    const body =
      n != null
        ? c.prepared.get(`page:${e.id}:${n}`, () => {
            const fragment = c.files.pageHtml(e, n);
            return fragment === undefined ? undefined : { body: fragment, type: HTML };
          })
        : undefined;
    if (body === undefined) return void c.noPage(res, e, `“${req.params.file}”这个版面`);
    sendPrepared(req, res, body, 200, SHORT);
  });
  app.get('/e/:id/thumbs/:file', async (req, res, next) => {
    const e = c.byId.get(req.params.id);
    if (!e) return void c.noEdition(res, req.params.id);
    const n = pageAt(e, /^(.+)\.webp$/.exec(req.params.file)?.[1]);
    const made = n != null ? c.files.pageThumb(e, n) : undefined;
    if (!made) return void c.noPage(res, e, `“${req.params.file}”这个缩略图`);
    try {
      res.status(200).type('image/webp').set('Cache-Control', SHORT).send(await made);
    } catch (error) {
      next(error);
    }
  });
  app.get('/e/:id/images/*path', async (req, res, next) => {
    const e = c.byId.get(req.params.id);
    if (!e) return void c.noEdition(res, req.params.id);
    const segments = (req.params as { path?: string[] }).path ?? [];
    try {
      const data = segments.length === 1 ? await c.files.pageImage(e, segments[0]!) : null;
      if (data) return void res.status(200).type('image/webp').set('Cache-Control', SHORT).send(data);
      res.status(200).type('image/svg+xml').set({ 'Cache-Control': 'no-cache', 'X-Epaper-Placeholder': 'image not available' }).send(PHOTO_PLACEHOLDER);
    } catch (error) {
      next(error);
    }
  });
}

function pdfRoutes(app: Express, c: Ctx): void {
  app.get('/e/:id/pdf/:file', (req, res, next) => {
    const e = c.byId.get(req.params.id);
    if (!e) return void c.noEdition(res, req.params.id);
    const file = req.params.file;
    let found: { name: string; download: string } | undefined;
    if (file === 'edition.pdf' && e.editionPdf) found = { name: relative(e.dir, e.editionPdf), download: `${e.id}.pdf` };
    else {
      const n = pageAt(e, /^(.+)\.pdf$/.exec(file)?.[1]);
      const name = n != null ? e.pdfs.get(n) : undefined;
      if (name) found = { name: join('pdf', name), download: `${e.id}-${name}` };
    }
    if (!found) return void c.noPage(res, e, `“${file}”这个PDF文件`);
    const headers = {
      'Cache-Control': SHORT,
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${found.download.replace(/[^\w.-]/g, '_')}"`,
    };
    sendFileFrom(req, res, e.dir, found.name, headers, (status) => {
      if (status === 404) c.noPage(res, e, `“${file}”这个PDF文件`);
      else next(Object.assign(new Error(`cannot send ${file}`), { status }));
    });
  });
}

function viewerRoutes(app: Express, c: Ctx): void {
  const viewer = (req: Request, res: Response) => {
    const params = req.params as { id: string; n?: string; article?: string };
    const e = c.byId.get(params.id);
    if (!e) return void c.noEdition(res, params.id);
    if (e.edition.layout.pages.length === 0) return void c.noPage(res, e, '任何版面');
    const n = params.n === undefined ? 1 : pageAt(e, params.n);
    if (n == null) return void c.noPage(res, e, `第${params.n}版`);
    const article = params.article ?? null;
    if (article !== null && !hasArticle(e, n, article)) {
      const label = `第${pageLabel(e, n)}版`;
      const links = [{ href: viewerHref(e, n), text: label }, ...articlesOn(e, n).map((a) => ({ href: viewerHref(e, n, a.id), text: a.headline ?? a.id }))];
      return void c.notFound(res, `${label}上没有编号为“${article}”的文章。`, links);
    }
    const origin = originOf(req);
    const extras = readerExtras(c.options.viewerExtras?.(e), e, n, origin, c.assets);
    // The page is in place at once on a page's address; an article's address (one per article, the
    // shared links) leaves it to the viewer to fetch, so a site does not hold each page once per article.
    const make = () => ({ body: viewerPage(e, n, article, c.assets, article === null ? (c.files.pageHtml(e, n) ?? '') : '', extras), type: HTML });
    sendPrepared(req, res, c.prepared.get(`viewer:${e.id}:${n}:${article ?? ''}:${origin}`, make)!, 200, REVALIDATE);
  };
  app.get('/e/:id', (req, res) => {
    if (req.path.endsWith('/')) return void viewer(req, res);
    const e = c.byId.get(req.params.id);
    if (!e) return void c.noEdition(res, req.params.id);
    res.redirect(301, editionHref(e.id));
  });
  app.get('/e/:id/:n', viewer);
  app.get('/e/:id/:n/:article', viewer);
}

function fallbackRoutes(app: Express, c: Ctx): void {
  const log = c.options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  app.use((req, res) => {
    let shown = req.path;
    try {
      shown = decodeURI(req.path);
    } catch {
      // shown as sent
    }
    c.notFound(res, `这里没有“${shown}”。`);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = Number((error as { status?: unknown })?.status);
    const client = isClientAbort(error) || (status >= 400 && status < 500);
    if (!client) log(`epaper serve: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent || isClientAbort(error)) return void res.end();
    const code = client ? status : 500;
    res.status(code).type(HTML).set('Cache-Control', 'no-store').send(errorPage(c.assets, code, client ? '请求有误。' : '服务器出错了，请稍后再试。'));
  });
}

export function createApp(options: AppOptions): Express {
  return appWithContext(options).app;
}

/** The app as a request listener with the fast path (fast-app.ts) in front of it, for a server of its own. */
export function createListener(options: AppOptions): RequestListener {
  const { app, c } = appWithContext(options);
  return fastAppListener({ app, byId: c.byId, prepared: c.prepared, common: securityHeaderValues() });
}

function appWithContext(options: AppOptions): { app: Express; c: Ctx } {
  const c = context(options);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.use(securityHeaders());
  app.use(rejectTraversal);
  if (options.compress !== false) app.use(compression());
  app.use(readerRouter({ site: c.site, assets: c.assets }));
  app.get('/', (req, res) => {
    sendPrepared(req, res, c.prepared.get('archive', () => ({ body: archivePage(c.site, c.assets), type: HTML }))!, 200, REVALIDATE);
  });
  apiRoutes(app, c);
  assetRoutes(app, c);
  pageRoutes(app, c);
  pdfRoutes(app, c);
  viewerRoutes(app, c);
  fallbackRoutes(app, c);
  return { app, c };
}
