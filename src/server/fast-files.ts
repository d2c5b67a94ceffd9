/**
 * The fast path of a site folder: a request for a file that is there (GET or HEAD, no byte range, no
 * date condition) is answered without the middleware stack, from headers made once per file and, for
 * files up to SMALL_FILE bytes, from bytes held in memory (bounded by bytes, least recently used out
 * first). What a file looks like on disk (its real path inside the folder, its size, date and ETag,
 * which of FILE.br and FILE.gz lie beside it) is looked at again at most once every RECHECK_MS, with
 * asynchronous calls only. Anything else — a range, an If-Modified-Since, a file that is not there, a
 * path with a dot segment — goes to the fallback (the Express app), which answers it as before.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { LRUCache } from 'lru-cache';
import { isPrecompressed, PRECOMPRESSED, READ_CHUNK, siteFile, typeOf } from './files.js';

/** Files up to this size are held in memory; larger ones are streamed from disk. */
export const SMALL_FILE = 1024 * 1024;
/** How long what was learnt of a file on disk is trusted. */
export const RECHECK_MS = 1000;

type Encoding = 'br' | 'gzip' | 'identity';

/** One form of a file (itself, FILE.br or FILE.gz) ready to send. */
interface Form {
  real: string;
  size: number;
  /** The headers of a 200, flat [name, value, …], and of a 304. */
  ok: string[];
  notModified: string[];
  etag: string;
  body: Buffer | null;
}

interface Entry {
  checked: number;
  identity: Form;
  br: Form | null;
  gzip: Form | null;
  /** A text file with no compressed form beside it: compressed by the fallback for clients that want it. */
  compressLater: boolean;
}

export interface FastFilesOptions {
  /** Headers of every response (the security headers). */
  common: Record<string, string>;
  /** Further headers of a file by its name in the folder it is sent from ("/e/x/pages/1.html"). */
  headersFor: (name: string, root: string) => Record<string, string>;
  /** Bytes of files held in memory at most. */
  maxBytes?: number;
}

interface Accepted {
  best: Encoding | null;
  gzip: boolean;
}

const accepted = new Map<string, Accepted>();

/**
 * What a client with this Accept-Encoding takes: the best of br, gzip and identity by q-value (br
 * first on a tie), and whether gzip will do when there is no br.
 */
