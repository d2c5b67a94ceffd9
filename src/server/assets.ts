/**
 * Content-hashed static assets: the viewer script, the site stylesheet (viewer chrome + page CSS) and
 * one @font-face stylesheet per edition. Each is served as /assets/<name>-<hash>.<ext> and may be cached
 * for good, since a change of content changes its name.
 */
import { createHash } from 'node:crypto';
import { browserScript } from './browser-scripts.js';

export interface Asset {
  /** File name under /assets/. */
  file: string;
  type: string;
  data: Buffer;
}

/** First 16 hex digits of the SHA-256 of the parts. */
export function hashOf(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' } as const;

export function makeAsset(name: string, ext: keyof typeof TYPES, content: string | Buffer): Asset {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    file: `${name}-${hashOf(data)}.${ext}`,
    type: TYPES[ext],
    data,
  };
}

/** The viewer's browser script, one ES module (browser-scripts.ts). */
export function viewerScript(): string {
  return browserScript('viewer');
}

/** Strips comments and blank lines from a script or a stylesheet written in this repository. */
export function trimSource(text: string, kind: 'js' | 'css'): string {
  if (kind === 'css') {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n');
  }
  const out: string[] = [];
  let inComment = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (inComment) {
      if (t.includes('*/')) inComment = false;
      continue;
    }
    if (t.startsWith('/*')) {
      if (!t.includes('*/')) inComment = true;
      continue;
    }
    if (t === '' || (t.startsWith('//') && !t.startsWith('//#'))) continue;
    out.push(t);
  }
  return out.join('\n');
}
