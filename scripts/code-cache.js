#!/usr/bin/env node
// Makes dist/epaper.cjs.cache, the V8 code cache of the CLI bundle. The bundle is compiled and then
// exercised on a sample edition (help, parse, check, build into a temporary folder) before the cache is
// taken, so that the cache holds the compiled code of everything those commands run and V8 does not
// compile it again in each process. Run by scripts/bundle.js, in a process of its own.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFile, cacheFile, compileBundle, root, runBundle } from '../bin/bundle.js';

const script = compileBundle(readFileSync(bundleFile, 'utf8'));
const cli = runBundle(script);
const quiet = { out: () => {}, err: () => {} };

/** The smallest sample edition folder, so that the warm-up stays short. */
function sampleEdition() {
  const samples = join(root, 'samples');
  if (!existsSync(samples)) return null;
  const dirs = readdirSync(samples, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(samples, d.name));
  return dirs.find((d) => d.endsWith('001-front-page')) ?? dirs[0] ?? null;
}

const sample = sampleEdition();
await cli.main(['--help'], quiet);
await cli.main(['--version'], quiet);
if (sample) {
  const out = mkdtempSync(join(tmpdir(), 'epaper-code-cache-'));
  try {
    await cli.main(['parse', sample], quiet);
    await cli.main(['parse', sample, '--json'], quiet);
    await cli.main(['check', sample], quiet);
    await cli.main(['build', sample, '--out', out, '--alto'], quiet);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
writeFileSync(cacheFile, script.createCachedData());