export function acceptedEncodings(header: string | undefined): Accepted {
  const key = header ?? '';
  const known = accepted.get(key);
  if (known) return known;
  const q = new Map<string, number>();
  for (const part of key.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  const listed = [...q.values()];
  const of = (e: Encoding) => q.get(e) ?? star ?? (e === 'identity' ? (listed.length ? Math.min(1, ...listed) : 1) : 0);
  let best: Encoding | null = null;
  for (const e of ['br', 'gzip', 'identity'] as const) if (of(e) > 0 && (best === null || of(e) > of(best))) best = e;
  const result = { best, gzip: of('gzip') > 0 };
  if (accepted.size > 256) accepted.clear();
  accepted.set(key, result);
  return result;
}

/** The decoded path of a request URL when the fast path may look for it; else null. */
export function pathOf(url: string): string | null {
  const q = url.indexOf('?');
  const raw = q === -1 ? url : url.slice(0, q);
  if (raw[0] !== '/') return null;
  let path = raw;
  if (raw.includes('%')) {
    try {
      path = decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  // Dot segments and dotfiles, backslashes and NULs are the fallback's to refuse.
  if (path.includes('/.') || path.includes('\\') || path.includes('\0') || path.includes('%')) return null;
  return path;
}

/** Whether the fast path may answer this request: GET or HEAD without a range or a date condition. */
export function plainRequest(req: IncomingMessage): boolean {
  const h = req.headers;
  return (req.method === 'GET' || req.method === 'HEAD') && h.range === undefined && h['if-modified-since'] === undefined && h['if-match'] === undefined && h['if-unmodified-since'] === undefined;
}

/** Files of one or more folders sent by the fast path; one byte limit for all of them. */
export class FastFiles {
  private readonly entries: LRUCache<string, Entry>;
  private readonly loading = new Map<string, Promise<Entry | null>>();
  private readonly bases = new Map<string, string>();

  constructor(private readonly options: FastFilesOptions) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (e, key) => key.length + 512 + [e.identity, e.br, e.gzip].reduce((n, f) => n + (f?.body?.length ?? 0), 0),
    });
  }

  /** Bytes held. */
  get size(): number {
    return this.entries.calculatedSize;
  }

  /** Answers a request for a file of the site folder `root`, or calls `fallback` for anything the fast path leaves alone. */
  handle(req: IncomingMessage, res: ServerResponse, root: string, fallback: () => void): void {
    const path = plainRequest(req) ? pathOf(req.url ?? '') : null;
    if (path === null) return fallback();
    this.send(req, res, root, siteFile(path), fallback);
  }

  /** Sends `root`/`name` (a plain request, a name without dot segments), or calls `fallback`. */
  send(req: IncomingMessage, res: ServerResponse, root: string, name: string, fallback: () => void): void {
    const key = `${root}\0${name}`;
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.checked < RECHECK_MS) return this.answer(req, res, entry, fallback);
    this.lookUp(key, root, name, entry).then(
      (found) => (found ? this.answer(req, res, found, fallback) : fallback()),
      () => fallback(),
    );
  }

  private answer(req: IncomingMessage, res: ServerResponse, entry: Entry, fallback: () => void): void {
    let form = entry.identity;
    if (entry.br || entry.gzip || entry.compressLater) {
      const want = acceptedEncodings(req.headers['accept-encoding']);
      if (want.best === null) return fallback();
      if (want.best !== 'identity') {
        const chosen = want.best === 'br' ? (entry.br ?? (want.gzip ? entry.gzip : null)) : entry.gzip;
        if (!chosen) return fallback();
        form = chosen;
      }
    }
    const inm = req.headers['if-none-match'];
    // As send does: a request that says no-cache gets the file, whatever its If-None-Match.
    if (inm !== undefined && !NO_CACHE.test(req.headers['cache-control'] ?? '') && matches(inm, form.etag)) {
      res.writeHead(304, form.notModified);
      return void res.end();
    }
    res.writeHead(200, form.ok);
    if (req.method === 'HEAD') return void res.end();
    if (form.body) return void res.end(form.body);
    pipeline(createReadStream(form.real, { highWaterMark: READ_CHUNK }), res, () => {
      // A client that goes away is nothing to report; the socket is closed by the pipeline.
    });
  }

  /** What is on disk for `path`, shared by the requests that ask while it is looked at. */
  private lookUp(key: string, root: string, name: string, old: Entry | undefined): Promise<Entry | null> {
    let p = this.loading.get(key);
    if (!p) {
      p = this.load(key, root, name, old).finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }

  private async load(key: string, root: string, name: string, old: Entry | undefined): Promise<Entry | null> {
    const type = typeOf(name);
    if (!type) return null;
    let base = this.bases.get(root);
    if (base === undefined) {
      base = await realpath(root);
      this.bases.set(root, base);
    }
    const at = { root, base };
    const identity = await this.form(at, name, type, null, old?.identity);
    if (!identity) {
      this.entries.delete(key);
      return null;
    }
    const text = PRECOMPRESSED.test(name);
    const br = text ? await this.form(at, `${name}.br`, type, 'br', old?.br ?? undefined) : null;
    const gzip = text ? await this.form(at, `${name}.gz`, type, 'gzip', old?.gzip ?? undefined) : null;
    const entry: Entry = { checked: Date.now(), identity, br, gzip, compressLater: isPrecompressed(name, identity.size) && !br && !gzip };
    this.entries.set(key, entry);
    return entry;
  }

  /** One form of a file when it is a regular file inside the folder; its bytes reused when unchanged. */
  private async form(at: { root: string; base: string }, name: string, type: string, encoding: 'br' | 'gzip' | null, old: Form | undefined): Promise<Form | null> {
    let real: string;
    try {
      real = await realpath(join(at.root, name));
    } catch {
      return null;
    }
    if (!real.startsWith(at.base + sep)) return null;
    const st = await stat(real).catch(() => null);
    if (!st?.isFile()) return null;
    const etag = `W/"${st.size.toString(16)}-${st.mtime.getTime().toString(16)}"`;
    if (old && old.real === real && old.etag === etag) return old;
    let body: Buffer | null = null;
    if (st.size <= SMALL_FILE) {
      body = await readFile(real);
      if (body.length !== st.size) return null;
    }
    const modified = st.mtime.toUTCString();
    const extra = this.options.headersFor(encoding ? name.replace(/\.(?:br|gz)$/, '') : name, at.root);
    const vary = PRECOMPRESSED.test(name.replace(/\.(?:br|gz)$/, '')) ? ['Vary', 'Accept-Encoding'] : [];
    const common = [...flat(this.options.common), ...flat(extra), 'ETag', etag, 'Last-Modified', modified, ...vary];
    const ok = [...common, 'Content-Type', type, 'Content-Length', String(st.size)];
    if (encoding) ok.push('Content-Encoding', encoding);
    else ok.push('Accept-Ranges', 'bytes');
    return { real, size: st.size, ok, notModified: common, etag, body };
  }
}

const NO_CACHE = /(?:^|,)\s*no-cache\s*(?:,|$)/i;

const flat = (headers: Record<string, string>) => Object.entries(headers).flat();

/** Whether an If-None-Match names this ETag (weak comparison) or is "*". */
function matches(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === bare);
}
