/**
 * The browser scripts of src/viewer, each bundled by esbuild into one script. When compiled, they are
 * bundled at prepare time (scripts/bundle.js calls writeBrowserScripts) into dist/browser/, so that a
 * server starts without running esbuild; a script is bundled on first use when that file is missing
 * or older than the compiled viewer code, and always when running from the TypeScript source (tests).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The scripts: the viewer's and the preview's ES modules, the reader's and the service worker's classic scripts. */
export type BrowserScript = 'viewer' | 'preview' | 'reader/article' | 'reader/search' | 'sw';

const MODULES = new Set<BrowserScript>(['viewer', 'preview']);

/** Scripts bundled at prepare time (the service worker is bundled with the version it is given). */
export const PREBUILT: readonly BrowserScript[] = ['viewer', 'preview', 'reader/article', 'reader/search'];

const here = dirname(fileURLToPath(import.meta.url));
const viewerDir = join(here, '..', 'viewer');
const prebuiltDir = join(here, '..', 'browser');

/** esbuild's options for a script, from the compiled entry when there is one, else the TypeScript source. */
function optionsFor(name: BrowserScript, define: Record<string, string>): BuildOptions {
  const base = join(viewerDir, name);
  const entry = existsSync(`${base}.js`) ? `${base}.js` : `${base}.ts`;
  const common: BuildOptions = { entryPoints: [entry], bundle: true, write: false, legalComments: 'none' };
  if (MODULES.has(name)) return { ...common, format: 'esm', target: 'es2022', platform: 'browser', charset: 'utf8' };
  return { ...common, minify: true, format: 'iife', target: 'es2020', define };
}

function bundled(name: BrowserScript, define: Record<string, string>): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  return esbuild.buildSync(optionsFor(name, define)).outputFiles?.[0]?.text ?? '';
}

const prebuiltFile = (name: BrowserScript) => join(prebuiltDir, `${name.replace('/', '-')}.js`);

/** Newest modification time of the compiled viewer code (0 when there is none). */
function newestViewerCode(dir = viewerDir): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestViewerCode(path));
    else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let viewerCodeTime: number | null = null;

/** The script as bundled at prepare time, when that is there and not older than the code it was made from. */
function prebuilt(name: BrowserScript): string | null {
  const file = prebuiltFile(name);
  if (!existsSync(file) || !existsSync(`${join(viewerDir, name)}.js`)) return null;
  viewerCodeTime ??= newestViewerCode();
  return statSync(file).mtimeMs >= viewerCodeTime ? readFileSync(file, 'utf8') : null;
}

const scripts = new Map<string, string>();

/** A browser script, bundled (cached per process); `define` replaces globals (a script given one is bundled now). */
export function browserScript(name: BrowserScript, define: Record<string, string> = {}): string {
  const key = `${name}${JSON.stringify(define)}`;
  let text = scripts.get(key);
  if (text === undefined) {
    const plain = Object.keys(define).length === 0;
    text = (plain ? prebuilt(name) : null) ?? bundled(name, define);
    scripts.set(key, text);
  }
  return text;
}

/** Bundles the PREBUILT scripts into dist/browser/ (run at prepare time, after the compile). */
export function writeBrowserScripts(): string[] {
  mkdirSync(prebuiltDir, { recursive: true });
  return PREBUILT.map((name) => {
    const file = prebuiltFile(name);
    writeFileSync(file, bundled(name, {}));
    return file;
  });
}
