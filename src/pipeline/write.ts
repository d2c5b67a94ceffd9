/**
 * Writing built editions into an output folder so that at no moment is an edition lacking a complete
 * version:
 *
 *   OUT/<id>                          a symbolic link to the edition's current version (relative)
 *   OUT/.<id>.v-<pid>-<hex>/          a version: written in full first, then linked
 *   OUT/.<id>.link-<pid>-<hex>        the new link, renamed over OUT/<id> in one step
 *   OUT/.epaper.lock                  held (with the writer's pid) while a build is put in place
 *
 * A new version is written beside the current one; a new link to it is made and renamed over OUT/<id>,
 * which replaces the link in one step (rename(2) is atomic), and only then is the old version removed.
 * A process killed at any moment leaves OUT/<id> linking the old version or the new one, both complete;
 * the next writer into OUT removes what it left (versions no link names, links never renamed). Links
 * stay inside OUT and are relative, so OUT can be moved or copied whole.
 *
 * An edition written by an earlier version of epaper is a plain folder; it is moved aside as
 * OUT/.<id>.old-… once, just before the first link takes its place, and put back by the next writer if
 * the process died in between. Where links cannot be made, editions stay plain folders replaced that way.
 * Two builds writing into one OUT take turns through the lock; one that waits longer than `lockWaitMs`
 * stops with a LockError.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
/** .<id>.{v,link,tmp,old}-<pid>-<hex> (and .<id>.tmp-<pid> of earlier versions). */
const TEMP = /^\.(.+)\.(v|link|tmp|old)-\d+(?:-[0-9a-f]+)?$/;

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

/** Longest pause between two looks at a lock held by another build. */
const LOCK_POLL_MS = 50;

/** Takes OUT/.epaper.lock (waiting for a live holder, taking over from a dead one); returns its release. */
export async function lockOutput(out: string, waitMs = 600_000): Promise<() => void> {
  mkdirSync(out, { recursive: true });
  const file = join(out, LOCK);
  const until = Date.now() + waitMs;
  // The holder is most often another worker of the same build, done in a few milliseconds: ask again
  // soon, then less and less often.
  let pause = 1;
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
    await sleep(pause);
    pause = Math.min(LOCK_POLL_MS, pause * 2);
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

/** The name OUT/<name> links to when it is a symbolic link, else null. */
function linkTarget(path: string): string | null {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}

/**
 * Removes what a process that died while writing into OUT left there: versions no edition links to,
 * links never put in place and unfinished folders; puts back an edition moved aside before its first
 * link was in place. Call with the lock held: every write happens under it, so while it is held any
 * such entry is one a dead process left. Returns what it did.
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
      continue;
    }
    if (m[2] === 'v' && linkTarget(final) === name) continue;
    rmSync(join(out, name), { recursive: true, force: true });
    done.removed.push(name);
  }
  return done;
}

/** The output folders this thread has recovered (see recoverOnce). */
const recovered = new Set<string>();

/**
 * recoverOutput the first time this thread writes into OUT. What a process that dies later leaves is
 * removed by the next build; looking again at every edition would read every edition's link once per
 * edition written (an archive of 800 editions: 640,000 lstat and readlink calls).
 */
function recoverOnce(out: string): void {
  const key = resolve(out);
  if (recovered.has(key)) return;
  recoverOutput(out);
  recovered.add(key);
}

/** Removes edition `id` from OUT: its link and the version it links to (or its folder). Lock held. */
export function removeEdition(out: string, id: string): void {
  const final = join(out, id);
  const target = linkTarget(final);
  rmSync(final, { recursive: true, force: true });
  if (target && TEMP.exec(target)?.[1] === id) rmSync(join(out, target), { recursive: true, force: true });
}

/** Makes `to` a hard link to `from`; false where links cannot be made there. */
function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** The files of one built edition into a folder. */
function writeFiles(dir: string, built: BuiltEdition): void {
  const pages = built.edition.layout.pages;
  mkdirSync(join(dir, 'pdf'), { recursive: true });
  writeFileSync(join(dir, 'edition.json'), JSON.stringify(built.edition));
  built.pdfs.forEach((pdf, i) => writeFileSync(join(dir, 'pdf', `${pages[i]!.code}.pdf`), pdf));
  if (built.editionPdf) {
    const editionFile = join(dir, `${built.edition.id}.pdf`);
    // The edition PDF of a one-page edition is its page PDF: one file with two names.
    const same = built.pdfs.length === 1 && built.pdfs[0] === built.editionPdf;
    if (!same || !tryLink(join(dir, 'pdf', `${pages[0]!.code}.pdf`), editionFile)) writeFileSync(editionFile, built.editionPdf);
  }
  if (built.alto) {
    mkdirSync(join(dir, 'alto'));
    built.alto.forEach((xml, i) => writeFileSync(join(dir, 'alto', `${pages[i]!.code}.xml`), xml));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(editionManifest(built), null, 1));
}

/** Makes OUT/.<id>.link-<stamp> → `version`; null where symbolic links cannot be made here. */
function makeLink(out: string, id: string, stamp: string, version: string): string | null {
  const link = join(out, `.${id}.link-${stamp}`);
  try {
    symlinkSync(version, link, 'dir');
    return link;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOSYS' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return null;
    throw error;
  }
}

/**
 * Puts the complete version OUT/`version` in place as OUT/<id>: one rename of a new link over the
 * old one, then the old version removed. A plain folder there (or no links) goes aside first.
 */
function putInPlace(out: string, id: string, stamp: string, version: string): void {
  const final = join(out, id);
  const before = linkTarget(final);
  const link = makeLink(out, id, stamp, version);
  const plain = before === null && exists(final);
  const old = join(out, `.${id}.old-${stamp}`);
  if (plain) renameSync(final, old);
  if (link) renameSync(link, final);
  else renameSync(join(out, version), final);
  if (plain) rmSync(old, { recursive: true, force: true });
  if (before && before !== version && TEMP.exec(before)?.[1] === id) rmSync(join(out, before), { recursive: true, force: true });
}

/** Write one built edition as OUT/<id>/edition.json, pdf/<code>.pdf, manifest.json …; returns OUT/<id>. */
export async function writeEdition(out: string, built: BuiltEdition, options: WriteOptions = {}): Promise<string> {
  const id = built.edition.id;
  const stamp = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const release = await lockOutput(out, options.lockWaitMs);
  try {
    recoverOnce(out);
    const version = `.${id}.v-${stamp}`;
    try {
      writeFiles(join(out, version), built);
      options.extra?.(join(out, version));
    } catch (error) {
      rmSync(join(out, version), { recursive: true, force: true });
      throw error;
    }
    putInPlace(out, id, stamp, version);
  } finally {
    release();
  }
  return join(out, id);
}
