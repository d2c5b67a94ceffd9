/**
 * The reader's routes, mounted by createApp before the viewer's:
 *   /e/<id>/<page>/<article>/read  article view (?zh=hans|hant for the other script, ?hl= marks hits)
 *   /e/<id>/search, /search        search in an edition / across the archive
 *   /e/<id>/search.json            the edition's static search index
 *   /e/<id>/share/<page>.png       share card of a page; /e/<id>/share/<page>/<article>.png of an article
 *   /e/<id>/script/…               繁/简 of the page view (see page-script.ts)
 *   /sw.js, /offline.json          service worker and the list of what it keeps (the newest edition)
 *   /manifest.webmanifest          web app manifest
 * The browser scripts come from browser-scripts.ts (bundled at prepare time, or with esbuild on first use).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { articleDocument, ARTICLE_CSS, converter, langFor, renderArticleView, scriptOf, storyOf, type Script } from '../render/article/index.js';
import { buildSearchIndex, searchDocuments } from '../render/search/index.js';
import { searchPage, SEARCH_CSS } from '../render/search/page.js';
import { shareImage, shareTags } from '../render/share/index.js';
import { pageScriptRouter } from './page-script.js';
import { makeAsset, hashOf, trimSource, type Asset } from './assets.js';
import { browserScript } from './browser-scripts.js';
import { editionHref, fragmentHref, framePage, pageAt, pageLabel, pageSection, pageSegment, readHref, shareHref, thumbHref, viewerHref } from './labels.js';
import type { BuiltSite, SiteAssets, SiteEdition, ViewerExtras } from './types.js';
import { LRUCache } from 'lru-cache';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const MEMO_LIMIT = 4096;
/** Share cards kept in memory (some 30 KB each). */
const CARD_LIMIT = 256;

export interface ReaderAssets {
  css: Asset;
  article: Asset;
  search: Asset;
  byFile: Map<string, Asset>;
}

export function readerAssets(): ReaderAssets {
  const css = makeAsset('reader', 'css', trimSource(`${ARTICLE_CSS}\n${SEARCH_CSS}`, 'css'));
  const article = makeAsset('reader', 'js', browserScript('reader/article'));
  const search = makeAsset('search', 'js', browserScript('reader/search'));
  return { css, article, search, byFile: new Map([css, article, search].map((a) => [a.file, a])) };
}

export { readHref, shareHref } from './labels.js';

/** Origin of the request as the reader sees it, for the absolute URLs of share tags. */
export function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

export function editionName(e: SiteEdition): string {
  return [e.edition.paper ?? '电子报', e.edition.date ?? ''].filter(Boolean).join(' ');
}

/** Share tags of an edition's page (or its first page) for the viewer's <head>. */
export function pageShareTags(e: SiteEdition, n: number, origin: string): string {
  const section = pageSection(e, n);
  const title = `${editionName(e)} · 第${pageLabel(e, n)}版${section ? ` ${section}` : ''}`;
  const headlines = e.edition.pages.flatMap((p) => p.articles).filter((a) => framePage(e, n)?.boxes.some((b) => b.article === a.id));
  const description = headlines.map((a) => a.headline).filter(Boolean).slice(0, 4).join('；') || title;
  return shareTags({ title, description, url: `${origin}${viewerHref(e, n)}`, image: `${origin}${shareHref(e, n)}`, siteName: e.edition.paper ?? '电子报', type: 'website', lang: e.edition.lang, date: e.edition.date });
}

const MANIFEST = JSON.stringify({
  name: '电子报',
  short_name: '电子报',
  lang: 'zh-CN',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  background_color: '#fbfaf7',
  theme_color: '#b3261e',
  icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
});

export interface ReaderOptions {
  site: BuiltSite;
  /** The site's assets: the icon (also the manifest's), and what the viewer needs offline. */
  assets: SiteAssets;
}

/** What the viewer needs to show an edition offline: its stylesheets, script, fonts, fragments, thumbnails. */
function viewerOfflineUrls(site: BuiltSite, assets: SiteAssets, e: SiteEdition): string[] {
  return [
    ...[assets.css, assets.js, assets.icon, assets.fonts.get(e.id)].flatMap((a) => (a ? [`/assets/${a.file}`] : [])),
    ...e.faces.map((f) => `/fonts/${f.file}`),
    ...(site.ui ? [`/fonts/${site.ui.file}`] : []),
    ...e.edition.layout.pages.flatMap((_p, i) => [fragmentHref(e, i + 1), thumbHref(e, i + 1)]),
  ];
}

