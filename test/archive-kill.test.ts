/**
 * An archive build killed (SIGKILL) at random moments: every edition built before is still there and
 * complete — the old one or the new one, never half of one — and the next build finishes the rest.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { lockOutput, recoverOutput } from '../src/pipeline/write.js';

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

test('kill -9 during an archive build leaves every previous edition intact', async () => {
  const archive = join(scratch, 'archive');
  const days = ['2024/03/01', '2024/03/02', '2024/03/03'];
  for (const d of days) cpSync('test/fixtures/editions/two-pages', join(archive, d), { recursive: true });
  const out = join(scratch, 'out');
  const ids = days.map((d) => d.split('/').join('-'));
  expect(await finished(epaper(['build', archive, '--out', out, '--pdf-profile', 'none']))).toBe(0);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 3; i++) {
    for (const d of days) appendFileSync(join(archive, d, 'p2.md'), `\n第${i}次补充。\n`);
    const child = epaper(['build', archive, '--out', out, '--pdf-profile', 'none']);
    const exited = finished(child);
    await new Promise((r) => setTimeout(r, 500 + random() * 3000));
    child.kill('SIGKILL');
    await exited;
    // What the next build does first: put back an edition moved aside between its two renames.
    const release = await lockOutput(out, 1000);
    recoverOutput(out);
    release();
    const visible = readdirSync(out).filter((n) => !n.startsWith('.')).sort();
    expect(visible, `kill ${i}`).toEqual(ids);
    for (const id of ids) expect(complete(join(out, id)), `kill ${i}: ${id}`).toBe(true);
  }
  expect(await finished(epaper(['build', archive, '--out', out, '--pdf-profile', 'none']))).toBe(0);
  for (const id of ids) expect(readFileSync(join(out, id, 'edition.json'), 'utf8')).toContain('第2次补充');
}, 180_000);
