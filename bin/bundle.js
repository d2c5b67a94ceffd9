// The fast way in: dist/epaper.cjs (the whole CLI in one minified CommonJS file, made at prepare time by
// scripts/bundle.js) compiled through its V8 code cache. loadBundle() returns the CLI module, or null
// when the bundle, its cache or its record is missing or does not match what is installed now (another
// Node version, a dist/ file or dependency changed since), so that bin/epaper.js imports dist/ instead.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bundleFile = join(root, 'dist', 'epaper.cjs');
export const cacheFile = `${bundleFile}.cache`;
export const recordFile = `${bundleFile}.json`;

/** What a bundle was made from and for: compared field by field with what is installed now. */
export function runtimeKey() {
  return { node: process.version, v8: process.versions.v8, platform: process.platform, arch: process.arch };
}

/** [size, mtime] of a file, or null when it is missing. */
export function fileStamp(file) {
  try {
    const s = statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

const sameStamp = (a, b) => a !== null && b !== null && a[0] === b[0] && a[1] === b[1];

/** SHA-1 of a file's bytes, or null when it cannot be read. */
export function fileHash(file) {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** Whether a file is as recorded: same size and time, or else (touched, copied) the same bytes. */
function unchanged(file, [size, mtime, hash]) {
  const now = fileStamp(file);
  if (sameStamp(now, [size, mtime])) return true;
  return now !== null && now[0] === size && fileHash(file) === hash;
}

/** Why the recorded bundle cannot be used now, or null when it can. */
export function staleReason(record) {
  const key = runtimeKey();
  for (const k of Object.keys(key)) if (record.runtime?.[k] !== key[k]) return `${k} is ${key[k]}, the bundle was made for ${record.runtime?.[k]}`;
  if (!sameStamp(fileStamp(bundleFile), record.bundle)) return 'dist/epaper.cjs changed';
  if (!sameStamp(fileStamp(cacheFile), record.cache)) return 'dist/epaper.cjs.cache changed';
  for (const [file, ...stamp] of record.inputs) if (!unchanged(join(root, file), stamp)) return `${file} changed`;
  return null;
}

/** The bundle as a function of the CommonJS module arguments, compiled with `cachedData` if given. */
export function compileBundle(source, cachedData) {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new Script(wrapped, { filename: bundleFile, cachedData });
}

/** Runs a compiled bundle and returns its exports. */
export function runBundle(script) {
  const module = { exports: {} };
  const fn = script.runInThisContext();
  fn.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  return module.exports;
}

/**
 * The CLI module from the bundle, or null (EPAPER_NO_BUNDLE=1 forces null). `afterCompile` runs once the
 * bundle is compiled with its code cache, before any of it runs.
 */
export function loadBundle(afterCompile = () => {}) {
  if (process.env.EPAPER_NO_BUNDLE === '1') return null;
  let record;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8'));
  } catch {
    return null;
  }
  const reason = staleReason(record);
  if (reason !== null) {
    if (process.env.EPAPER_DEBUG_BUNDLE === '1') process.stderr.write(`epaper: not using the bundle: ${reason}\n`);
    return null;
  }
  try {
    const script = compileBundle(readFileSync(bundleFile, 'utf8'), readFileSync(cacheFile));
    if (script.cachedDataRejected && process.env.EPAPER_DEBUG_BUNDLE === '1') process.stderr.write('epaper: V8 rejected the code cache\n');
    afterCompile();
    const cli = runBundle(script);
    if (typeof cli.main !== 'function') return null;
    if (process.env.EPAPER_DEBUG_BUNDLE === '1') process.stderr.write(`epaper: using the bundle${script.cachedDataRejected ? '' : ' and its code cache'}\n`);
    return cli;
  } catch (error) {
    if (process.env.EPAPER_DEBUG_BUNDLE === '1') process.stderr.write(`epaper: not using the bundle: ${error.message}\n`);
    return null;
  }
}
