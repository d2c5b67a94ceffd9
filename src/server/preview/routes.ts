/**
 * The HTTP side of the preview. Its own routes, in front of the viewer app over the latest good
 * layouts (session.inner):
 *   /e/<id>/events                   server-sent events: `state` (PreviewState) and `building`
 *   /preview/state/<id>              the same state as JSON
 *   /preview/source?file=F&line=N    lines around line N of F, one of the watched files, as JSON
 *   POST /preview/layout             {"layout": "auto" | a template name | "file"}: lay out again
 *   /fonts/…, /assets/…              also the fonts and stylesheets of earlier layouts (pages still showing them)
 *   /e/<id>/pdf/<code>.pdf           page PDFs, made when asked for
 *   /e/<id>/…                        a page that waits while the edition has never been laid out
 * A preview listening on a loopback address answers only requests naming it by a loopback name
 * (localhost, 127.0.0.1, [::1]) and its port, so no other site can reach it through DNS rebinding.
 */
import { readFileSync } from 'node:fs';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { decode } from '../../parse/index.js';
import type { SourceLines } from '../../viewer/protocol.js';
import { isClientAbort, securityHeaders } from '../app.js';
import { waitingPage } from './markup.js';
import type { PreviewSession } from './session.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Host names a loopback preview answers to. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether an address the server is bound to is a loopback address. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/, '').replace(/^\[|\]$/g, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a.toLowerCase() === 'localhost';
}

/** Whether a Host header names this preview by a loopback name and the port it listens on. */
export function isLoopbackHost(host: string, port: number): boolean {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m || !LOOPBACK_NAMES.has(m[1]!)) return false;
  return m[2] === undefined ? port === 80 : Number(m[2]) === port;
}

function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  const bound = req.socket.localAddress ?? '';
  if (!isLoopbackAddress(bound) || isLoopbackHost(String(req.headers.host ?? ''), req.socket.localPort ?? 0)) return next();
  res.status(421).type('text/plain; charset=utf-8').set('Cache-Control', 'no-store').send('This preview answers on localhost, 127.0.0.1 and [::1] at its own port only.\n');
}

function stateRoutes(app: Express, s: PreviewSession): void {
  app.get('/e/:id/events', (req, res) => {
    const id = String(req.params.id);
    const entry = s.entries.get(id);
    if (!entry || s.closed) return void res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${id}"` });
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
    res.flushHeaders();
    res.write('retry: 1000\n\n');
    s.subscribe(entry, res);
  });
  app.get('/preview/state/:id', (req, res) => {
    const state = s.state(req.params.id);
    if (!state) return void res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${req.params.id}"`, editions: s.ids() });
    res.set('Cache-Control', 'no-store').json(state);
  });
  app.post('/preview/layout', express.json({ limit: '2kb' }), (req, res) => {
    const value = (req.body as { layout?: unknown } | undefined)?.layout;
    if (typeof value !== 'string' || !s.choices.some((c) => c.value === value)) {
      res.status(400).set('Cache-Control', 'no-store').json({ error: 'send {"layout": …} with one of the choices', choices: s.choices.map((c) => c.value) });
      return;
    }
    s.layoutValue = value;
    void s.rebuild();
    res.status(202).set('Cache-Control', 'no-store').json({ layout: value });
  });
}

/** Lines around the asked line of a watched file. */
function sourceLines(s: PreviewSession, req: Request, res: Response): void {
  res.set('Cache-Control', 'no-store');
  const file = typeof req.query.file === 'string' ? req.query.file : '';
  const found = s.watchedFiles().get(file);
  if (!found) return void res.status(404).json({ error: 'not one of the files this preview watches' });
  let bytes: Buffer;
  try {
    bytes = readFileSync(found.path);
  } catch (error) {
    return void res.status(404).json({ error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  const decoded = found.text ? { text: bytes.toString('utf8'), binary: false } : decode(bytes);
  if (decoded.binary) return void res.status(200).json({ file, line: 1, first: 1, lines: [], total: 0, binary: true } satisfies SourceLines);
  const lines = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const want = Number(req.query.line);
  const line = Number.isInteger(want) && want >= 1 ? Math.min(want, lines.length) : 1;
  const context = 6;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const cut = (t: string) => ([...t].length > 400 ? `${[...t].slice(0, 400).join('')}…` : t);
  res.json({ file, line, first, lines: lines.slice(first - 1, last).map(cut), total: lines.length, binary: false } satisfies SourceLines);
}

function fileRoutes(app: Express, s: PreviewSession): void {
  app.get('/preview/source', (req, res) => sourceLines(s, req, res));
  app.get('/fonts/:file', (req, res, next) => {
    const data = s.view.fontStore.get(req.params.file);
    if (!data) return next();
    res.status(200).type('font/woff2').set('Cache-Control', IMMUTABLE).send(data);
  });
  app.get('/assets/:file', (req, res, next) => {
    const a = s.view.assetStore.get(req.params.file);
    if (!a) return next();
    res.status(200).type(a.type).set('Cache-Control', IMMUTABLE).send(a.data);
  });
  app.get('/e/:id/pdf/:file', async (req, res, next) => {
    const found = s.pagePdfFile(String(req.params.id), String(req.params.file));
    if (!found) return next();
    try {
      const data = await found.made;
      const name = `${found.site.id}-${found.file}`.replace(/[^\w.-]/g, '_');
      res.status(200).type('application/pdf').set({ 'Cache-Control': 'no-cache', 'Content-Disposition': `inline; filename="${name}"` }).send(data);
    } catch (error) {
      next(error);
    }
  });
}

/** An edition that has never been laid out: a page that waits for it. */
function waitingRoute(app: Express, s: PreviewSession): void {
  app.get(/^\/e\/([^/]+)(?:\/(?:(?!(?:pages|thumbs|pdf|images|share|script)\/)[^/]+\/(?:[^/]*)?)?)?$/, (req, res, next) => {
    let id: string;
    try {
      id = decodeURIComponent((req.params as Record<string, string>)[0] ?? '');
    } catch {
      return next();
    }
    const entry = s.entries.get(id);
    if (!entry || entry.good) return next();
    const v = s.view;
    const assets = { siteCss: v.siteAssets.css.file, css: v.css.file, js: v.js.file, icon: v.siteAssets.icon.file, uiCss: v.uiCss.file };
    res.status(200).type('text/html; charset=utf-8').set('Cache-Control', 'no-store').send(waitingPage(s.pageData(id), assets, s.choices, s.layoutValue));
  });
}

export function previewRoutes(s: PreviewSession): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  app.use(loopbackOnly);
  stateRoutes(app, s);
  fileRoutes(app, s);
  waitingRoute(app, s);
  app.use((req, res, next) => s.view.inner(req, res, next));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (!isClientAbort(error)) process.stderr.write(`epaper preview: ${(error as Error)?.stack ?? String(error)}\n`);
    if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').send('The preview could not answer this request.\n');
  });
  return app;
}
