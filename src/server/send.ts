/**
 * Responses whose body is made once and sent many times (page fragments, viewer pages, assets): kept
 * with their gzip and Brotli forms and a strong ETag, so a repeat request costs no rendering and no
 * compression, and a revalidation is a 304.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';

export interface Prepared {
  type: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
}

/** Types worth compressing. */
const COMPRESSIBLE = /^(?:text\/|application\/json|image\/svg\+xml)/;
/** Bodies smaller than this are sent as they are. */
const MIN_COMPRESS = 1024;

/** A body ready to send; `compress: false` leaves out the gzip and Brotli forms (loopback previews). */
export function prepare(body: string | Buffer, type: string, options: { compress?: boolean } = {}): Prepared {
  const identity = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  const compress = options.compress !== false && COMPRESSIBLE.test(type) && identity.length >= MIN_COMPRESS;
  return {
    type,
    etag,
    identity,
    gzip: compress ? gzipSync(identity, { level: 9 }) : null,
    br: compress
      ? brotliCompressSync(identity, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
        })
      : null,
  };
}

/** Prepared responses, bounded by their bytes (all forms); the least recently used go first. */
export class PreparedCache {
  private readonly cache: LRUCache<string, Prepared>;
  constructor(
    maxBytes = 32 * 1024 * 1024,
    private readonly compress = true,
  ) {
    this.cache = new LRUCache<string, Prepared>({
      maxSize: maxBytes,
      sizeCalculation: (p, key) => key.length + p.identity.length + (p.gzip?.length ?? 0) + (p.br?.length ?? 0) + 64,
    });
  }

  get(key: string, make: () => { body: string | Buffer; type: string } | undefined): Prepared | undefined {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const made = make();
    if (!made) return undefined;
    const p = prepare(made.body, made.type, { compress: this.compress });
    this.cache.set(key, p);
    return p;
  }

  /** A body made before, or undefined. */
  peek(key: string): Prepared | undefined {
    return this.cache.get(key);
  }

  /** Bytes held. */
  get size(): number {
    return this.cache.calculatedSize;
  }
}

/** Send a prepared body: 304 on a matching If-None-Match, else the best encoding the client accepts. */
export function sendPrepared(req: Request, res: Response, p: Prepared, status = 200, cacheControl?: string): void {
  res.status(status);
  res.set('Content-Type', p.type);
  res.set('ETag', p.etag);
  if (cacheControl) res.set('Cache-Control', cacheControl);
  if (p.gzip || p.br) res.vary('Accept-Encoding');
  const tags = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''));
  if (status === 200 && tags.includes(p.etag)) {
    res.status(304).end();
    return;
  }
  let body = p.identity;
  if (p.br && p.br.length < body.length && req.acceptsEncodings('br', 'gzip', 'identity') === 'br') {
    res.set('Content-Encoding', 'br');
    body = p.br;
  } else if (p.gzip && p.gzip.length < body.length && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.set('Content-Encoding', 'gzip');
    body = p.gzip;
  }
  res.set('Content-Length', String(body.length));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(body);
}
