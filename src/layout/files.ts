/** File-system look-ups shared by font and template loading. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** True when the path names an existing regular file. */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The folder `name` holding `marker` in `start` or one of the folders above it (a few levels: the
 * package root seen from src/ or dist/), or null.
 */
export function folderAbove(start: string, name: string, marker: string): string | null {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, marker))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
