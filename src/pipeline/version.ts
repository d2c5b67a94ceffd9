/**
 * Versions that build keys depend on: the package version, and a hash of the code that turns documents
 * into builds and pages.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** First 16 hex digits of the SHA-256 of the parts, each part ended by a NUL byte. */
export function hashParts(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

let versionCache: string | null = null;

/** The package version (part of every build key). */
export function packageVersion(): string {
  if (versionCache) return versionCache;
  const here = new URL('../../package.json', import.meta.url);
  try {
    versionCache = String((JSON.parse(readFileSync(here, 'utf8')) as { version?: string }).version ?? '0');
  } catch {
    versionCache = '0';
  }
  return versionCache;
}

let codeCache: string | null = null;

/**
 * A hash of the code that turns documents into builds (every module beside src/server and src/viewer,
 * as compiled or as source) and of the font manifest, so a changed parser, layout or renderer never
 * keeps an old build.
 */
export function codeVersion(): string {
  if (codeCache) return codeCache;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (path !== join(root, 'server') && path !== join(root, 'viewer')) walk(path);
      } else if (/\.(?:js|ts)$/.test(e.name)) files.push(path);
    }
  };
  walk(root);
  const parts: (string | Buffer)[] = [packageVersion()];
  for (const f of files) parts.push(relative(root, f), readFileSync(f));
  const manifest = join(root, '..', 'fonts', 'manifest.json');
  if (existsSync(manifest)) parts.push(readFileSync(manifest));
  codeCache = hashParts(...parts);
  return codeCache;
}
