/**
 * The fast start: bin/epaper.js runs the CLI from dist/epaper.cjs through its V8 code cache, and falls
 * back to dist/ when the bundle is missing or out of date. Run against a copy of the package in a
 * temporary folder (its own bin/, scripts/, dist/; node_modules, fonts and layouts linked), so that
 * what is bundled, spoiled and deleted here is never the checkout's own dist/.
 */
import { spawnSync } from 'node:child_process';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error -- plain JavaScript module without declarations
import { isSmallJob, SMALL_JOB_DOCUMENTS } from '../bin/tier.js';

const repo = resolve(__dirname, '..');
const require = createRequire(import.meta.url);
let pkg = '';

function epaper(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(pkg, 'bin', 'epaper.js'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', EPAPER_DEBUG_BUNDLE: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const plain = (args: string[]) => epaper(args, { EPAPER_NO_BUNDLE: '1' });

/** Every file under dir (hidden edition versions reached through their links), by path relative to it, with its bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).filter((n) => !n.startsWith('.'))) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist', 'cli', 'index.js'))) throw new Error('dist/ is missing: run npx tsc -p tsconfig.build.json first');
  pkg = mkdtempSync(join(tmpdir(), 'epaper-startup-'));
  for (const dir of ['bin', 'scripts', 'dist']) cpSync(join(repo, dir), join(pkg, dir), { recursive: true });
  for (const f of ['epaper.cjs', 'epaper.cjs.cache', 'epaper.cjs.json']) rmSync(join(pkg, 'dist', f), { force: true });
  cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
  for (const dir of ['node_modules', 'fonts', 'layouts']) symlinkSync(join(repo, dir), join(pkg, dir));
  const made = spawnSync(process.execPath, [join(pkg, 'scripts', 'bundle.js')], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`scripts/bundle.js failed: ${made.stderr}`);
}, 180_000);

afterAll(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  test('is used when it is current', () => {
    const r = epaper(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
    expect(r.err).toContain('epaper: using the bundle and its code cache');
  });

  test('parse prints the same outline and JSON as dist/', () => {
    for (const args of [['parse', 'samples/001-front-page'], ['parse', 'samples/003-web-interview', '--json'], ['check', 'samples', '--all']]) {
      const fast = epaper(args);
      const slow = plain(args);
      expect(fast.err).toContain('using the bundle');
      expect(slow.err).not.toContain('using the bundle');
      expect(fast.code).toBe(slow.code);
      expect(fast.out.length).toBeGreaterThan(100);
      expect(fast.out).toBe(slow.out);
    }
  });

  test('build writes byte-identical PDFs, frames and ALTO', () => {
    const outs = [mkdtempSync(join(tmpdir(), 'epaper-fast-')), mkdtempSync(join(tmpdir(), 'epaper-plain-'))];
    try {
      const args = ['build', 'samples/001-front-page', 'test/fixtures/editions/two-pages', '--alto', '--out'];
      const fast = epaper([...args, outs[0]!]);
      const slow = plain([...args, outs[1]!]);
      expect([fast.code, slow.code]).toEqual([0, 0]);
      // A small job: V8 capped at its baseline tier, set after the code cache was accepted.
      expect(isSmallJob([...args, outs[0]!])).toBe(true);
      expect(fast.err).toContain('using the bundle and its code cache');
      const [a, b] = outs.map(files);
      expect([...a!.keys()].sort()).toEqual([...b!.keys()].sort());
      expect([...a!.keys()].filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(4);
      for (const [file, bytes] of a!) expect(bytes.equals(b!.get(file)!), file).toBe(true);
    } finally {
      for (const o of outs) rmSync(o, { recursive: true, force: true });
    }
  });
});

describe('falling back to dist/', () => {
  const record = () => join(pkg, 'dist', 'epaper.cjs.json');

  test('when a dist/ file changed since the bundle was made', () => {
    const file = join(pkg, 'dist', 'cli', 'outline.js');
    const before = readFileSync(file);
    try {
      writeFileSync(file, Buffer.concat([before, Buffer.from('\n// changed\n')]));
      const r = epaper(['parse', 'samples/001-front-page']);
      expect(r.code).toBe(0);
      expect(r.err).toContain('not using the bundle: dist/cli/outline.js changed');
      expect(r.out).toBe(plain(['parse', 'samples/001-front-page']).out);
    } finally {
      writeFileSync(file, before);
    }
    // Same bytes again (only the file time differs): the bundle is current again.
    expect(epaper(['--version']).err).toContain('using the bundle');
  });

  test('when the code cache or the bundle was replaced', () => {
    for (const name of ['epaper.cjs.cache', 'epaper.cjs']) {
      const file = join(pkg, 'dist', name);
      const before = readFileSync(file);
      try {
        writeFileSync(file, Buffer.concat([before.subarray(0, 1000), Buffer.from('garbage')]));
        const r = epaper(['--version']);
        expect(r.code).toBe(0);
        expect(r.err).toContain(`not using the bundle: dist/${name} changed`);
      } finally {
        writeFileSync(file, before);
      }
    }
  });

  test('when it was made for another Node version', () => {
    const before = readFileSync(record(), 'utf8');
    try {
      const r0 = JSON.parse(before);
      writeFileSync(record(), JSON.stringify({ ...r0, runtime: { ...r0.runtime, node: 'v0.0.1' } }));
      const r = epaper(['--version']);
      expect(r.code).toBe(0);
      expect(r.err).toContain(`not using the bundle: node is ${process.version}, the bundle was made for v0.0.1`);
    } finally {
      writeFileSync(record(), before);
    }
  });

  test('--help works without the bundle', () => {
    const saved = ['epaper.cjs', 'epaper.cjs.cache', 'epaper.cjs.json'].map((f) => [f, readFileSync(join(pkg, 'dist', f))] as const);
    try {
      for (const [f] of saved) rmSync(join(pkg, 'dist', f));
      const r = epaper(['--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage:');
      expect(r.err).not.toContain('using the bundle');
    } finally {
      for (const [f, bytes] of saved) writeFileSync(join(pkg, 'dist', f), bytes);
    }
  });
});

describe('the V8 tier by job size', () => {
  test('parse, check and build of a few documents are small jobs; many documents and servers are not', () => {
    expect(isSmallJob(['build', 'samples/001-front-page', '--out', 'x'])).toBe(true);
    expect(isSmallJob(['parse', 'samples', '--json'])).toBe(true);
    expect(isSmallJob(['serve', 'samples/001-front-page'])).toBe(false);
    expect(isSmallJob(['--version'])).toBe(false);
    const many = mkdtempSync(join(tmpdir(), 'epaper-tier-'));
    try {
      for (let i = 0; i <= SMALL_JOB_DOCUMENTS; i++) writeFileSync(join(many, `${i}.md`), '# x\n');
      expect(isSmallJob(['build', many])).toBe(false);
      rmSync(join(many, '0.md'));
      expect(isSmallJob(['build', many])).toBe(true);
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });

  test('an archive of YYYY/MM/DD editions counts its documents at that depth', () => {
    const archive = mkdtempSync(join(tmpdir(), 'epaper-tier-'));
    try {
      for (let day = 1; day <= SMALL_JOB_DOCUMENTS + 1; day++) {
        const dir = join(archive, '2020', '01', String(day).padStart(2, '0'));
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, '01.md'), '# x\n');
      }
      expect(isSmallJob(['build', archive, '--out', 'x'])).toBe(false);
      rmSync(join(archive, '2020', '01', '01'), { recursive: true });
      expect(isSmallJob(['build', archive, '--out', 'x'])).toBe(true);
    } finally {
      rmSync(archive, { recursive: true, force: true });
    }
  });

  test('the output does not depend on the tier', () => {
    const outs = [mkdtempSync(join(tmpdir(), 'epaper-tier-a-')), mkdtempSync(join(tmpdir(), 'epaper-tier-b-'))];
    try {
      const args = ['build', 'samples/002-inner-page', '--out'];
      expect(epaper([...args, outs[0]!]).code).toBe(0);
      expect(epaper([...args, outs[1]!], { EPAPER_V8_TIER: 'full' }).code).toBe(0);
      const [a, b] = outs.map(files);
      expect(a!.size).toBeGreaterThan(1);
      for (const [file, bytes] of a!) expect(bytes.equals(b!.get(file)!), file).toBe(true);
    } finally {
      for (const o of outs) rmSync(o, { recursive: true, force: true });
    }
  });
});

describe('the zlib stand-in for tiny-inflate', () => {
  const shim = require('../scripts/shims/tiny-inflate.cjs') as (src: Uint8Array, dest: Uint8Array) => Uint8Array;
  const tiny = require('tiny-inflate') as (src: Uint8Array, dest: Uint8Array) => Uint8Array;

  test('inflates exactly what tiny-inflate inflates', () => {
    const text = Buffer.from(readFileSync(join(repo, 'samples', '001-front-page', readdirSync(join(repo, 'samples', '001-front-page'))[0]!)));
    const noise = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24));
    for (const data of [text, noise, Buffer.concat([text, noise, text])]) {
      const packed = deflateRawSync(data);
      const a = shim(packed, new Uint8Array(data.length));
      const b = tiny(packed, new Uint8Array(data.length));
      expect(Buffer.from(a).equals(data)).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      // A larger buffer than needed comes back cut to the inflated length, as from tiny-inflate.
      expect(shim(packed, new Uint8Array(data.length + 10)).length).toBe(tiny(packed, new Uint8Array(data.length + 10)).length);
    }
    expect(inflateRawSync(deflateRawSync(text)).equals(text)).toBe(true);
  });
});
