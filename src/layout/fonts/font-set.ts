/**
 * Font roles → font files (fonts/manifest.json, optionally overridden by a template's `fonts`), and the
 * faces layout and the renderers measure and embed. Font files are opened only when a role is first
 * used and stay open for the rest of the process, shared by every FontSet that names the same file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { advanceUnits, glyphAdvanceUnits, glyphId, type Metrics } from './advances.js';
import { openFontFile, type FkFont } from './fontkit.js';
import { isFile, loadManifest, packageDir, type ManifestEntry } from './manifest.js';
import { readCachedMetrics, type CachedMetrics } from './metrics-cache.js';
import { fileTrueType, fontFacts, memoryTrueType, type FontFacts, type TrueTypeSource } from './truetype-source.js';

/** A font file opened for a role: glyph ids and advances from its cmap and hmtx, and the font itself. */
export interface FontFace {
  file: string;
  /** The opened fontkit font (opened on first use when the metrics cache answers the rest). */
  font: FkFont;
  /** What the PDF font descriptor states of the font. */
  facts: FontFacts;
  /**
   * The font's tables for subsetting when its outlines are TrueType (glyf) in a plain sfnt file, read
   * from the file as needed; else null (fontkit's subsetter embeds it).
   */
  truetype(): TrueTypeSource | null;
  unitsPerEm: number;
  /** Glyph id of a code point (0 when the font lacks it). */
  glyphId(cp: number): number;
  /** Advance width of a glyph in font units. */
  advanceUnits(gid: number): number;
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
  /** The face behind a role: glyph ids, advances (the ones layout measures with) and the font object. */
  face(role: string): FontFace;
  /** The opened fontkit font, for renderers that embed it. */
  fontkit(role: string): FkFont;
}

export interface LoadFontSetOptions {
  /** Role → font file, overriding or adding to the manifest; relative paths resolve against baseDir. */
  overrides?: Record<string, string>;
  /** Directory override paths are relative to (a template's folder); defaults to the working directory. */
  baseDir?: string;
}

interface OpenFont {
  file: string;
  /** The fontkit font, opened on first use when the metrics come from the metrics cache. */
  readonly font: FkFont;
  /** The metrics cache of the file (dist/font-metrics/), when there is a current one. */
  cached: CachedMetrics | null;
  advances: Map<number, number>;
  face: FontFace;
}

