#!/usr/bin/env node
// Prepare step after tsc: bundles dist/cli/index.js and what it imports into dist/epaper.cjs (one
// minified CommonJS file), then has scripts/code-cache.js make its V8 code cache, and records what the
// bundle was made from (dist/epaper.cjs.json) so that bin/epaper.js can tell when it is out of date.
//
// In the bundle:
// - every module keeps its own location: import.meta.url, __filename and __dirname are rewritten to the
//   module's original path (relative to the package root, resolved at run time), so files found next to
//   a module (layouts, fonts, pdfkit's data, the viewer script) are found as before;
// - dynamic import() becomes a lazily evaluated require, so a command loads only what it uses;
// - tiny-inflate is replaced by scripts/shims/tiny-inflate.cjs (zlib), and modules that build tables
//   when they load but serve rare paths (WOFF2's brotli decoder, AES for encrypted PDFs, the HTML
//   parser stack for Markdown and text sources) are evaluated on first use.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleFile, cacheFile, fileHash, fileStamp, recordFile, root, runtimeKey } from '../bin/bundle.js';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(root, 'dist', 'cli', 'index.js');

/** Packages not bundled: native code or WebAssembly (loaded by path at run time; the WOFF2 encoder,
 * wawoff2, is required by name when the first web font is made), and opencc-js, whose two megabytes of
 * dictionaries only the reader's 繁/简 conversion uses (every command would read them as part of the
 * bundle). */
const EXTERNAL = ['sharp', 'opencc-js', 'typescript', 'playwright-core', 'fsevents'];
/** Modules evaluated on first use instead of when their importer loads. */
const LAZY = ['brotli/decompress.js', '@noble/ciphers/aes'];
/** Files of the package evaluated on first use, by path: the HTML parser stack, for Markdown and text sources never load it. */
const LAZY_FILES = ['dist/parse/html.js'];

const banner = [
  'var __epaperRoot=require("path").join(__dirname,"..");',
  'var __epaperPath=function(r){return require("path").join(__epaperRoot,r)};',
  'var __epaperUrl=function(r){return require("url").pathToFileURL(__epaperPath(r)).href};',
].join('');

/** Rewrites import.meta.url, __filename and __dirname of a module to its original location. */
const ownLocation = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?js$/, namespace: 'file' }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const usesMeta = text.includes('import.meta.url');
      const usesFile = /\b__(file|dir)name\b/.test(text);
      if (!usesMeta && !usesFile) return undefined;
      const rel = relative(root, args.path).split('\\').join('/');
      if (usesMeta) text = text.split('import.meta.url').join(`__epaperUrl(${JSON.stringify(rel)})`);
      const decls = [];
      if (/\b__filename\b/.test(text) && !/(const|let|var)\s+__filename\b/.test(text)) decls.push(`__filename=__epaperPath(${JSON.stringify(rel)})`);
      if (/\b__dirname\b/.test(text) && !/(const|let|var)\s+__dirname\b/.test(text)) decls.push(`__dirname=__epaperPath(${JSON.stringify(dirname(rel))})`);
      if (decls.length) text = `var ${decls.join(',')};${text}`;
      return { contents: text, loader: 'js' };
    });
  },
};

/**
 * A module whose real code runs on first use: it exports, under the real module's names, functions that
 * require the real module (still bundled, evaluated lazily) when first called. Only modules whose
 * exports are all functions qualify; an import of anything else fails the bundle.
 */
async function lazyProxy(resolved, specifier) {
  const real = await import(pathToFileURL(resolved));
  const names = Object.keys(real).filter((k) => typeof real[k] === 'function');
  const load = `let real;const load=()=>(real??=require(${JSON.stringify(`real:${specifier}`)}));`;
  const exports = names.map((k) =>
    k === 'default'
      ? 'export default function(...a){const m=load();return(typeof m==="function"?m:m.default).apply(this,a)}'
      : `export function ${k}(...a){return load().${k}.apply(this,a)}`,
  );
  return load + exports.join(';');
}

/** tiny-inflate → zlib; LAZY modules → lazyProxy. */
const cheapLoading = {
  name: 'cheap-loading',
  setup(build) {
    build.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: join(here, 'shims', 'tiny-inflate.cjs') }));
    const lazy = new RegExp(`^(${LAZY.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: lazy }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      return { path: args.path, namespace: 'lazy', pluginData: { resolveDir: args.resolveDir, real: real.path } };
    });
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.real || args.namespace !== 'file') return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      if (!LAZY_FILES.includes(relative(root, real.path).split('\\').join('/'))) return undefined;
      const file = `./${real.path.split(/[\\/]/).pop()}`;
      return { path: real.path, namespace: 'lazy', pluginData: { resolveDir: dirname(real.path), real: real.path, specifier: file } };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, async (args) => ({
      contents: await lazyProxy(args.pluginData.real, args.pluginData.specifier ?? args.path),
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
    build.onResolve({ filter: /^real:/ }, (args) =>
      build.resolve(args.path.slice('real:'.length), { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } }),
    );
  },
};

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile: bundleFile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // EPAPER_BUNDLE_NAMES=1 keeps the identifiers, so that a CPU profile of the bundle names its functions.
  minifyIdentifiers: process.env.EPAPER_BUNDLE_NAMES !== '1',
  keepNames: true,
  legalComments: 'none',
  supported: { 'dynamic-import': false },
  external: EXTERNAL,
  banner: { js: banner },
  plugins: [cheapLoading, ownLocation],
  metafile: true,
  logLevel: 'error',
});

// What the bundle depends on: the dist/ and shim files it holds, and the package.json of every
// dependency it holds (a reinstalled or updated package changes its package.json).
const held = Object.keys(result.metafile.inputs).filter((p) => !p.includes(':'));
const packages = new Set(held.map((p) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1]).filter(Boolean).map((d) => `${d}/package.json`));
const inputs = held
  .filter((p) => !p.includes('node_modules/'))
  .concat([...packages].sort(), 'package.json')
  .map((p) => [p, ...(fileStamp(join(root, p)) ?? [-1, -1]), fileHash(join(root, p))]);

rmSync(cacheFile, { force: true });
const made = spawnSync(process.execPath, [join(here, 'code-cache.js')], { stdio: ['ignore', 'inherit', 'inherit'] });
if (made.status !== 0) {
  rmSync(recordFile, { force: true });
  console.error('scripts/bundle.js: the code cache could not be made; bin/epaper.js will use dist/ directly');
  process.exit(1);
}
const record = { runtime: runtimeKey(), bundle: fileStamp(bundleFile), cache: fileStamp(cacheFile), inputs };
writeFileSync(recordFile, JSON.stringify(record));
// The browser scripts, bundled now so that a server does not run esbuild as it starts.
const { writeBrowserScripts } = await import('../dist/server/browser-scripts.js');
const scripts = writeBrowserScripts();
const kb = (f) => ((fileStamp(f)?.[0] ?? 0) / 1024).toFixed(0);
console.log(`dist/epaper.cjs: ${kb(bundleFile)} KB, code cache ${kb(cacheFile)} KB, ${inputs.length} files watched; ${scripts.length} browser scripts in dist/browser/`);
