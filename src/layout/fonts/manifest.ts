/**
 * fonts/manifest.json: the bundled font roles and where their files are (an npm package's file, or a
 * path under fonts/), and finding installed packages and files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { folderAbove } from '../files.js';

export { isFile } from '../files.js';

const ManifestEntry = z
  .object({
    /** npm package holding the file, resolved from this module. */
    package: z.string().min(1).optional(),
    /** File inside the package. */
    file: z.string().min(1).optional(),
    /** File relative to the fonts/ folder (instead of package + file). */
    path: z.string().min(1).optional(),
    /** PostScript name of the face inside a collection file (.ttc/.otc). */
    postscriptName: z.string().min(1).optional(),
    family: z.string().optional(),
    weight: z.number().optional(),
    license: z.string().optional(),
  })
  .strict()
  .refine((e) => (e.package != null && e.file != null) !== (e.path != null), {
    message: 'give either "package" and "file", or "path"',
  });

const Manifest = z
  .object({
    description: z.string().optional(),
    roles: z.record(ManifestEntry),
  })
  .strict();

export type ManifestEntry = z.infer<typeof ManifestEntry>;

const moduleDir = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);

/** Walks up from this module to the folder holding fonts/manifest.json (works from src/ and dist/). */
function findFontsDir(): string {
  const found = folderAbove(moduleDir, 'fonts', 'manifest.json');
  if (found) return found;
  throw new Error(
    `fonts/manifest.json not found above ${moduleDir}. Reinstall the package or restore fonts/manifest.json from the repository.`,
  );
}

let manifestCache: { dir: string; file: string; roles: Record<string, ManifestEntry> } | null = null;

export function loadManifest(): { dir: string; file: string; roles: Record<string, ManifestEntry> } {
  if (manifestCache) return manifestCache;
  const dir = findFontsDir();
  const file = path.join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the font manifest: ${(error as Error).message}`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(`${file}: invalid font manifest: ${problems.join('; ')}`);
  }
  manifestCache = { dir, file, roles: parsed.data.roles };
  return manifestCache;
}

/** Font roles named in fonts/manifest.json. Reads the manifest only; opens no font. */
export function manifestRoles(): string[] {
  return Object.keys(loadManifest().roles);
}

/** Folder of an installed npm package, found from this module. */
export function packageDir(name: string): string {
  try {
    return path.dirname(requireHere.resolve(`${name}/package.json`));
  } catch {
    // Packages whose "exports" hide package.json: look for node_modules/<name> upwards.
    let dir = moduleDir;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    throw new Error(`npm package ${name} is not installed`);
  }
}