/** <head> markup every reader page carries: manifest, icon, theme colour. */
function commonHead(icon: Asset): string {
  return `<link rel="manifest" href="/manifest.webmanifest">\n<link rel="icon" href="/assets/${icon.file}" type="image/svg+xml">\n<meta name="theme-color" content="#b3261e">\n`;
}

/** What the reader's routes share: the options, the bundled assets, the editions by id and the caches. */
interface ReaderContext {
  o: ReaderOptions;
  assets: ReaderAssets;
  byId: Map<string, SiteEdition>;
  cache: Map<string, string>;
  /** Share cards made, the CARD_LIMIT most recent (writing the site of a large archive makes thousands). */
  images: LRUCache<string, Promise<Buffer>>;
  /** The newest edition, the one kept for offline reading. */
  newest: SiteEdition | undefined;
}

export function readerRouter(o: ReaderOptions): Router {
  const router = Router();
  const ctx: ReaderContext = {
    o,
    assets: readerAssets(),
    byId: new Map(o.site.editions.map((e) => [e.id, e])),
    cache: new Map<string, string>(),
    images: new LRUCache<string, Promise<Buffer>>({ max: CARD_LIMIT }),
    newest: o.site.editions[0],
  };
  assetRoutes(router, ctx);
  articleRoutes(router, ctx);
  searchRoutes(router, ctx);
  shareRoutes(router, ctx);
  appRoutes(router, ctx);
  return router;
}

// Keys hold the request's origin (share tags need absolute URLs): bounded, so that requests with
// made-up Host headers cannot grow it without end.
function memo(ctx: ReaderContext, key: string, make: () => string): string {
  let v = ctx.cache.get(key);
  if (v === undefined) {
    if (ctx.cache.size >= MEMO_LIMIT) ctx.cache.clear();
    ctx.cache.set(key, (v = make()));
  }
  return v;
}

function send(res: Response, type: string, body: string | Buffer, cacheControl = REVALIDATE) {
  return res.status(200).type(type).set('Cache-Control', cacheControl).send(body);
}

function assetRoutes(router: Router, ctx: ReaderContext): void {
  router.get('/assets/:file', (req, res, next) => {
    const a = ctx.assets.byFile.get(req.params.file);
    if (!a) return next();
    send(res, a.type, a.data, IMMUTABLE);
  });
  router.use(pageScriptRouter(ctx.byId));
}

function articleRoutes(router: Router, ctx: ReaderContext): void {
  // The article view in the other script is …/read?zh=hans|hant, and …/read/hans|hant as a file of the static site.
  const view = (req: Request, res: Response, next: NextFunction) => {
    const params = req.params as { id: string; n: string; article: string; zh?: string };
    const e = ctx.byId.get(params.id);
    const n = e ? pageAt(e, params.n) : undefined;
    if (!e || n === undefined) return next();
    const own = scriptOf(e.edition.lang);
    const asked = params.zh ?? req.query.zh;
    if (params.zh !== undefined && asked !== 'hans' && asked !== 'hant') return next();
    const script: Script = asked === 'hans' || asked === 'hant' ? asked : own;
    const origin = originOf(req);
    const body = memo(ctx, `read:${e.id}:${n}:${params.article}:${script}:${origin}`, () => article(ctx, e, n, params.article, script, origin));
    if (!body) return next();
    send(res, 'text/html; charset=utf-8', body);
  };
  router.get('/e/:id/:n/:article/read', view);
  router.get('/e/:id/:n/:article/read/:zh', view);
}

/** The article view of one article on page `n`, or '' when it is not on that page. */
function article(ctx: ReaderContext, e: SiteEdition, n: number, id: string, script: Script, origin: string): string {
  const frames = e.edition.layout.pages;
  if (!framePage(e, n)?.boxes.some((b) => b.article === id)) return '';
  const view = renderArticleView({
    edition: e.edition,
    frames,
    article: id,
    convert: converter(e.edition.lang, script),
    links: { page: (p, a) => viewerHref(e, p, a), read: (p, a) => readHref(e, p, a), image: (f) => `/e/${encodeURIComponent(e.id)}/images/${encodeURIComponent(f)}` },
    pageName: (p) => `第${pageSegment(e, p)}版`,
  });
  if (!view) return '';
  const lead = view.story.lead.id;
  const url = `${origin}${readHref(e, view.story.page, lead)}`;
  const other: Script = script === 'hans' ? 'hant' : 'hans';
  const lang = langFor(script, e.edition.lang);
  const tags = shareTags({ title: view.title, description: view.description, url, image: `${origin}${shareHref(e, view.story.page, lead)}`, siteName: e.edition.paper ?? '电子报', type: 'article', lang, date: e.edition.date }, false);
  return articleDocument(view, {
    lang,
    script,
    editionScript: scriptOf(e.edition.lang),
    otherScript: readHref(e, n, id, other === scriptOf(e.edition.lang) ? '' : `/${other}`),
    backHref: viewerHref(e, view.story.page, lead),
    siteTitle: editionName(e),
    stylesheet: `/assets/${ctx.assets.css.file}`,
    scriptSrc: `/assets/${ctx.assets.article.file}`,
    head: `${tags}${commonHead(ctx.o.assets.icon)}`,
    searchHref: `/e/${encodeURIComponent(e.id)}/search`,
  });
}

