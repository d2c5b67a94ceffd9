/**
 * The e-paper site as files: every URL the viewer app answers — archive page, viewer pages at every page
 * and article, page fragments, thumbnails, photos, PDFs, fonts, the content-hashed assets, the JSON API
 * and a 404.html — fetched from the app itself (so a static host serves the bytes `epaper serve` sends)
 * and written under DIR at their URL paths: `/e/<id>/` is `e/<id>/index.html`, `/e/<id>/<n>/` is
 * `e/<id>/<n>/index.html`, an article link `/e/<id>/<n>/<article>` is `e/<id>/<n>/<article>/index.html`
 * (and its article view `…/<article>/read/index.html`), search pages and indexes, share cards, the
 * service worker; the API is `api/editions/index.json` and `api/editions/<id>.json`.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { isPrecompressed, precompressFile } from './files.js';
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { scriptOf } from '../render/article/index.js';
import { articlesOn, editionPdfHref, fragmentHref, pageSegment, pdfHref, readHref, shareHref, thumbHref, viewerHref } from './labels.js';
import type { BuiltSite } from './types.js';

export interface ExportResult {
  dir: string;
  files: number;
  bytes: number;
  /** Bytes by kind of file: viewer, article link, fragment, article, pdf, thumb, image, font, asset, api, search, share, script, html. */
  byKind: Record<string, number>;
}

const CONCURRENCY = 6;

/** The URLs every edition has, before the ones found in what they link to. */
function seedUrls(site: BuiltSite): string[] {
  const urls = ['/', '/api/editions', '/search', '/sw.js', '/offline.json', '/manifest.webmanifest', '/icon.svg'];
  for (const e of site.editions) {
    const id = encodeURIComponent(e.id);
    urls.push(`/api/editions/${id}`, `/e/${id}/search`, `/e/${id}/search.json`);
    const pdf = editionPdfHref(e);
    if (pdf) urls.push(pdf);
    // 繁/简 of the page view: the stylesheet of the other script (its fonts are found in it) and per page the lines that change.
    const other = scriptOf(e.edition.lang) === 'hans' ? 'hant' : 'hans';
    urls.push(`/e/${id}/script/${other}.css`);
    for (let n = 1; n <= e.edition.layout.pages.length; n++) {
      urls.push(viewerHref(e, n), fragmentHref(e, n), thumbHref(e, n), shareHref(e, n), `/e/${id}/script/${other}/${encodeURIComponent(pageSegment(e, n))}.json`);
      const pagePdf = pdfHref(e, n);
      if (pagePdf) urls.push(pagePdf);
      for (const a of articlesOn(e, n)) {
        urls.push(viewerHref(e, n, a.id), readHref(e, n, a.id), shareHref(e, n, a.id));
      }
    }
  }
  return urls;
}

/** Same-site URLs named in an HTML page, a fragment or a stylesheet (`base` resolves relative ones). */
export function linkedUrls(text: string, base: string): string[] {
  const found: string[] = [];
  const re = /(?:href|src|content)="(\/[^"]*)"|(?:href|src)="([^"]+)"|url\(\s*"?([^")]+)"?\s*\)/g;
  for (const m of text.matchAll(re)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&');
    if (!raw || /^(?:[a-z]+:|#|\/\/)/i.test(raw)) continue;
    const url = new URL(raw, `http://site${base}`);
    found.push(url.pathname);
  }
  return found;
}

/**
 * The file under DIR for a URL path: a path ending in / or without a file extension is a folder with
 * its index.html (so /e/<id>/2/<article> and /e/<id>/2/<article>/read both are files).
 */
export function fileFor(path: string): string {
  if (path === '/api/editions') return join('api', 'editions', 'index.json');
  if (path.startsWith('/api/')) return `${join(...path.split('/').slice(1).map((s) => decodeURIComponent(s)))}.json`;
  const parts = path.split('/').slice(1).map((s) => decodeURIComponent(s));
  if (path.endsWith('/')) parts[parts.length - 1] = 'index.html';
  else if (!/\.[a-z0-9]+$/i.test(parts[parts.length - 1] ?? '')) parts.push('index.html');
  return join(...parts);
}

/** First segments of the site's own root-relative URLs (what the app answers at its root). */
const ROOTED = /(["'(]|&quot;)\/(?=e\/|assets\/|fonts\/|api\/|search\b|sw\.js\b|offline\.json\b|manifest\.webmanifest\b|icon\.svg\b|["')]|&quot;)/g;

/** The folder a URL path resolves relative URLs against: the path up to its last slash. */
const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1) || '/';

/**
 * The site's root-relative URLs in a page, stylesheet or JSON file made relative, so that the site works
 * wherever it is published (at a host's root or under a sub-path): each becomes a path from `dir`, the
 * folder they resolve against. In a page with a <base> (the viewer's: its edition folder) the base itself
 * is made relative to the page's folder and every other URL to the base.
 */
export function relativeUrls(text: string, dir: string): string {
  const up = (from: string) => '../'.repeat(from.split('/').length - 2);
  const base = /<base href="(\/[^"]*)">/.exec(text);
  let out = text;
  let from = dir;
  if (base) {
    from = base[1]!;
    out = out.replace(base[0], `<base href="${up(dir) + from.slice(1) || './'}">`);
  }
  const prefix = up(from);
  return out.replace(ROOTED, (_m, quote: string) => `${quote}${prefix || './'}`);
}

