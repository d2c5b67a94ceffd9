/**
 * The line reader of plain Markdown (src/parse/plain-markdown.ts) against remark-parse: whenever it
 * reads a text, the raw blocks must be the ones remark's tree gives; texts with other syntax it leaves.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root } from 'mdast';
import { blocksFromMdast } from '../src/parse/blocks.js';
import { parsePlainMarkdown } from '../src/parse/plain-markdown.js';

const remark = unified().use(remarkParse);
const remarkBlocks = (text: string) => blocksFromMdast(remark.parse(text) as Root, 'markdown');

/** Lines the line reader reads. */
const plainLines = [
  '', '', ' ', '   ', '# 城东图书馆新馆开放', '## 读书月 ', '###   藏书二十万册  ', '###### 六级', '#', '## ', '###',
  '- 新馆藏书二十万册', '- 开放时间 ', '- 第二条  ', '本报讯（记者 王晓明）新馆昨日开放。', '2023年2月1日 星期三  ',
  '第二行正文', '1986年10月', '3+3+2', '●第一个“3”', '\u3000\u3000全角缩进', '\u3000', '\u00a0', '正文\u3000', 'A02 城事',
  '12.5% 的增长', '1.5万册', '报道见 08 版 -', 'x # y', '!感叹', 'a | b', '~波浪', '电话:28891459', '>号在中间 > 也行',
];

/** Lines with other syntax: the reader must return null for a text holding any of them, or agree with remark. */
const syntaxLines = [
  '#标题', '####### 七级', '# 闭合 #', '# 尾#', '-', '- ', '-x', '- - -', '---', '===', '--', '1. 有序', '2) 有序', '10. 十',
  '> 引文', '    缩进代码', '  两格缩进', '\t制表', '**粗体**', '*斜*', '_下划线_', '![](a.jpg)', '[链接](b)', '<p>段</p>',
  '&amp;', 'a\\b', '`码`', '```', '~~~', '* 星号条目', '+ 加号条目', '- # 条目标题', '- 1. 嵌套', '- > 引', '[a]: http://x',
  '<http://x>', '-5℃',
];

const documents = (lines: string[]) => fc.array(fc.constantFrom(...lines), { maxLength: 30 }).map((ls) => ls.join('\n'));

describe('plain Markdown read line by line', () => {
  test('reads the texts it accepts exactly as remark-parse does', () => {
    let read = 0;
    fc.assert(
      fc.property(documents(plainLines), (text) => {
        const tree = parsePlainMarkdown(text);
        if (!tree) return;
        read++;
        expect(blocksFromMdast(tree, 'markdown')).toEqual(remarkBlocks(text));
      }),
      { numRuns: 1000 },
    );
    // Most such texts are read (only a text line right under an item is left to remark).
    expect(read).toBeGreaterThan(300);
  });

  test('texts mixing in other syntax: null, or the blocks remark-parse gives', () => {
    let left = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...plainLines) }, { weight: 1, arbitrary: fc.constantFrom(...syntaxLines) }), { maxLength: 30 }), (ls) => {
        const text = ls.join('\n');
        const tree = parsePlainMarkdown(text);
        if (!tree) {
          left++;
          return;
        }
        expect(blocksFromMdast(tree, 'markdown')).toEqual(remarkBlocks(text));
      }),
      { numRuns: 1000 },
    );
    expect(left).toBeGreaterThan(100);
  });

  test('every line of other syntax is left to remark-parse', () => {
    for (const line of syntaxLines) expect(parsePlainMarkdown(`正文\n\n${line}\n`), line).toBeNull();
  });

  test('a text line right under a list item is left to remark-parse (it continues the item)', () => {
    expect(parsePlainMarkdown('- 条目\n续行\n')).toBeNull();
    expect(parsePlainMarkdown('- 条目\n\n续行\n')).not.toBeNull();
  });
});
