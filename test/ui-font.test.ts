/**
 * The interface font's text: every Chinese character the server's HTML templates write (the viewer,
 * the reader, the archive calendar, the export page), so that a machine without a Chinese system font
 * shows them whole.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { uiText } from '../src/server/ui-font.js';
import type { BuiltSite } from '../src/server/types.js';

const site = { editions: [] } as unknown as BuiltSite;
const text = new Set(uiText(site));

describe('the interface font', () => {
  test.each(['pages', 'app', 'labels', 'reader', 'archive-calendar', 'export'])('holds the Chinese characters of src/server/%s.ts', (name) => {
    const source = readFileSync(`src/server/${name}.ts`, 'utf8');
    const han = [...new Set(source.match(/\p{Script=Han}/gu) ?? [])];
    expect(han.length).toBeGreaterThan(0);
    expect(han.filter((ch) => !text.has(ch))).toEqual([]);
  });

  test('names the headline list 标题导航', () => {
    for (const ch of '标题导航') expect(text.has(ch)).toBe(true);
  });
});