const kindOf = (path: string, type: string): string => {
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/fonts/') || path.endsWith('.woff2')) return 'font';
  if (path.startsWith('/assets/')) return 'asset';
  if (/\/pages\/\d+\.html$/.test(path)) return 'fragment';
  if (/\/share\//.test(path)) return 'share';
  if (/\/search\.json$/.test(path)) return 'search';
  if (/\/read(?:\/han[st])?$/.test(path)) return 'article';
  if (/\/script\//.test(path)) return 'script';
  if (/\/thumbs\//.test(path)) return 'thumb';
  if (/\/images\//.test(path)) return 'image';
  if (type.includes('pdf')) return 'pdf';
  if (/^\/e\/[^/]+\/(?:\d+\/)?$/.test(path)) return 'viewer';
  if (/^\/e\/[^/]+\/\d+\/[^/]+$/.test(path)) return 'article link';
  return 'html';
};

async function listen(site: BuiltSite): Promise<{ server: Server; base: string }> {
  const app = createApp({ editions: site, compress: false, log: () => {} });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // The only client is this process: idle connections are kept for as long as it may take to come back
  // (a busy machine, a long page), so that a request is never sent on a connection being closed.
  server.keepAliveTimeout = 120_000;
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A request to the site's own server, sent again (up to three times) when the connection fails. */
async function fetchRetrying(url: string, init: RequestInit, tries = 3): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (i >= tries) throw new Error(`${url}: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ''}`);
    }
  }
}

/**
 * The folder the URLs in a file resolve against: a page's folder (a fragment's is that of the viewer
 * page it is shown in, its edition folder), a stylesheet's or a JSON file's own folder; null for files
 * whose URLs are left as they are (scripts, images, PDFs).
 */
function resolvesAgainst(path: string, type: string): string | null {
  if (/\/pages\/[^/]*\.html$/.test(path)) return path.replace(/pages\/[^/]*$/, '');
  if (type.includes('html')) return dirOf(path);
  if (/text\/css|json/.test(type)) return dirOf(`/${fileFor(path).split(sep).join('/')}`);
  return null;
}

/** Write the site into DIR (replaced as a whole once complete). */
export interface ExportOptions {
  /**
   * Where the site will be published (https://paper.example.com): share tags need absolute URLs. Without
   * it they are written relative to the site root.
   */
  baseUrl?: string;
}

export async function exportSite(site: BuiltSite, dir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const origin = (options.baseUrl ?? '').replace(/\/+$/, '');
  const tmp = `${dir.replace(/\/+$/, '')}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  // Every edition is read now (a site shows them all), not by the first request that needs it.
  for (const e of site.editions) void e.edition;
  const { server, base } = await listen(site);
  const result: ExportResult = { dir, files: 0, bytes: 0, byKind: {} };
  try {
    const seen = new Set<string>();
    const queue = seedUrls(site);
    const write = async (path: string, data: Buffer, kind: string) => {
      const file = join(tmp, fileFor(path));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data);
      if (isPrecompressed(file, data.length)) await precompressFile(file, data);
      result.files++;
      result.bytes += data.length;
      result.byKind[kind] = (result.byKind[kind] ?? 0) + data.length;
    };
    const fetchOne = async (path: string) => {
      const res = await fetchRetrying(base + path, { redirect: 'manual' });
      if (res.status !== 200) return void (await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      let data = Buffer.from(await res.arrayBuffer());
      const text = /text\/|json|javascript/.test(type);
      if (text && data.includes(base)) data = Buffer.from(data.toString('utf8').split(base).join(origin));
      const dir = resolvesAgainst(path, type);
      await write(path, dir === null ? data : Buffer.from(relativeUrls(data.toString('utf8'), dir)), kindOf(path, type));
      if (/text\/(?:html|css)/.test(type)) {
        const id = /^\/e\/([^/]+)\//.exec(path)?.[1];
        const linkBase = id && (type.includes('html') || path.includes('/pages/')) ? `/e/${id}/` : path;
        for (const url of linkedUrls(data.toString('utf8'), linkBase)) if (!seen.has(url)) queue.push(url);
      }
    };
    // A few requests at a time: thumbnails, share cards and photos are made off the main thread.
    const worker = async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        if (seen.has(path)) continue;
        seen.add(path);
        await fetchOne(path);
      }
    };
    while (queue.length > 0) await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const missing = await fetch(`${base}/404-not-found`);
    await write('/404.html', Buffer.from(relativeUrls(await missing.text(), '/')), 'html');
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    await new Promise((r) => server.close(r));
  }
  const old = `${tmp}.old`;
  let moved = false;
  try {
    renameSync(dir, old);
    moved = true;
  } catch {
    // no earlier site
  }
  renameSync(tmp, dir);
  if (moved) rmSync(old, { recursive: true, force: true });
  return result;
}