function searchRoutes(router: Router, ctx: ReaderContext): void {
  const { o, byId } = ctx;
  router.get('/e/:id/search.json', (req, res, next) => {
    const e = byId.get(req.params.id);
    if (!e) return next();
    send(res, 'application/json; charset=utf-8', memo(ctx, `index:${e.id}`, () => buildSearchIndex(searchDocuments(e.edition, e.edition.layout.pages))));
  });
  router.get('/search', (_req, res) => send(res, 'text/html; charset=utf-8', memo(ctx, 'search', () => searchFor(ctx, o.site.editions, '往期全部', '/'))));
  router.get('/e/:id/search', (req, res, next) => {
    const e = byId.get(req.params.id);
    if (!e) return next();
    send(res, 'text/html; charset=utf-8', memo(ctx, `search:${e.id}`, () => searchFor(ctx, [e], editionName(e), editionHref(e.id))));
  });
}

function searchFor(ctx: ReaderContext, editions: SiteEdition[], scope: string, backHref: string): string {
  return searchPage({
    scope,
    indexes: editions.map((e) => `/e/${encodeURIComponent(e.id)}/search.json`),
    titles: Object.fromEntries(editions.map((e) => [e.id, editionName(e)])),
    stylesheet: `/assets/${ctx.assets.css.file}`,
    script: `/assets/${ctx.assets.search.file}`,
    backHref,
    head: commonHead(ctx.o.assets.icon),
  });
}

function shareRoutes(router: Router, ctx: ReaderContext): void {
  router.get(['/e/:id/share/:file', '/e/:id/share/:n/:file'], async (req, res, next) => {
    const params = req.params as { id: string; n?: string; file: string };
    const e = ctx.byId.get(params.id);
    const m = /^(.+)\.png$/.exec(params.file);
    if (!e || !m) return next();
    const n = pageAt(e, params.n ?? m[1]);
    const made = n === undefined ? null : card(ctx, e, n, params.n ? (m[1] as string) : null);
    if (!made) return next();
    try {
      send(res, 'image/png', await made, 'public, max-age=300');
    } catch (error) {
      next(error);
    }
  });
}

/** The share card of an article (or of page `n` when `id` is null), made once. */
function card(ctx: ReaderContext, e: SiteEdition, n: number, id: string | null): Promise<Buffer> | null {
  if (!framePage(e, n)) return null;
  const key = `${e.id}:${n}:${id ?? ''}`;
  const known = ctx.images.get(key);
  if (known) return known;
  const title = cardTitle(e, n, id);
  if (title === null) return null;
  const section = pageSection(e, n);
  const made = shareImage({ paper: e.edition.paper ?? '电子报', title, meta: [`第${pageLabel(e, n)}版${section ? ` ${section}` : ''}`, e.edition.date ?? ''].filter(Boolean).join(' · ') });
  ctx.images.set(key, made);
  return made;
}

/** A share card's title: the article's headline, or the page's lead headline or label; null for an unknown article. */
function cardTitle(e: SiteEdition, n: number, id: string | null): string | null {
  if (id) {
    const story = storyOf(e.edition, e.edition.layout.pages, id);
    if (!story) return null;
    return story.lead.headline ?? story.lead.kicker ?? editionName(e);
  }
  const section = pageSection(e, n);
  const lead = e.edition.pages.flatMap((p) => p.articles).find((a) => a.headline && framePage(e, n)?.boxes.some((b) => b.article === a.id));
  return lead?.headline ?? `第${pageLabel(e, n)}版${section ? ` ${section}` : ''}`;
}

/** The web app's manifest, icon, offline list and service worker. */
function appRoutes(router: Router, ctx: ReaderContext): void {
  const { o } = ctx;
  router.get('/manifest.webmanifest', (_req, res) => send(res, 'application/manifest+json; charset=utf-8', MANIFEST));
  router.get('/icon.svg', (_req, res) => send(res, 'image/svg+xml', o.assets.icon.data, 'public, max-age=86400'));
  router.get('/offline.json', (_req, res) => send(res, 'application/json; charset=utf-8', memo(ctx, 'offline', () => JSON.stringify(offline(ctx)))));
  router.get('/sw.js', (_req, res) => {
    const body = memo(ctx, 'sw', () => browserScript('sw', { OFFLINE_VERSION: JSON.stringify(offline(ctx).version) }));
    res.set('Service-Worker-Allowed', '/');
    send(res, 'text/javascript; charset=utf-8', body);
  });
}

