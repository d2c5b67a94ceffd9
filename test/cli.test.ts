/**
 * The epaper command as a user meets it: outlines, JSON, diagnostics, exit codes, one-line errors.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/index.js';
import { Edition } from '../src/model/schema.js';

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
