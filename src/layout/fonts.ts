/**
 * Font roles → font files (fonts/manifest.json, optionally overridden by a template's `fonts`), and the
 * metrics layout measures with. Font files are opened only when a role is first used and stay open for
 * the rest of the process, shared by every FontSet that names the same file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
// @ts-ignore -- fontkit ships without type declarations; the parts used here are typed below.
import * as fontkitModule from 'fontkit';

/** Advance widths in em, by code point (same shape as the layout's text Metrics). */
export interface Metrics {
  advance(cp: number): number;
}

export interface FontSet {
  roles(): string[];
  /** Absolute path of the font file behind a role. */
  file(role: string): string;
  metrics(role: string): Metrics;
  hasGlyph(role: string, cp: number): boolean;
  /** Ascent above the baseline, in em. */
  ascent(role: string): number;
  /** Descent below the baseline, in em (negative). */
  descent(role: string): number;
  /** The opened fontkit font, for renderers that embed it. */
  fontkit(role: string): unknown;
}

export interface LoadFontSetOptions {
  /** Role → font file, overriding or adding to the manifest; relative paths resolve against baseDir. */
  overrides?: Record<string, string>;
  /** Directory override paths are relative to (a template's folder); defaults to the working directory. */
  baseDir?: string;
}

/** The subset of a fontkit glyph used here. */
interface FkGlyph {
  id: number;
  advanceWidth: number;
}

/** The subset of a fontkit font used here. */
interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  postscriptName: string | null;
  glyphForCodePoint(cp: number): FkGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
}

interface FkCollection {
  fonts: FkFont[];
}

interface FontkitApi {
  openSync(file: string, postscriptName?: string): FkFont | FkCollection;
}

const fontkit = ((fontkitModule as { default?: unknown }).default ?? fontkitModule) as FontkitApi;

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

type ManifestEntry = z.infer<typeof ManifestEntry>;

const moduleDir = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);

