/**
 * The real documents of ../shared/corpus laid out on both templates, short pages on their smaller
 * formats: every box on its page, no two modules overlapping, no drawn line over a photo (a photo
 * spanning columns once stood over the next column's text), and no body line breaking 禁则 or left
 * with a single character (孤字).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEdition } from '../src/parse/edition.js';
import { layoutEdition } from '../src/layout/index.js';
import { loadFontSet } from '../src/layout/fonts/index.js';
import { loadTemplate } from '../src/layout/template/index.js';
import { kinsokuViolations } from '../src/layout/text/index.js';
import type { FrameBox, FramePage } from '../src/layout/types.js';
import { corpusDir } from './readers/helpers.js';

const dir = corpusDir();
const fonts = loadFontSet();
const documents = readdirSync(dir).filter((f) => f !== 'README.md').sort();

function parse(name: string) {
  const full = join(dir, name);
  const files = statSync(full).isDirectory() ? readdirSync(full).sort().map((f) => join(full, f)) : [full];
  return parseEdition(name, files.map((f) => ({ path: f, bytes: readFileSync(f) })));
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5;
}

/** What is wrong on a page: boxes off it, modules over each other, lines over photos. */
function problems(p: FramePage): string[] {
  const out: string[] = [];
  for (const b of p.boxes) if (b.x < -0.01 || b.y < -0.01 || b.x + b.width > p.width + 0.01 || b.y + b.height > p.height + 0.01) out.push(`${b.kind}/${b.article} off the page`);
  const modules = p.boxes.filter((b) => b.kind === 'article');
  for (let i = 0; i < modules.length; i++) for (let j = i + 1; j < modules.length; j++) if (overlap(modules[i]!, modules[j]!)) out.push(`${modules[i]!.article} × ${modules[j]!.article}`);
  const photos = p.boxes.filter((b): b is FrameBox => b.kind === 'photo');
  for (const line of p.boxes.flatMap((b) => b.lines)) {
    const box = { x: line.x, y: line.y - line.size * 0.88, width: line.width, height: line.size };
    for (const ph of photos) if (overlap(ph, box)) out.push(`"${line.text.slice(0, 16)}" over a photo of ${ph.article}`);
  }
  return out;
}

for (const name of ['broadsheet', 'tabloid']) {
  const template = loadTemplate(name);
  describe(`corpus on the ${name}`, () => {
    test.each(documents)('%s: boxes on the page, no overlaps, no line over a photo; no line breaking 禁则, no 孤字', (doc) => {
      const pages = layoutEdition(parse(doc), template, fonts, { formats: true }).pages;
      expect(pages.length).toBeGreaterThan(0);
      expect(pages.flatMap((p) => problems(p).map((e) => `p${p.number}: ${e}`))).toEqual([]);
      const body = (p: FramePage) => p.boxes.flatMap((b) => b.lines).filter((l) => l.role === 'body').map((l) => l.text);
      expect(pages.map((p) => `p${p.number}: 禁则 ${kinsokuViolations(body(p)) + p.report.kinsokuViolations}, 孤字 ${p.report.orphans}`)).toEqual(pages.map((p) => `p${p.number}: 禁则 0, 孤字 0`));
    });
  });
}
