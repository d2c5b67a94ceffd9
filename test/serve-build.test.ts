/**
 * `epaper serve <build-dir>` starts from the manifests the build wrote: no web font is made while it
 * starts; each font named in a manifest is made on its first request, kept under that name in the
 * cache, and a later start sends that file without making it again.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/index.js';
import { serve } from '../src/server/index.js';
import { subsetStats } from '../src/render/fonts-web.js';

const quiet = { out: () => {}, err: () => {} };

describe('serving a build folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'epaper-serve-build-'));
  const out = join(root, 'out');
  const cache = join(root, 'cache');
  let listed: { role: string; file: string; text: string }[] = [];

  beforeAll(async () => {
    const errors: string[] = [];
    const code = await main(['build', 'test/fixtures/editions/two-pages', '--out', out, '--pdf-profile', 'none', '--no-page-pdfs'], { out: () => {}, err: (s) => errors.push(s) });
    expect(code, errors.join('\n')).toBe(0);
    listed = JSON.parse(readFileSync(join(out, 'two-pages', 'manifest.json'), 'utf8')).webFonts;
  }, 120_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('the manifest names the web fonts per role, by content hash, with their characters', () => {
    expect(listed.map((f) => f.role)).toEqual(expect.arrayContaining(['serif', 'sans']));
    for (const f of listed) {
      expect(f.file).toMatch(/^ep-[a-z0-9-]+\.[0-9a-f]{16}\.woff2$/);
      expect(f.text.length).toBeGreaterThan(0);
    }
    const serif = listed.find((f) => f.role === 'serif')!;
    expect(serif.text).toContain('图');
  });

  test('a start makes no font; the first request makes it into the cache, the next start sends that file', async () => {
    const before = subsetStats.made;
    const first = await serve([out], { port: 0, out: cache, signals: false, io: quiet });
    const serif = listed.find((f) => f.role === 'serif')!;
    try {
      expect(subsetStats.made).toBe(before);
      const viewer = await (await fetch(`${first.url}e/two-pages/`)).text();
      const css = viewer.match(/\/assets\/fonts-[0-9a-f]+\.css/)?.[0];
      expect(css).toBeTruthy();
      const faces = await (await fetch(first.url.replace(/\/$/, '') + css)).text();
      for (const f of listed) expect(faces).toContain(`/fonts/${f.file}`);
      expect(subsetStats.made).toBe(before);
      const font = await fetch(`${first.url}fonts/${serif.file}`);
      expect(font.status).toBe(200);
      expect(Buffer.from(await font.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(subsetStats.made).toBe(before + 1);
      expect(existsSync(join(cache, 'web', 'fonts', serif.file))).toBe(true);
    } finally {
      await first.close();
    }
    const second = await serve([out], { port: 0, out: cache, signals: false, io: quiet });
    try {
      const font = await fetch(`${second.url}fonts/${serif.file}`);
      expect(Buffer.from(await font.arrayBuffer()).equals(readFileSync(join(cache, 'web', 'fonts', serif.file)))).toBe(true);
      expect(subsetStats.made).toBe(before + 1);
    } finally {
      await second.close();
    }
  });
});
