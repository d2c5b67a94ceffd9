/**
 * The real documents of ../shared/corpus: per document, the facts read off it by hand (paper, date,
 * page code and section, headlines with kicker and deck, authors, paragraph counts, photos with
 * credits, jumps, chrome absent), and a valid model with an outline for each.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEdition } from '../src/parse/edition.js';
import { Edition as EditionSchema } from '../src/model/schema.js';
import { outline } from '../src/cli/outline.js';
import { CORPUS } from './fixtures/readers/corpus-facts.js';
import { checkFact } from './fixtures/readers/facts.js';
import { corpusDir } from './readers/helpers.js';

const dir = corpusDir();
const load = (path: string) => {
  const full = join(dir, path);
  const files = statSync(full).isDirectory() ? readdirSync(full).sort().map((f) => join(full, f)) : [full];
  return parseEdition(path, files.map((f) => ({ path: f, bytes: readFileSync(f) })));
};

describe.each(CORPUS)('$path ($family)', ({ path, facts }) => {
  const e = load(path);
  test('valid model, readable outline', () => {
    expect(() => EditionSchema.parse(JSON.parse(JSON.stringify(e)))).not.toThrow();
    const text = outline(e);
    expect(text.split('\n').length).toBeGreaterThan(2);
    expect(text).not.toContain('undefined');
  });
  test.each(facts.map((f) => [JSON.stringify(f), f] as const))('%s', (_name, fact) => {
    expect(checkFact(e, fact as unknown[])).toBe(true);
  });
});

test('the fact checker can fail', () => {
  const e = load('rmrb-1996-10-26-p7.txt');
  expect(checkFact(e, ['paper', '解放军报'])).toBe(false);
  expect(checkFact(e, ['headline', '不存在的标题'])).toBe(false);
  expect(checkFact(e, ['absent', '锡林郭勒'])).toBe(false);
});