/** Where scripts/font-metrics.js writes the metrics cache: dist/font-metrics/ beside fonts/. */
function metricsCacheDir(): string {
  return path.join(path.dirname(loadManifest().dir), 'dist', 'font-metrics');
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

function openFont(role: string, file: string, postscriptName: string | undefined): OpenFont {
  const key = postscriptName ? `${file}#${postscriptName}` : file;
  const known = openFonts.get(key);
  if (known) return known;
  const cached = postscriptName ? null : readCachedMetrics(metricsCacheDir(), file);
  let fk: FkFont | null = null;
  const fontkit = () => (fk ??= openFontFile(role, file, postscriptName));
  if (!cached) fontkit();
  let facts: FontFacts | null = cached?.facts ?? null;
  let truetype: TrueTypeSource | null | undefined;
  const face: FontFace = {
    file,
    get font() {
      return fontkit();
    },
    get facts() {
      return (facts ??= fontFacts(fontkit()));
    },
    truetype() {
      if (truetype === undefined) truetype = cached ? cached.tables && fileTrueType(file, cached.tables, cached.fileSize) : memoryTrueType(fontkit());
      return truetype;
    },
    unitsPerEm: cached ? cached.unitsPerEm : fontkit().unitsPerEm,
    glyphId: cached ? (cp) => cached.glyphId(cp) : (cp) => glyphId(fontkit(), cp),
    advanceUnits: cached ? (gid) => cached.advanceUnits(gid) : (gid) => glyphAdvanceUnits(fontkit(), gid),
  };
  const entry: OpenFont = {
    file,
    get font() {
      return fontkit();
    },
    cached,
    advances: new Map(),
    face,
  };
  openFonts.set(key, entry);
  return entry;
}

interface RoleSource {
  file: string;
  postscriptName?: string;
  /** Where the role came from, for error messages. */
  origin: string;
}

/** The file a manifest entry names (an npm package's file, or a path under fonts/), checked to exist. */
function manifestFile(role: string, entry: ManifestEntry, dir: string, manifestFile: string): { file: string; origin: string } {
  let file: string;
  let origin: string;
  if (entry.path != null) {
    file = path.resolve(dir, entry.path);
    origin = `${manifestFile} (path "${entry.path}")`;
  } else {
    const pkg = entry.package as string;
    origin = `${manifestFile} (package ${pkg}, file "${entry.file}")`;
    let pkgDir: string;
    try {
      pkgDir = packageDir(pkg);
    } catch {
      throw new Error(
        `font role "${role}": npm package ${pkg} is not installed (named in ${manifestFile}). ` +
          `Run "npm install ${pkg}" or point the role at a font file in the template's "fonts" field.`,
      );
    }
    file = path.join(pkgDir, entry.file as string);
  }
  if (!existsSync(file)) {
    throw new Error(
      `font role "${role}": file not found: ${file} (from ${origin}). ` +
        'Reinstall the font package or point the role at a font file in the template\'s "fonts" field.',
    );
  }
  return { file, origin };
}

/**
 * A FontSet for the manifest's roles plus any overrides. Override files are checked here; manifest
 * files when their role is first used. No font is opened until a role's glyphs or metrics are needed.
 */
export function loadFontSet(options: LoadFontSetOptions = {}): FontSet {
  const manifest = loadManifest();
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const overrides = checkOverrides(options.overrides ?? {}, baseDir);
  const roles: RoleTable = {
    manifest,
    resolved: new Map<string, RoleSource>(overrides),
    allRoles: [...new Set([...Object.keys(manifest.roles), ...overrides.keys()])],
  };
  const open = (role: string): OpenFont => openRole(roles, role);
  const metricsByRole = new Map<string, Metrics>();

  return {
    roles: () => [...roles.allRoles],
    file: (role) => roleSource(roles, role).file,
    metrics(role) {
      const existing = metricsByRole.get(role);
      if (existing) return existing;
      roleSource(roles, role);
      const metrics = lazyMetrics(() => open(role));
      metricsByRole.set(role, metrics);
      return metrics;
    },
    hasGlyph(role, cp) {
      const { cached } = open(role);
      return cached ? cached.glyphId(cp) !== 0 : open(role).font.hasGlyphForCodePoint(cp);
    },
    ascent(role) {
      const f = open(role);
      return f.cached ? f.cached.ascent / f.cached.unitsPerEm : f.font.ascent / f.font.unitsPerEm;
    },
    descent(role) {
      const f = open(role);
      return f.cached ? f.cached.descent / f.cached.unitsPerEm : f.font.descent / f.font.unitsPerEm;
    },
    face: (role) => open(role).face,
    fontkit: (role) => open(role).font,
  };
}

/** The template's font overrides, each checked to be an existing file. */
function checkOverrides(given: Record<string, unknown>, baseDir: string): Map<string, RoleSource> {
  const overrides = new Map<string, RoleSource>();
  for (const [role, value] of Object.entries(given)) {
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
  return overrides;
}

/** The roles of a font set: the manifest, the sources resolved so far (overrides first) and every role's name. */
interface RoleTable {
  manifest: ReturnType<typeof loadManifest>;
  resolved: Map<string, RoleSource>;
  allRoles: string[];
}

/** The font file behind a role, resolved from the manifest on first use. */
function roleSource(t: RoleTable, role: string): RoleSource {
  const { manifest } = t;
  const known = t.resolved.get(role);
  if (known) return known;
  const entry = Object.hasOwn(manifest.roles, role) ? manifest.roles[role] : undefined;
  if (!entry) {
    throw new Error(
      `unknown font role "${role}" (known roles: ${t.allRoles.join(', ')}). ` +
        `Use one of these in the template's styles, or add the role to ${manifest.file} or to the template's "fonts" field.`,
    );
  }
  const { file, origin } = manifestFile(role, entry, manifest.dir, manifest.file);
  const src: RoleSource = { file, origin, ...(entry.postscriptName ? { postscriptName: entry.postscriptName } : {}) };
  t.resolved.set(role, src);
  return src;
}

function openRole(t: RoleTable, role: string): OpenFont {
  const src = roleSource(t, role);
  return openFont(role, src.file, src.postscriptName);
}

/** Advance widths in em, the font opened on the first one asked for. */
function lazyMetrics(open: () => OpenFont): Metrics {
  let opened: OpenFont | null = null;
  return {
    advance(cp: number): number {
      if (!opened) opened = open();
      const cached = opened.advances.get(cp);
      if (cached !== undefined) return cached;
      const { cached: c } = opened;
      const width = c ? c.advanceUnits(c.glyphId(cp)) / c.unitsPerEm : advanceUnits(opened.font, cp) / opened.font.unitsPerEm;
      opened.advances.set(cp, width);
      return width;
    },
  };
}