/** What the service worker keeps for offline reading: the newest edition's pages, articles and assets. */
function offline(ctx: ReaderContext): { version: string; urls: string[] } {
  const { o, assets } = ctx;
  const e = ctx.newest;
  if (!e) return { version: 'empty', urls: ['/'] };
  const urls = new Set<string>(['/', '/manifest.webmanifest', ...[...assets.byFile.keys()].map((f) => `/assets/${f}`), `/e/${encodeURIComponent(e.id)}/search.json`, `/e/${encodeURIComponent(e.id)}/search`]);
  for (const u of viewerOfflineUrls(o.site, o.assets, e)) urls.add(u);
  const frames = e.edition.layout.pages;
  const seen = new Set<string>();
  for (const [i, p] of frames.entries()) {
    urls.add(viewerHref(e, i + 1));
    for (const b of p.boxes) {
      if (!b.article || seen.has(b.article)) continue;
      seen.add(b.article);
      urls.add(readHref(e, i + 1, b.article));
    }
  }
  const list = [...urls];
  return { version: hashOf(e.id, JSON.stringify(list), assets.article.file), urls: list };
}

/** <head> markup the reader adds to the viewer's pages: manifest and theme colour. */
export function readerHead(_assets: SiteAssets): string {
  return '<link rel="manifest" href="/manifest.webmanifest">\n<meta name="theme-color" content="#b3261e">\n';
}

/** The viewer's extras with more <head> markup. */
export function withHead(extras: ViewerExtras | undefined, head: string): ViewerExtras {
  return { ...extras, head: `${head}${extras?.head ?? ''}` };
}

/** The 标题 button, search link and offline mark for the viewer's toolbar. */
export function readerTools(e: SiteEdition): string {
  const own = scriptOf(e.edition.lang);
  const script = `<button type="button" id="ep-script" class="ep-btn" data-own="${own}" data-lang="${escAttr(e.edition.lang)}" data-base="/e/${encodeURIComponent(e.id)}/script/" aria-label="${own === 'hans' ? '转为繁体字' : '转为简体字'}">${own === 'hans' ? '繁' : '简'}</button>`;
  return `${script}
<button type="button" id="ep-heads-toggle" class="ep-btn" aria-controls="ep-heads" aria-expanded="false">标题</button>
<a class="ep-btn" href="/e/${encodeURIComponent(e.id)}/search" aria-label="搜索本期">搜索</a>
<span class="ep-offline" role="status">离线</span>`;
}

/** The per-page headline lists (标题导航): each story on a page, opening its article view. */
export function headlineLists(e: SiteEdition, current: number): string {
  const byId = new Map(e.edition.pages.flatMap((p) => p.articles).map((a) => [a.id, a]));
  const lists = e.edition.layout.pages.map((p, i) => {
    const n = i + 1;
    const seen = new Set<string>();
    const items: string[] = [];
    for (const b of p.boxes) {
      const a = b.article ? byId.get(b.article) : undefined;
      if (!a || seen.has(a.id)) continue;
      seen.add(a.id);
      const title = a.headline ?? a.kicker ?? (a.body.find((x) => x.text)?.text ?? a.id).slice(0, 24);
      const cont = a.continues ? '<span class="ep-heads-cont">（续）</span>' : '';
      items.push(`<li><a href="${escAttr(readHref(e, n, a.id))}">${escText(title)}${cont}</a></li>`);
    }
    return `<ol data-page="${n}"${n === current ? '' : ' hidden'} aria-label="第${escAttr(pageLabel(e, n))}版标题">${items.join('')}</ol>`;
  });
  return `<aside id="ep-heads" class="ep-heads" aria-label="标题导航"><h2>标题导航</h2>${lists.join('')}</aside>`;
}

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escAttr(s: string): string {
  return escText(s).replace(/"/g, '&quot;');
}

/** The viewer's extras with the reader's tools, head markup and headline lists. */
export function readerExtras(extras: ViewerExtras | undefined, e: SiteEdition, n: number, origin: string, assets: SiteAssets): ViewerExtras {
  return {
    ...extras,
    head: `${pageShareTags(e, n, origin)}${readerHead(assets)}${extras?.head ?? ''}`,
    tools: `${readerTools(e)}${extras?.tools ? `\n${extras.tools}` : ''}`,
    body: `${headlineLists(e, n)}${extras?.body ? `\n${extras.body}` : ''}`,
  };
}
