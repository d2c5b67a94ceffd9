/**
 * The epaper command as a user meets it: outlines, JSON, diagnostics, exit codes, one-line errors.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/index.js';
import { Edition } from '../src/model/schema.js';
import { formatDiagnostic } from '../src/pipeline/report.js';
import { buildEdition, findEditions, lockOutput, recoverOutput, writeEdition } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template/index.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('epaper parse', () => {
  test('prints a readable outline', async () => {
    const r = await run('parse', 'samples/001-front-page');
    expect(r.code).toBe(0);
    expect(r.out).toContain('报头  株洲日报 · 2023-02-01 · 星期三 · 癸卯年正月十一 · 第23203期 · 今日8版');
    expect(r.out).toContain('主题  强化项目硬支撑 提升作风软实力 深入推进“三个高地”建设');
    expect(r.out).toContain('转版  ▶下转 02版①');
  });
  test('--json prints the model, valid against the schema', async () => {
    const r = await run('parse', 'samples/004-special-report', '--json');
    expect(r.code).toBe(0);
    const model = Edition.parse(JSON.parse(r.out));
    expect(model.pages[0]!.articles[0]!.headline).toBe('精准发力 迈向具有株洲特色的现代化');
    expect(Object.keys(JSON.parse(r.out))).toEqual(['id', 'paper', 'date', 'lang', 'pages', 'links', 'diagnostics']);
  });
  test('a folder of edition folders gives one model per edition', async () => {
    const r = await run('parse', 'samples', '--json');
    expect(JSON.parse(r.out)).toHaveLength(5);
  });
});

describe('epaper check', () => {
  test('warnings as file:line:col severity message rule, exit 0', async () => {
    const r = await run('check', 'samples/001-front-page');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^samples\/001-front-page\/01\.md:79:1 warning .* doubled-character$/m);
    expect(r.out).toMatch(/0 error\(s\), 5 warning\(s\) in 1 edition\(s\)$/);
  });
  test('an error in a document exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epaper-'));
    writeFileSync(join(dir, 'empty.md'), '');
    const r = await run('check', join(dir, 'empty.md'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/empty\.md:1:1 error the document is empty/);
  });
});

describe('bad input: one clear line, exit 2', () => {
  test('missing file', async () => {
    const r = await run('parse', 'no/such/file.md');
    expect(r).toMatchObject({ code: 2, err: 'epaper: no/such/file.md: no such file or folder' });
  });
  test('a folder with no documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epaper-'));
    mkdirSync(join(dir, 'images'));
    const r = await run('parse', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no documents here/);
  });
  test('a binary file', async () => {
    const r = await run('parse', 'test/fixtures/encodings/binary.md');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/binary file/);
    expect(r.err.split('\n')).toHaveLength(1);
  });
  test('unknown command and unknown option', async () => {
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('parse', '--nope')).code).toBe(2);
  });
});

describe('the installed command', () => {
  test('epaper --help and start work through bin/epaper.js', () => {
    const help = execFileSync(process.execPath, ['bin/epaper.js', '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/epaper parse <file\|folder>/);
    const start = spawnSync(process.execPath, ['bin/epaper.js', 'start', '--no-serve', '--out', mkdtempSync(join(tmpdir(), 'epaper-start-'))], { encoding: 'utf8', timeout: 120_000 });
    expect(start.status).toBe(0);
    expect(start.stdout).toContain('001-front-page');
  });
  test('a missing file through the binary: exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, ['bin/epaper.js', 'check', 'nope.md'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('epaper: nope.md: no such file or folder');
  });
});

describe('the diagnostic line', () => {
  test('names the page and article from the diagnostic fields, and nothing from the message text', () => {
    const base = { file: 'a.md', line: 3, column: 2, severity: 'warning' as const, rule: 'orphan', message: 'a lone character (article p9-a9, page 9)' };
    expect(formatDiagnostic(base)).toBe('a.md:3:2 warning a lone character (article p9-a9, page 9) orphan');
    expect(formatDiagnostic({ ...base, page: 2, article: 'p2-a1' })).toBe('a.md:3:2 warning a lone character (article p9-a9, page 9) orphan · page 2, article p2-a1');
    expect(formatDiagnostic({ ...base, line: null, column: null, page: 4, article: null })).toBe('a.md:1:1 warning a lone character (article p9-a9, page 9) orphan · page 4');
  });
});

describe('test scratch folders', () => {
  test('the system temp folder of a test run is one scratch folder, removed after the run', () => {
    expect(tmpdir()).toMatch(/test-run-of-epaper-[^/]*$/);
  });
});

describe('writing editions into an output folder', () => {
  const fixture = 'test/fixtures/editions/two-pages';
  const scratch = () => mkdtempSync(join(tmpdir(), 'epaper-out-'));

  /** The edition folder is complete: its manifest parses and every file it lists has its checksum. */
  function complete(dir: string): boolean {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { pages: { pdf: { file: string; sha256: string } | null }[] };
      JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8'));
      return manifest.pages.length > 0 && manifest.pages.every((p) => p.pdf && createHash('sha256').update(readFileSync(join(dir, p.pdf.file))).digest('hex') === p.pdf.sha256);
    } catch {
      return false;
    }
  }

  /** What OUT holds: edition names, plus anything that is not an edition's linked version. */
  function entries(out: string): string[] {
    const names = readdirSync(out);
    const linked = new Set(names.filter((n) => !n.startsWith('.')).map((n) => readlinkSync(join(out, n))));
    return names.filter((n) => !linked.has(n)).sort();
  }

  test('each edition is a link to its one complete version, replaced at every build', async () => {
    const out = scratch();
    expect((await run('build', fixture, '--out', out, '--pdf-profile', 'none')).code).toBe(0);
    const first = readlinkSync(join(out, 'two-pages'));
    expect(first).toMatch(/^\.two-pages\.v-\d+-[0-9a-f]+$/);
    expect((await run('build', fixture, '--out', out, '--pdf-profile', 'none', '--force')).code).toBe(0);
    expect(readlinkSync(join(out, 'two-pages'))).not.toBe(first);
    expect(entries(out)).toEqual(['two-pages']);
    expect(complete(join(out, 'two-pages'))).toBe(true);
  });

  test('what a build that died left is removed, and an edition of an earlier layout moved aside is put back', async () => {
    const out = scratch();
    expect((await run('build', fixture, '--out', out, '--pdf-profile', 'none')).code).toBe(0);
    // An edition written as a plain folder (as earlier versions did), moved aside just before its first link.
    const version = readlinkSync(join(out, 'two-pages'));
    rmSync(join(out, 'two-pages'));
    renameSync(join(out, version), join(out, '.two-pages.old-999999-abcdef'));
    mkdirSync(join(out, '.two-pages.v-999999-012345', 'pdf'), { recursive: true });
    writeFileSync(join(out, '.two-pages.v-999999-012345', 'edition.json'), '{"half":');
    symlinkSync('.two-pages.v-999999-012345', join(out, '.two-pages.link-999999-012345'));
    mkdirSync(join(out, '.other.tmp-4242'));
    const release = await lockOutput(out);
    const done = recoverOutput(out);
    release();
    expect(done.restored).toEqual(['two-pages']);
    expect(done.removed.sort()).toEqual(['.other.tmp-4242', '.two-pages.link-999999-012345', '.two-pages.v-999999-012345']);
    expect(readdirSync(out)).toEqual(['two-pages']);
    expect(complete(join(out, 'two-pages'))).toBe(true);
    // The next build replaces the plain folder with a link to a new version.
    expect((await run('build', fixture, '--out', out, '--pdf-profile', 'none', '--force')).code).toBe(0);
    expect(lstatSync(join(out, 'two-pages')).isSymbolicLink()).toBe(true);
    expect(entries(out)).toEqual(['two-pages']);
    expect(complete(join(out, 'two-pages'))).toBe(true);
  });

  test('two builds into one --out take turns; both finish and leave one complete edition', async () => {
    const out = scratch();
    const [a, b] = await Promise.all([run('build', fixture, '--out', out, '--pdf-profile', 'none'), run('build', fixture, '--out', out, '--pdf-profile', 'none')]);
    expect([a.code, b.code, a.err, b.err]).toEqual([0, 0, '', '']);
    expect(entries(out)).toEqual(['two-pages']);
    expect(complete(join(out, 'two-pages'))).toBe(true);
  });

  test('a build that cannot get the lock from a live build fails with a clear message; a dead holder’s lock is taken over', async () => {
    const out = scratch();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, '.epaper.lock'), String(holder.pid));
      const [source] = findEditions([fixture]);
      const built = await buildEdition(source!, loadTemplate('broadsheet'), { editionPdf: false });
      await expect(writeEdition(out, built, { lockWaitMs: 300 })).rejects.toThrow(
        new RegExp(`another epaper build \\(process ${holder.pid}\\) is writing into this folder; wait for it to finish or build into another --out`),
      );
      expect(readdirSync(out)).toEqual(['.epaper.lock']);
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
      expect(await writeEdition(out, built, { lockWaitMs: 300 })).toBe(join(out, 'two-pages'));
      expect(entries(out)).toEqual(['two-pages']);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('kill -9 at random moments of a build: the edition is always the old one or the new one, complete', async () => {
    const out = scratch();
    expect((await run('build', fixture, '--out', out, '--pdf-profile', 'none')).code).toBe(0);
    let seed = 20240315;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5; i++) {
      const child = spawn(process.execPath, ['bin/epaper.js', 'build', fixture, '--out', out, '--pdf-profile', 'none', '--force'], { stdio: 'ignore' });
      // Listen from the start: a build that ends before the kill has already exited.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 300 + random() * 2500));
      child.kill('SIGKILL');
      await exited;
      expect(readdirSync(out).filter((n) => !n.startsWith('.')), `kill ${i}`).toEqual(['two-pages']);
      expect(complete(join(out, 'two-pages')), `kill ${i}`).toBe(true);
    }
  }, 120_000);
});
