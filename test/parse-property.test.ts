/**
 * Random and mutated documents: the parser never throws, always returns a model that validates, and
 * reports problems as diagnostics.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { parseEdition, InputError } from '../src/parse/edition.js';
import { Edition } from '../src/model/schema.js';

const seeds = readdirSync('samples')
  .filter((d) => !d.endsWith('.md'))
  .flatMap((d) => readdirSync(`samples/${d}`).map((f) => readFileSync(`samples/${d}/${f}`)));

const pieces = [
  '# ', '## ', '### ', '#### ', '\n', '\n\n', '\n\n\n\n', '  \n', '---\n', 'title: x\n', '<p>', '</p>', '<rt id="a"></rt>',
  '<script>x</script>', '●', '- ', '1. ', '**', '本报讯（记者 王晓明）', '株洲日报讯(全媒体记者/罗欣) ', '▶下转 02版①', '▲上接01版①',
  '报道见 08 版', '（下转第2版）', '图/新华社', '通讯员/黄永强 摄', '本版制图/左骏', '导读', '2023年2月1日 星期三', '第23203期',
  '今日8版', 'CN 43-0005', '电话:28891459', '责任编辑:盛荣', '城东图书馆新馆开放', '。', '，', '“', '”', '（', '）', '?!', '\uE48B',
  '\uFFFD', '——特别报道', '3+3+2', 'Latin words 12.5%', '来源:江城网 | 编辑:王五', '下載APP', '返回首页', '   ', '\t', '\r\n',
];

const check = (bytes: Uint8Array) => {
  let edition;
  try {
    edition = parseEdition('prop', [{ path: 'prop.md', bytes }]);
  } catch (error) {
    // The only refusal allowed is a clear input error (binary files).
    expect(error).toBeInstanceOf(InputError);
    return;
  }
  expect(() => Edition.parse(JSON.parse(JSON.stringify(edition)))).not.toThrow();
  for (const d of edition.diagnostics) {
    expect(d.file).toBe('prop.md');
    expect(typeof d.rule).toBe('string');
    expect(['error', 'warning', 'info']).toContain(d.severity);
  }
};

test('documents built from newspaper pieces', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => check(Buffer.from(parts.join('')))),
    { numRuns: 300 },
  );
});

test('random unicode text', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => check(Buffer.from(s))), { numRuns: 300 });
});

test('random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => check(b)), { numRuns: 300 });
});

test('mutated seeds: bytes deleted, duplicated and flipped', () => {
  fc.assert(
    fc.property(
      fc.nat(seeds.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.nat(50), fc.constantFrom('delete', 'dup', 'flip')), { minLength: 1, maxLength: 8 }),
      (which, edits) => {
        let b = Buffer.from(seeds[which]!);
        for (const [at, len, op] of edits) {
          const i = at % Math.max(1, b.length);
          if (op === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + len)]);
          else if (op === 'dup') b = Buffer.concat([b.subarray(0, i + len), b.subarray(i, i + len), b.subarray(i + len)]);
          else if (b.length > 0) b[i] = b[i]! ^ 0xa5;
        }
        check(b);
      },
    ),
    { numRuns: 150 },
  );
});
