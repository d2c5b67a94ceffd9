/**
 * An archive build killed (SIGKILL) at random moments: at every moment each edition is there and
 * complete — the old one or the new one, never half of one, never missing — and the next build finishes
 * the rest and removes what the killed one left.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'archive-kill-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const epaper = (args: string[]) => spawn(process.execPath, ['bin/epaper.js', ...args], { stdio: 'ignore' });
const finished = (child: ReturnType<typeof spawn>) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

/** The edition folder holds a manifest whose every page PDF is there with its checksum. */
function complete(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { pages: { pdf: { file: string; sha256: string } | null }[] };
    JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8'));
    return manifest.pages.length > 0 && manifest.pages.every((p) => p.pdf && createHash('sha256').update(readFileSync(join(dir, p.pdf.file))).digest('hex') === p.pdf.sha256);
  } catch {
    return false;
  }
}

/** What OUT holds besides the editions (hidden versions, links, folders and the lock), by name. */
const hidden = (out: string) => readdirSync(out).filter((n) => n.startsWith('.')).sort();

test('kill -9 at 20 random moments of an archive build: every edition is complete (old or new) at once, and the next build leaves nothing stale', async () => {
  const archive = join(scratch, 'archive');
  const days = ['2024/03/01', '2024/03/02', '2024/03/03'];
  for (const d of days) {
    cpSync('test/fixtures/editions/two-pages', join(archive, d), { recursive: true });
    // Photo files the build copies into each edition, so that writing one takes a while.
    mkdirSync(join(archive, d, 'images'));
    for (let n = 0; n < 24; n++) writeFileSync(join(archive, d, 'images', `photo-${n}.jpg`), randomBytes(256 * 1024));
  }
  const out = join(scratch, 'out');
  const ids = days.map((d) => d.split('/').join('-'));
  const build = () => epaper(['build', archive, '--out', out, '--pdf-profile', 'none', '--jobs', '1']);
  const started = performance.now();
  expect(await finished(build())).toBe(0);
  const full = performance.now() - started;
  expect(hidden(out).every((n) => /\.v-/.test(n))).toBe(true);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let caught = 0;
  for (let i = 0; i < 20; i++) {
    for (const d of days) appendFileSync(join(archive, d, 'p2.md'), `\n第${i}次补充。\n`);
    const child = build();
    const exited = finished(child);
    if (i % 2 === 0) {
      // Any moment of the build.
      await new Promise((r) => setTimeout(r, 200 + random() * full));
    } else {
      // A moment while editions are written and put in place: a few ms after the first new version appears.
      await new Promise<void>((r) => {
        const watcher = watch(out, (_event, name) => {
          if (!name || !/\.v-/.test(name) || hidden(out).length <= ids.length) return;
          watcher.close();
          setTimeout(r, random() * 15);
        });
        void exited.then(() => (watcher.close(), r()));
      });
    }
    child.kill('SIGKILL');
    await exited;
    if (hidden(out).length > ids.length) caught++;
    // Nothing is put back or tidied first: what a reader finds right after the kill.
    const visible = readdirSync(out).filter((n) => !n.startsWith('.')).sort();
    expect(visible, `kill ${i}`).toEqual(ids);
    for (const id of ids) expect(complete(join(out, id)), `kill ${i}: ${id}`).toBe(true);
  }
  // Some kills fell while a build was writing (it left a version or a lock behind).
  expect(caught).toBeGreaterThan(0);
  expect(await finished(build())).toBe(0);
  for (const id of ids) expect(readFileSync(join(out, id, 'edition.json'), 'utf8')).toContain('第19次补充');
  // One version per edition, each the one its link names; no unfinished folder, link or lock left.
  expect(hidden(out)).toHaveLength(ids.length);
  for (const id of ids) expect(hidden(out)).toContain(readlinkSync(join(out, id)));
}, 300_000);
