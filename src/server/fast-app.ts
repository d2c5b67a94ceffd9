/**
 * The fast path of the app over built editions: page fragments and fonts once they are made (held by
 * the PreparedCache) and page PDFs are sent without the middleware stack, with headers made once per
 * body. Everything else, and whatever is not made yet, goes to the Express app, which answers it as
 * before (and makes what the next request finds here).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { basename, relative } from 'node:path';
import type { Express } from 'express';
import { acceptedEncodings, FastFiles, pathOf, plainRequest } from './fast-files.js';
import { pageAt } from './labels.js';
import type { Prepared, PreparedCache } from './send.js';
import type { SiteEdition } from './types.js';

const SHORT = 'public, max-age=300';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface FastAppParts {
  app: Express;
  byId: Map<string, SiteEdition>;
  prepared: PreparedCache;
  /** Headers of every response (the security headers). */
  common: Record<string, string>;
}

type Form = 'identity' | 'gzip' | 'br';

/** The form of a prepared body to send to this client, as sendPrepared chooses it. */
function formFor(req: IncomingMessage, p: Prepared): Form | null {
  if (!p.br && !p.gzip) return 'identity';
  const want = acceptedEncodings(req.headers['accept-encoding']);
  if (want.best === null) return null;
  if (p.br && p.br.length < p.identity.length && want.best === 'br') return 'br';
  if (p.gzip && p.gzip.length < p.identity.length && (want.best === 'gzip' || (want.best === 'br' && want.gzip))) return 'gzip';
  return 'identity';
}

/** Headers of a prepared body per form and Cache-Control, made once. */
const headerCache = new WeakMap<Prepared, Map<string, string[]>>();

function headersOf(p: Prepared, form: Form, cacheControl: string, common: Record<string, string>): string[] {
  let byForm = headerCache.get(p);
  if (!byForm) headerCache.set(p, (byForm = new Map()));
  const key = `${form} ${cacheControl}`;
  let h = byForm.get(key);
  if (!h) {
    h = [...Object.entries(common).flat(), 'Content-Type', p.type, 'ETag', p.etag, 'Cache-Control', cacheControl];
    if (p.gzip || p.br) h.push('Vary', 'Accept-Encoding');
    if (form !== 'identity') h.push('Content-Encoding', form);
    byForm.set(key, h);
  }
  return h;
}

function sendPreparedFast(req: IncomingMessage, res: ServerResponse, p: Prepared, cacheControl: string, common: Record<string, string>, fallback: () => void): void {
  const form = formFor(req, p);
  if (form === null) return fallback();
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === p.etag)) {
    res.writeHead(304, headersOf(p, 'identity', cacheControl, common));
    return void res.end();
  }
  const headers = headersOf(p, form, cacheControl, common);
  const body = form === 'identity' ? p.identity : p[form]!;
  res.writeHead(200, [...headers, 'Content-Length', String(body.length)]);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const FRAGMENT = /^\/e\/([^/]+)\/pages\/([^/]+)\.html$/;
const FONT = /^\/fonts\/([^/]+)$/;
const PDF = /^\/e\/([^/]+)\/pdf\/([^/]+)$/;

/** The path inside the edition folder of the PDF a file name in its URL names. */
function pdfOf(e: SiteEdition, file: string): string | undefined {
  if (file === 'edition.pdf') return e.editionPdf ? relative(e.dir, e.editionPdf) : undefined;
  const n = pageAt(e, /^(.+)\.pdf$/.exec(file)?.[1]);
  const name = n != null ? e.pdfs.get(n) : undefined;
  return name ? `pdf/${name}` : undefined;
}

/** A request listener: the fast path first, the Express app for the rest. */
export function fastAppListener(parts: FastAppParts): RequestListener {
  const { app, byId, prepared, common } = parts;
  const byDir = new Map([...byId.values()].map((e) => [e.dir, e]));
  const pdfs = new FastFiles({
    common,
    headersFor: (name, root) => {
      const e = byDir.get(root);
      const download = e && (e.editionPdf && `/${relative(e.dir, e.editionPdf)}` === name ? `${e.id}.pdf` : `${e.id}-${basename(name)}`);
      return { 'Cache-Control': SHORT, 'Content-Disposition': `inline; filename="${(download ?? basename(name)).replace(/[^\w.-]/g, '_')}"` };
    },
  });
  return (req, res) => {
    const fallback = () => void app(req, res);
    const path = plainRequest(req) ? pathOf(req.url ?? '') : null;
    if (path === null) return fallback();
    let m = FRAGMENT.exec(path);
    if (m) {
      const e = byId.get(m[1]!);
      const n = e && pageAt(e, m[2]);
      const p = n != null ? prepared.peek(`page:${e!.id}:${n}`) : undefined;
      return p ? sendPreparedFast(req, res, p, SHORT, common, fallback) : fallback();
    }
    if ((m = FONT.exec(path))) {
      const p = prepared.peek(`font:${m[1]}`);
      return p ? sendPreparedFast(req, res, p, IMMUTABLE, common, fallback) : fallback();
    }
    if ((m = PDF.exec(path))) {
      const e = byId.get(m[1]!);
      const found = e && pdfOf(e, m[2]!);
      if (!e || !found || found.startsWith('..')) return fallback();
      return pdfs.send(req, res, e.dir, `/${found}`, fallback);
    }
    fallback();
  };
}
