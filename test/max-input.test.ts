/**
 * --max-input: a document larger than the limit is not read by parse, check, build or serve; the error
 * names the file, its size, the limit and what to do, and the exit status is 1.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/index.js';
import { DEFAULT_MAX_INPUT, parseByteSize } from '../src/pipeline/sources.js';

const scratch = mkdtempSync(join(tmpdir(), 'max-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** An edition of two pages: a small one and one of `bytes` bytes. */
function edition(name: string, bytes: number): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'p1.md'), '# 小标题\n\n一段不长的文字。\n');
  const line = '这是一段用来把文件撑大的文字，每一行都一样长。\n\n';
  writeFileSync(join(dir, 'p2.md'), `# 大文件\n\n${line.repeat(Math.ceil(bytes / Buffer.byteLength(line)))}`);
  return dir;
}

const message = /p2\.md: [\d.]+ KiB is more than the 8 KiB one document may have; split the document, or raise the limit with --max-input \(e\.g\. --max-input 1M\)/;

describe('--max-input', () => {
  const dir = edition('big', 12_000);

  for (const command of ['parse', 'check', 'serve'] as const) {
    test(`${command}: a document over the limit is an error naming it and the limit, exit 1`, async () => {
      const r = await run(command, dir, '--max-input', '8K', '--out', join(scratch, `cache-${command}`), '--port', '0');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  test('build: the edition fails unread (file:line error, rule max-input), nothing is written, exit 1', async () => {
    const out = join(scratch, 'out');
    const r = await run('build', dir, '--out', out, '--max-input', '8K', '--pdf-profile', 'none');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`p2\\.md:1:1 error ${message.source.replace(/^p2\\\.md: /, '')} max-input`));
    expect(existsSync(join(out, 'big'))).toBe(false);
  });

  test('under the limit, and at the default, the same edition is read', async () => {
    expect((await run('parse', dir, '--max-input', '64K')).code).toBe(0);
    expect((await run('check', dir)).code).toBe(0);
    expect(DEFAULT_MAX_INPUT).toBe(16 * 1024 * 1024);
  });

  test('sizes: bytes, K, M, G (binary); anything else is a usage error, exit 2', async () => {
    expect([parseByteSize('300'), parseByteSize('8K'), parseByteSize('1.5M'), parseByteSize('2GiB'), parseByteSize('64mb')]).toEqual([300, 8192, 1572864, 2 * 1024 ** 3, 64 * 1024 ** 2]);
    for (const bad of ['', 'x', '-1', '0', '5T']) expect(parseByteSize(bad), bad).toBeNull();
    const r = await run('parse', dir, '--max-input', 'lots');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--max-input wants a size in bytes, or with K, M or G \(e\.g\. 64M; got "lots"\)/);
  });
});
