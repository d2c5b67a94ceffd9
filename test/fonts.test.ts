import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFontSet, manifestRoles, openedFontFiles } from '../src/layout/fonts/index.js';

const ZHONG = 0x4e2d; // 中
const TI_TRADITIONAL = 0x9ad4; // 體
const PRIVATE_USE = 0xe48b;

const EXPECTED_FILES: Record<string, string> = {
  serif: 'NotoSerifSC_400Regular.ttf',
  'serif-bold': 'NotoSerifSC_700Bold.ttf',
  'serif-black': 'NotoSerifSC_900Black.ttf',
  sans: 'NotoSansSC_400Regular.ttf',
  'sans-bold': 'NotoSansSC_700Bold.ttf',
  'sans-black': 'NotoSansSC_900Black.ttf',
};

const scratch = mkdtempSync(path.join(tmpdir(), 'epaper-fonts-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('font set', () => {
  // Runs first: nothing in this file has opened a font yet.
  it('opens a font only when its role is first used', () => {
    const fonts = loadFontSet();
    const blackFile = fonts.file('sans-black');
    const serifBlackFile = fonts.file('serif-black');
    expect(openedFontFiles()).not.toContain(blackFile);

    const metrics = fonts.metrics('sans-black');
    expect(openedFontFiles()).not.toContain(blackFile);

    expect(metrics.advance(ZHONG)).toBe(1);
    expect(openedFontFiles()).toContain(blackFile);
    expect(openedFontFiles()).not.toContain(serifBlackFile);
  });

  it('shares opened fonts between font sets of the same process', () => {
    const first = loadFontSet();
    const second = loadFontSet();
    expect(second.fontkit('serif')).toBe(first.fontkit('serif'));
  });

  it('maps the six manifest roles to existing Noto SC files', () => {
    const fonts = loadFontSet();
    expect(manifestRoles().sort()).toEqual(Object.keys(EXPECTED_FILES).sort());
    expect(fonts.roles().sort()).toEqual(Object.keys(EXPECTED_FILES).sort());
    for (const [role, name] of Object.entries(EXPECTED_FILES)) {
      const file = fonts.file(role);
      expect(path.isAbsolute(file)).toBe(true);
      expect(path.basename(file)).toBe(name);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(1_000_000);
    }
  });

  it('measures 中 as one em in every role and caches advances', () => {
    const fonts = loadFontSet();
    for (const role of fonts.roles()) {
      expect(fonts.metrics(role).advance(ZHONG)).toBe(1);
    }
    const serif = fonts.metrics('serif');
    expect(fonts.metrics('serif')).toBe(serif);
    // Latin letters are proportional and narrower than an ideograph.
    const a = serif.advance(0x61);
    expect(a).toBeGreaterThan(0.3);
    expect(a).toBeLessThan(0.8);
  });

  it('knows which code points the fonts cover', () => {
    const fonts = loadFontSet();
    for (const role of ['serif', 'sans-black']) {
      expect(fonts.hasGlyph(role, ZHONG)).toBe(true);
      expect(fonts.hasGlyph(role, TI_TRADITIONAL)).toBe(true);
      expect(fonts.hasGlyph(role, PRIVATE_USE)).toBe(false);
    }
  });

  it('reports ascent above and descent below the baseline in em', () => {
    const fonts = loadFontSet();
    const ascent = fonts.ascent('serif');
    const descent = fonts.descent('serif');
    expect(ascent).toBeGreaterThan(0.8);
    expect(ascent).toBeLessThan(1.3);
    expect(descent).toBeLessThan(0);
    expect(descent).toBeGreaterThan(-0.5);
  });

  it('rejects an unknown role with the known roles and what to do', () => {
    const fonts = loadFontSet();
    expect(() => fonts.metrics('kaiti')).toThrowError(/unknown font role "kaiti"/);
    expect(() => fonts.file('kaiti')).toThrowError(/known roles: serif, serif-bold, serif-black, sans, sans-bold, sans-black/);
    expect(() => fonts.hasGlyph('kaiti', ZHONG)).toThrowError(/"fonts" field/);
  });

  it('rejects an override pointing at a missing file, naming role, file and fix', () => {
    let message = '';
    try {
      loadFontSet({ overrides: { serif: 'fonts/MyBody.ttf' }, baseDir: scratch });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('font override for role "serif"');
    expect(message).toContain(path.join(scratch, 'fonts', 'MyBody.ttf'));
    expect(message).toMatch(/Fix the path/);
  });

  it('uses override files relative to baseDir, also for new roles', () => {
    const base = loadFontSet();
    const sansFile = base.file('sans');
    const relative = path.relative(scratch, sansFile);
    const fonts = loadFontSet({ overrides: { serif: relative, caption: relative }, baseDir: scratch });
    expect(fonts.file('serif')).toBe(sansFile);
    expect(fonts.file('caption')).toBe(sansFile);
    expect(fonts.roles()).toContain('caption');
    expect(fonts.fontkit('serif')).toBe(base.fontkit('sans'));
    // The other roles still come from the manifest.
    expect(path.basename(fonts.file('serif-bold'))).toBe('NotoSerifSC_700Bold.ttf');
  });
});
