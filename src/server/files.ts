/**
 * Files sent from the build output with `send`: conditional requests (304), byte ranges (206, and 416
 * for a range that cannot be met) and HEAD, streamed from disk. A file is sent only when it is a
 * regular file whose real path lies inside the folder it is served from, so a symbolic link never
 * leads out of the output.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Request, Response } from 'express';
import send from 'send';

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
  const stream = send(req, real, { dotfiles: 'allow', index: false, etag: true, lastModified: true, acceptRanges: true });
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
