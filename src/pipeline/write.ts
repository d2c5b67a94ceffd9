/**
 * Writing built editions into an output folder so that no edition is ever left half written:
 *
 *   OUT/<id>/                         the edition
 *   OUT/.<id>.tmp-<pid>-<hex>/        a build being written; renamed to OUT/<id> once complete
 *   OUT/.<id>.old-<pid>-<hex>/        the edition it replaces, kept until the new one is in place
 *   OUT/.epaper.lock                  held (with the writer's pid) while a build is put in place
 *
 * The old edition is moved aside and the new one renamed into its place, two renames in a row; a
 * process killed between them leaves the old edition aside, and the next build into OUT puts it back
 * before anything else (so OUT/<id> is always the old edition or the new one, complete). Temporary
 * folders of dead processes are removed then too. Two builds writing into one OUT take turns through
 * the lock; one that waits longer than `lockWaitMs` stops with a LockError.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { editionManifest } from './manifest.js';
import type { BuiltEdition } from './build.js';

export class LockError extends Error {
  override name = 'LockError';
}

export interface WriteOptions {
  /** Adds further files to the build folder before it is put in place. */
  extra?: (dir: string) => void;
  /** How long to wait for another build writing into the same folder (default 10 minutes). */
  lockWaitMs?: number;
}

const LOCK = '.epaper.lock';
/** .<id>.tmp-<pid>-<hex> and .<id>.old-<pid>-<hex> (and .<id>.tmp-<pid> of earlier versions). */
const TEMP = /^\.(.+)\.(tmp|old)-\d+(?:-[0-9a-f]+)?$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes OUT/.epaper.lock (waiting for a live holder, taking over from a dead one); returns its release. */
export async function lockOutput(out: string, waitMs = 600_000): Promise<() => void> {
  mkdirSync(out, { recursive: true });
  const file = join(out, LOCK);
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= until) {
      throw new LockError(`${out}: another epaper build (process ${Number.isInteger(holder) ? holder : '?'}) is writing into this folder; wait for it to finish or build into another --out`);
    }
    await sleep(50);
  }
}

const exists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Puts back editions moved aside by a process that died before the new one was in place, and removes
 * the temporary folders of dead processes. Call with the lock held: every write happens under it, so
 * while it is held any temporary folder is one a dead process left. Returns what it did.
 */
export function recoverOutput(out: string): { restored: string[]; removed: string[] } {
  const done = { restored: [] as string[], removed: [] as string[] };
  let names: string[];
  try {
    names = readdirSync(out).sort();
  } catch {
    return done;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const final = join(out, m[1]!);
    if (m[2] === 'old' && !exists(final)) {
      renameSync(join(out, name), final);
      done.restored.push(m[1]!);
    } else {
      rmSync(join(out, name), { recursive: true, force: true });
      done.removed.push(name);
    }
  }
  return done;
}

/** The files of one built edition into a folder. */
function writeFiles(dir: string, built: BuiltEdition): void {
  const pages = built.edition.layout.pages;
  mkdirSync(join(dir, 'pdf'), { recursive: true });
  writeFileSync(join(dir, 'edition.json'), JSON.stringify(built.edition));
  built.pdfs.forEach((pdf, i) => writeFileSync(join(dir, 'pdf', `${pages[i]!.code}.pdf`), pdf));
  if (built.editionPdf) writeFileSync(join(dir, `${built.edition.id}.pdf`), built.editionPdf);
  if (built.alto) {
    mkdirSync(join(dir, 'alto'));
    built.alto.forEach((xml, i) => writeFileSync(join(dir, 'alto', `${pages[i]!.code}.xml`), xml));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(editionManifest(built), null, 1));
}

/** Write one built edition as OUT/<id>/edition.json, pdf/<code>.pdf, manifest.json …; returns OUT/<id>. */
export async function writeEdition(out: string, built: BuiltEdition, options: WriteOptions = {}): Promise<string> {
  const id = built.edition.id;
  const stamp = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const release = await lockOutput(out, options.lockWaitMs);
  const final = join(out, id);
  try {
    recoverOutput(out);
    const tmp = join(out, `.${id}.tmp-${stamp}`);
    try {
      writeFiles(tmp, built);
      options.extra?.(tmp);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw error;
    }
    const old = join(out, `.${id}.old-${stamp}`);
    const moved = exists(final);
    if (moved) renameSync(final, old);
    renameSync(tmp, final);
    if (moved) rmSync(old, { recursive: true, force: true });
  } finally {
    release();
  }
  return final;
}
