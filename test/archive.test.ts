/**
 * Archive builds: editions found in any folder layout, built in parallel, unchanged ones skipped by
 * their content hashes, removed sources removing their output, a failing edition stopping nothing else.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/index.js';
import { discoverArchive } from '../src/pipeline/discover.js';
import { editionLine, summaryLines, wantsBar } from '../src/cli/archive.js';

const scratch = mkdtempSync(join(tmpdir(), 'archive-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fixture = 'test/fixtures/editions/two-pages';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every file of the editions under dir (links to versions followed): relative path → bytes and modification time. */
function files(dir: string): Map<string, { bytes: Buffer; mtime: number }> {
  const found = new Map<string, { bytes: Buffer; mtime: number }>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (d === dir && e.name.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else found.set(relative(dir, p), { bytes: readFileSync(p), mtime: statSync(p).mtimeMs });
    }
  };
  walk(dir);
  return found;
}

/** The editions in OUT (not their hidden versions). */
const editions = (out: string) => readdirSync(out).filter((n) => !n.startsWith('.')).sort();

/** A YYYY/MM/DD archive of `n` copies of the two-page fixture. */
function dayTree(name: string, days: string[]): string {
  const root = join(scratch, name);
  for (const day of days) cpSync(fixture, join(root, ...day.split('-')), { recursive: true });
  return root;
}

describe('finding editions', () => {
  test('a YYYY/MM/DD tree: one edition per day folder, named by its date', () => {
    const root = dayTree('days', ['2023-02-01', '2023-02-02', '2023-03-01']);
    mkdirSync(join(root, '2023', 'empty'), { recursive: true });
    const found = discoverArchive([root]);
    expect(found.map((e) => e.id)).toEqual(['2023-02-01', '2023-02-02', '2023-03-01']);
    expect(found[0]!.files.map((f) => relative(root, f))).toEqual(['2023/02/01/p1.md', '2023/02/01/p2.md']);
  });
  test('a folder of editions and a folder of pages are found as before', () => {
    expect(discoverArchive(['samples']).map((e) => e.id)).toEqual(['000-jekyll-post', '001-front-page', '002-inner-page', '003-web-interview', '004-special-report']);
    expect(discoverArchive([fixture]).map((e) => [e.id, e.files.length])).toEqual([['two-pages', 2]]);
  });
  test('a folder without documents is a usage error', async () => {
    const empty = join(scratch, 'nothing');
    mkdirSync(join(empty, 'a'), { recursive: true });
    const r = await run('build', empty, '--out', join(scratch, 'nothing-out'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nothing: no documents here/);
  });
});

describe('incremental archive builds', () => {
  const root = dayTree('incremental', ['2024-01-01', '2024-01-02', '2024-01-03']);
  const out = join(scratch, 'incremental-out');
  const ids = ['2024-01-01', '2024-01-02', '2024-01-03'];

  test('first build: every edition built (on worker threads), manifests carry the content hashes', async () => {
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none', '--jobs', '2');
    expect(r.code, r.err).toBe(0);
    expect(editions(out)).toEqual(ids);
    expect(r.out).toMatch(/^3 edition\(s\) built \(6 page\(s\)\), 0 unchanged, 0 removed, 0 failed/m);
    const manifest = JSON.parse(readFileSync(join(out, '2024-01-02', 'manifest.json'), 'utf8'));
    expect(manifest.inputs.key).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(manifest.inputs.sources)).toEqual(['p1.md', 'p2.md']);
    expect(manifest.inputs.archive).toBe(root);
  });

  test('nothing changed: nothing built, every file left as it was', async () => {
    const before = files(out);
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 edition\(s\) built \(0 page\(s\)\), 3 unchanged/);
    expect(files(out)).toEqual(before);
  });

  test('one source touched: only its edition rebuilt, the others byte-identical and untouched', async () => {
    const before = files(out);
    appendFileSync(join(root, '2024', '01', '02', 'p2.md'), '\n追加的一段文字，用来检查增量构建。\n');
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/1 edition\(s\) built \(2 page\(s\)\), 2 unchanged/);
    expect(r.out).toMatch(/built 2024-01-02/);
    const after = files(out);
    for (const [file, f] of before) {
      if (file.startsWith('2024-01-02/')) continue;
      expect(after.get(file), file).toEqual(f);
    }
    expect(after.get('2024-01-02/edition.json')!.bytes.includes(Buffer.from('用来检查增量构建'))).toBe(true);
  });

  test('--force builds every edition again', async () => {
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none', '--force', '--jobs', '1');
    expect(r.out).toMatch(/3 edition\(s\) built/);
  });

  test('a removed edition folder removes its output, and only output built from this archive', async () => {
    const other = join(scratch, 'other-archive');
    cpSync(fixture, join(other, 'x'), { recursive: true });
    expect((await run('build', other, '--out', out, '--pdf-profile', 'none')).code).toBe(0);
    rmSync(join(root, '2024', '01', '03'), { recursive: true });
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/removed 2024-01-03/);
    expect(editions(out)).toEqual(['2024-01-01', '2024-01-02', 'x']);
    // Only the linked version of each edition is left.
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toHaveLength(3);
  });
});