/** Walks up from this module to the folder holding fonts/manifest.json (works from src/ and dist/). */
function findFontsDir(): string {
  let dir = moduleDir;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'fonts');
    if (existsSync(path.join(candidate, 'manifest.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `fonts/manifest.json not found above ${moduleDir}. Reinstall the package or restore fonts/manifest.json from the repository.`,
  );
}

let manifestCache: { dir: string; file: string; roles: Record<string, ManifestEntry> } | null = null;

function loadManifest(): { dir: string; file: string; roles: Record<string, ManifestEntry> } {
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
function packageDir(name: string): string {
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

interface OpenFont {
  file: string;
  font: FkFont;
  advances: Map<number, number>;
}

/** Fonts opened so far in this process, by absolute file path (and collection face). */
const openFonts = new Map<string, OpenFont>();

/** Absolute paths of the font files opened so far in this process (diagnostics and tests). */
export function openedFontFiles(): string[] {
  return [...new Set([...openFonts.values()].map((f) => f.file))];
}

/** Closes the fonts opened from a file, so the next use reads the file again (the file changed). */
export function forgetFontFile(file: string): void {
  const abs = path.resolve(file);
  for (const [key, entry] of openFonts) if (entry.file === abs) openFonts.delete(key);
}

interface FkInternals {
  _cmapProcessor?: { lookup(cp: number): number };
  hmtx?: { metrics: { length: number; get(i: number): { advance: number } } };
}

/**
 * Advance width of a code point in font units, read from the cmap and hmtx tables directly: fontkit's
 * glyph.advanceWidth also decodes the glyph outline to compute its bounding box, which layout never needs.
 */
export function advanceUnits(font: FkFont, cp: number): number {
  const inner = font as unknown as FkInternals;
  const cmap = inner._cmapProcessor;
  const hmtx = inner.hmtx;
  if (cmap && hmtx && hmtx.metrics.length > 0) {
    const id = cmap.lookup(cp);
    return hmtx.metrics.get(Math.min(id, hmtx.metrics.length - 1)).advance;
  }
  return font.glyphForCodePoint(cp).advanceWidth;
}

/** True when the path names an existing regular file. */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isCollection(value: FkFont | FkCollection): value is FkCollection {
  return Array.isArray((value as Partial<FkCollection>).fonts);
}

function openFont(role: string, file: string, postscriptName: string | undefined): OpenFont {
  const key = postscriptName ? `${file}#${postscriptName}` : file;
  const cached = openFonts.get(key);
  if (cached) return cached;
  let opened: FkFont | FkCollection | null;
  try {
    opened = fontkit.openSync(file, postscriptName);
  } catch (error) {
    throw new Error(
      `font role "${role}": cannot open ${file}: ${(error as Error).message}. Point the role at a TrueType/OpenType file.`,
    );
  }
  if (opened == null) {
    throw new Error(
      `font role "${role}": ${file} has no face named "${postscriptName}". Fix "postscriptName" or the file.`,
    );
  }
  let font: FkFont;
  if (isCollection(opened)) {
    const first = opened.fonts[0];
    if (!first) throw new Error(`font role "${role}": the collection ${file} holds no fonts.`);
    font = first;
  } else {
    font = opened;
  }
  if (typeof font.glyphForCodePoint !== 'function' || !(font.unitsPerEm > 0)) {
    throw new Error(`font role "${role}": ${file} is not a usable TrueType/OpenType font.`);
  }
  const entry: OpenFont = { file, font, advances: new Map() };
  openFonts.set(key, entry);
  return entry;
}

interface RoleSource {
  file: string;
  postscriptName?: string;
  /** Where the role came from, for error messages. */
  origin: string;
}

/**
 * A FontSet for the manifest's roles plus any overrides. Override files are checked here; manifest
 * files when their role is first used. No font is opened until a role's glyphs or metrics are needed.
 */
export function loadFontSet(options: LoadFontSetOptions = {}): FontSet {
  const manifest = loadManifest();
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const overrides = new Map<string, RoleSource>();
  for (const [role, value] of Object.entries(options.overrides ?? {})) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new Error(`font override for role "${role}": expected a file path, got ${JSON.stringify(value)}.`);
    }
    const file = path.resolve(baseDir, value);
    if (!isFile(file)) {
      throw new Error(
        `font override for role "${role}": file not found: ${file} (given as "${value}", relative to ${baseDir}). ` +
          'Fix the path in the template\'s "fonts" field or remove the entry to use the bundled font.',
      );
    }
    overrides.set(role, { file, origin: `the template's "fonts" field` });
  }

  const resolved = new Map<string, RoleSource>(overrides);
  const allRoles = [...new Set([...Object.keys(manifest.roles), ...overrides.keys()])];

  function source(role: string): RoleSource {
    const known = resolved.get(role);
    if (known) return known;
    const entry = Object.hasOwn(manifest.roles, role) ? manifest.roles[role] : undefined;
    if (!entry) {
      throw new Error(
        `unknown font role "${role}" (known roles: ${allRoles.join(', ')}). ` +
          `Use one of these in the template's styles, or add the role to ${manifest.file} or to the template's "fonts" field.`,
      );
    }
    let file: string;
    let origin: string;
    if (entry.path != null) {
      file = path.resolve(manifest.dir, entry.path);
      origin = `${manifest.file} (path "${entry.path}")`;
    } else {
      const pkg = entry.package as string;
      origin = `${manifest.file} (package ${pkg}, file "${entry.file}")`;
      let dir: string;
      try {
        dir = packageDir(pkg);
      } catch {
        throw new Error(
          `font role "${role}": npm package ${pkg} is not installed (named in ${manifest.file}). ` +
            `Run "npm install ${pkg}" or point the role at a font file in the template's "fonts" field.`,
        );
      }
      file = path.join(dir, entry.file as string);
    }
    if (!existsSync(file)) {
      throw new Error(
        `font role "${role}": file not found: ${file} (from ${origin}). ` +
          'Reinstall the font package or point the role at a font file in the template\'s "fonts" field.',
      );
    }
    const src: RoleSource = { file, origin, ...(entry.postscriptName ? { postscriptName: entry.postscriptName } : {}) };
    resolved.set(role, src);
    return src;
  }

  function open(role: string): OpenFont {
    const src = source(role);
    return openFont(role, src.file, src.postscriptName);
  }

  const metricsByRole = new Map<string, Metrics>();

  return {
    roles: () => [...allRoles],
    file: (role) => source(role).file,
    metrics(role) {
      const existing = metricsByRole.get(role);
      if (existing) return existing;
      source(role);
      let opened: OpenFont | null = null;
      const metrics: Metrics = {
        advance(cp: number): number {
          if (!opened) opened = open(role);
          const cached = opened.advances.get(cp);
          if (cached !== undefined) return cached;
          const width = advanceUnits(opened.font, cp) / opened.font.unitsPerEm;
          opened.advances.set(cp, width);
          return width;
        },
      };
      metricsByRole.set(role, metrics);
      return metrics;
    },
    hasGlyph: (role, cp) => open(role).font.hasGlyphForCodePoint(cp),
    ascent(role) {
      const { font } = open(role);
      return font.ascent / font.unitsPerEm;
    },
    descent(role) {
      const { font } = open(role);
      return font.descent / font.unitsPerEm;
    },
    fontkit: (role) => open(role).font,
  };
}
