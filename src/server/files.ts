/**
 * Files sent from the build output or a site folder with `send`: conditional requests (304), byte
 * ranges (206, and 416 for a range that cannot be met) and HEAD, streamed from disk in large reads. A
 * file is sent only when it is a regular file whose real path lies inside the folder it is served from,
 * so a symbolic link never leads out of the output.
 *
 * Text files of a site folder (HTML pages and fragments, scripts, styles, JSON such as the search
 * index, SVG) are compressed once when the site is written, as FILE.br and FILE.gz beside FILE, and
 * sent as they are to clients that accept them (Content-Encoding, Vary: Accept-Encoding), so a request
 * costs no compression.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip, type BrotliOptions } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import send from 'send';

/** Bytes read from disk at a time when a file is streamed (fs streams read 64 KiB by default). */
export const READ_CHUNK = 256 * 1024;

/** Files kept compressed beside them in a site folder, and the smallest worth it. */
export const PRECOMPRESSED = /\.(?:html?|css|js|mjs|json|svg|txt|xml|webmanifest)$/i;
export const PRECOMPRESS_MIN = 1024;
/**
 * Brotli quality of the compressed forms: 5 makes files about a tenth larger than 11 (the slowest) in
 * a fortieth of the time, so that a site of thousands of pages is compressed in seconds.
 */
export const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 9;

const brotliOptions = (size: number): BrotliOptions => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: size },
});
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Bytes of a file and of its compressed forms (the file's own size where a form is not smaller). */
export interface Compressed {
  identity: number;
  br: number;
  gzip: number;
}

/** Whether a file of a site folder gets compressed forms beside it. */
export const isPrecompressed = (path: string, size: number): boolean => PRECOMPRESSED.test(path) && size >= PRECOMPRESS_MIN;

/**
 * Writes FILE.br and FILE.gz beside FILE (whose bytes are `data`), each only when smaller than the
 * file; compressed on libuv's threads, so that the caller's thread goes on meanwhile.
 */
export async function precompressFile(path: string, data: Buffer): Promise<Compressed> {
  const [br, gz] = await Promise.all([brotliAsync(data, brotliOptions(data.length)), gzipAsync(data, { level: GZIP_LEVEL })]);
  await Promise.all([br.length < data.length ? writeFile(`${path}.br`, br) : null, gz.length < data.length ? writeFile(`${path}.gz`, gz) : null]);
  return { identity: data.length, br: Math.min(br.length, data.length), gzip: Math.min(gz.length, data.length) };
}

/** The path of `name` under `root` when it is a regular file inside `root` (links followed); else null. */
export function fileInside(root: string, name: string): string | null {
  try {
    const path = join(root, name);
    const real = realpathSync(path);
    const base = realpathSync(root);
    if (!real.startsWith(base + sep) || !lstatSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** Whether the real path of `path` lies inside (or is) the real path of `root`. */
export function staysInside(root: string, path: string): boolean {
  try {
    const base = realpathSync(root);
    const real = realpathSync(path);
    const rel = relative(base, real);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
  } catch {
    return false;
  }
}

/**
 * Sends `root`/`name` with the given headers. `fail` is called with 404 when the file is not there (or
 * leads out of `root`) and with the status of any other failure; a range that cannot be met is
 * answered here (416 with Content-Range), the security headers already set are kept.
 */
export function sendFileFrom(req: Request, res: Response, root: string, name: string, headers: Record<string, string>, fail: (status: number) => void): void {
  const real = fileInside(root, name);
  if (!real) return fail(404);
  const stream = send(req, real, { dotfiles: 'allow', index: false, etag: true, lastModified: true, acceptRanges: true, highWaterMark: READ_CHUNK } as send.SendOptions);
  stream.on('headers', (r: Response) => {
    for (const [k, v] of Object.entries(headers)) r.setHeader(k, v);
  });
  stream.on('error', (error: { status?: number; statusCode?: number; headers?: Record<string, string> }) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (res.headersSent) return void res.end();
    if (status === 416) {
      res.status(416).set(error.headers ?? {}).set('Cache-Control', 'no-store').type('text/plain; charset=utf-8').send('Range not satisfiable.\n');
      return;
    }
    fail(status);
  });
  stream.pipe(res);
}

/**
 * Writes FILE.br and FILE.gz beside every text file of `dir` (and its sub-folders) of at least
 * PRECOMPRESS_MIN bytes, each only when smaller than the file. Returns the files and bytes written.
 */
export async function precompressFolder(dir: string): Promise<{ files: number } & Compressed> {
  const done = { files: 0, identity: 0, br: 0, gzip: 0 };
  const walk = async (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && isPrecompressed(e.name, statSync(path).size)) {
        const sizes = await precompressFile(path, readFileSync(path));
        done.files++;
        done.identity += sizes.identity;
        done.br += sizes.br;
        done.gzip += sizes.gzip;
      }
    }
  };
  await walk(dir);
  return done;
}

/** The file a site URL path names: itself, or the index.html of the folder it names. */
export function siteFile(urlPath: string): string {
  if (urlPath.endsWith('/')) return `${urlPath}index.html`;
  return extname(urlPath) === '' ? `${urlPath}/index.html` : urlPath;
}

/**
 * Middleware sending the precompressed form (FILE.br, else FILE.gz) of a site file to a client that
 * accepts it, with the Content-Type of FILE and `headers(res, file)`; anything else goes on to `next`.
 */
export function precompressed(root: string, headers: (res: Response, file: string) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let name: string;
    try {
      name = siteFile(decodeURIComponent(req.path));
    } catch {
      return next();
    }
    if (!PRECOMPRESSED.test(name)) return next();
    const encoding = req.acceptsEncodings('br', 'gzip', 'identity');
    if (encoding !== 'br' && encoding !== 'gzip') return next();
    const plain = fileInside(root, name);
    const real = plain && (fileInside(root, `${name}.${encoding === 'br' ? 'br' : 'gz'}`) ?? (encoding === 'br' && req.acceptsEncodings('gzip') ? fileInside(root, `${name}.gz`) : null));
    if (!plain || !real) return next();
    const stream = send(req, real, { dotfiles: 'allow', index: false, etag: true, lastModified: true, acceptRanges: false, highWaterMark: READ_CHUNK } as send.SendOptions);
    stream.on('headers', (r: Response) => {
      r.setHeader('Content-Type', contentType(name));
      r.setHeader('Content-Encoding', real.endsWith('.br') ? 'br' : 'gzip');
      r.vary('Accept-Encoding');
      headers(r, join(root, name));
    });
    stream.on('error', () => next());
    stream.pipe(res);
  };
}

/** Content types of the files of a site (the fast path sends no other kind). */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** The type a site file is sent with, or undefined for another kind. */
export function typeOf(name: string): string | undefined {
  return TYPES[extname(name).toLowerCase()];
}

function contentType(name: string): string {
  return typeOf(name) ?? 'application/octet-stream';
}
