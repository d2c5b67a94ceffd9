/**
 * Browser scripts bundled at prepare time (dist/browser/) are used only while they are as new as the
 * compiled viewer code, and are the bundles esbuild makes on first use. Runs on a copy of the compiled
 * module and viewer code (made by `npm install`), so that dist/ itself is not touched.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
let dir = '';
type Scripts = typeof import('../src/server/browser-scripts.js');

/** A fresh instance of the copied module (its per-process cache empty). */
async function load(tag: string): Promise<Scripts> {
  return (await import(`${pathToFileURL(join(dir, 'server', 'browser-scripts.js')).href}?${tag}`)) as Scripts;
}

beforeAll(() => {
  // Inside the repository, so that the copy resolves esbuild from node_modules.
  dir = mkdtempSync(join(root, '.browser-scripts-'));
  // The compiled code without the CLI bundle and the prebuilt scripts (the viewer imports shared code).
  const skip = /epaper\.cjs|[\\/]browser$|font-metrics/;
  cpSync(join(root, 'dist'), dir, { recursive: true, filter: (src) => !skip.test(src) });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('browser scripts', () => {
  test('writeBrowserScripts writes the bundles that are otherwise made on first use', async () => {
    const first = await load('bundled');
    const made = ['viewer', 'reader/search'].map((n) => first.browserScript(n as 'viewer'));
    expect(made[0]).toContain('function');
    const written = (await load('write')).writeBrowserScripts();
    expect(written.length).toBe(first.PREBUILT.length);
    const again = await load('read');
    expect(['viewer', 'reader/search'].map((n) => again.browserScript(n as 'viewer'))).toEqual(made);
  });

  test('a prebuilt script is used while fresh, and ignored once the viewer code is newer', async () => {
    mkdirSync(join(dir, 'browser'), { recursive: true });
    const file = join(dir, 'browser', 'viewer.js');
    writeFileSync(file, '/* prebuilt */');
    const now = Date.now() / 1000;
    utimesSync(file, now + 60, now + 60);
    expect((await load('fresh')).browserScript('viewer')).toBe('/* prebuilt */');
    utimesSync(join(dir, 'viewer', 'viewer.js'), now + 120, now + 120);
    const stale = (await load('stale')).browserScript('viewer');
    expect(stale).not.toBe('/* prebuilt */');
    expect(stale).toContain('function');
  });

  test('a script given globals to replace is bundled with them, not taken from dist/browser', async () => {
    const sw = (await load('sw')).browserScript('sw', { OFFLINE_VERSION: JSON.stringify('v-test-1') });
    expect(sw).toContain('v-test-1');
  });
});