describe('sizes', () => {
  test('--no-page-pdfs writes the edition PDF only; edition.json is written without indentation', async () => {
    const out = join(scratch, 'no-page-pdfs');
    const r = await run('build', fixture, '--out', out, '--pdf-profile', 'none', '--no-page-pdfs');
    expect(r.code, r.err).toBe(0);
    const dir = join(out, 'two-pages');
    expect(readdirSync(dir).sort()).toEqual(['edition.json', 'manifest.json', 'pdf', 'two-pages.pdf']);
    expect(readdirSync(join(dir, 'pdf'))).toEqual([]);
    expect(readFileSync(join(dir, 'two-pages.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.pages.map((p: { pdf: unknown }) => p.pdf)).toEqual([null, null]);
    const json = readFileSync(join(dir, 'edition.json'), 'utf8');
    expect(json).not.toMatch(/\n/);
    expect(JSON.parse(json).layout.pages).toHaveLength(2);
  });
});

describe('a failing edition among good ones', () => {
  test('the others are built, exit 1 at the end, the failure named with file:line, its last good output kept', async () => {
    const root = dayTree('failing', ['2024-05-01', '2024-05-02', '2024-05-03']);
    const out = join(scratch, 'failing-out');
    expect((await run('build', root, '--out', out, '--pdf-profile', 'none')).code).toBe(0);
    const good = files(join(out, '2024-05-02'));
    const bad = join(root, '2024', '05', '02');
    writeFileSync(join(bad, 'p1.md'), '');
    appendFileSync(join(root, '2024', '05', '03', 'p1.md'), '\n又一段。\n');
    const r = await run('build', root, '--out', out, '--pdf-profile', 'none', '--jobs', '2');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 edition\(s\) built \(2 page\(s\)\), 1 unchanged, 0 removed, 1 failed/);
    expect(r.out).toMatch(/failed 2024-05-02:\n {2}.*2024\/05\/02\/p1\.md:1:1 error the document is empty/);
    expect(r.err).toMatch(/p1\.md:1:1 error the document is empty/);
    expect(files(join(out, '2024-05-02'))).toEqual(good);
    expect(readFileSync(join(out, '2024-05-03', 'edition.json'), 'utf8')).toContain('又一段');
  });
});

describe('what the terminal shows', () => {
  test('a bar only on a terminal outside CI', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    expect(wantsBar(tty, {})).toBe(true);
    expect(wantsBar(tty, { CI: 'true' })).toBe(false);
    expect(wantsBar({ isTTY: false } as NodeJS.WriteStream, {})).toBe(false);
  });
  test('lines per edition and the summary', () => {
    const failed = { id: 'b', status: 'failed' as const, pages: 2, documents: 2, ms: 5, errors: ['b/p1.md:3:1 error bad thing rule'] };
    expect(editionLine(failed, 2, 3)).toBe('[2/3] failed b: 1 error(s), its last good output kept');
    const lines = summaryLines([{ id: 'a', status: 'built', pages: 4, documents: 4, ms: 5, errors: [] }, failed], 2000);
    expect(lines).toEqual(['1 edition(s) built (4 page(s)), 0 unchanged, 0 removed, 1 failed in 2.0 s, 2.0 pages/s', 'failed b:', '  b/p1.md:3:1 error bad thing rule']);
  });
});
