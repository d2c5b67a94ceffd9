/**
 * `epaper preview`: the viewer over documents while they are being edited. The documents, the
 * edition's images/, a layout file given with --layout and the font files are watched; once a burst of
 * saves has been quiet for a moment (50 ms) the editions are parsed and laid out again in memory (no
 * PDF is written; page PDFs are made when asked for), and browsers showing them are told through
 * server-sent events, so they put the new pages on screen in place. Input that cannot be laid out (an
 * error diagnostic, an unreadable, binary or missing file, a broken layout file) leaves the last good
 * layout on screen and names the problem; the preview keeps running.
 *
 * Routes of the preview (everything else is createApp over the latest good layouts):
 *   /e/<id>/events                   server-sent events: `state` (PreviewState) and `building`
 *   /preview/state/<id>              the same state as JSON
 *   /preview/source?file=F&line=N    lines around line N of F, one of the watched files, as JSON
 *   POST /preview/layout             {"layout": "auto" | a template name | "file"}: lay out again
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { watch, type FSWatcher } from 'chokidar';
import type { Diagnostic } from '../model/schema.js';
import type { FramePage } from '../layout/types.js';
import type { FontSet } from '../layout/fonts.js';
import { forgetFontFile, loadFontSet } from '../layout/fonts.js';
import { listTemplates, type LoadedTemplate } from '../layout/template.js';
import { decode } from '../parse/index.js';
import { forgetSubsets, subsetFile, usedText, webFamily } from '../render/fonts-web.js';
import { renderPagePdfs } from '../render/pdf/index.js';
import { buildEdition, creationDate, findEditions, fontsFor, forgetFonts, loadLayout } from '../cli/build.js';
import { DOC_EXT, type EditionSource } from '../cli/sources.js';
import { clientScript, hashOf, makeAsset, trimSource, type Asset } from './assets.js';
import { buildAssets, closer, createApp, listenOn, ServeError } from './index.js';
import { editionTitle, viewerData, type ViewerData } from './pages.js';
import { PREVIEW_CSS, previewExtras, waitingPage, type LayoutChoice, type PreviewPageData } from './preview-page.js';
import { placeProblems, type Problem } from './problems.js';
import { resolveFrameLinks, siteEdition, sortEditions, viewerHref, type BuiltSite, type SiteEdition, type WebFace } from './site.js';
import { uiFont } from './ui-font.js';

export interface PreviewOptions {
  port?: number;
  host?: string;
  /** auto (the default), a template name, or a template file (watched). */
  layout?: string;
  io?: { out: (s: string) => void; err: (s: string) => void };
  /** Close on SIGINT / SIGTERM / end of a piped standard input (default true). */
  signals?: boolean;
  /** Quiet time after the last change before laying out again, in ms (default 50). */
  debounceMs?: number;
  /** Watch the files (default true); without, call session.rebuild() after a change. */
  watch?: boolean;
}

/** What a browser is told about an edition. */
export interface PreviewState {
  session: string;
  id: string;
  /** Revision of the layout on screen (0: none yet). */
  rev: number;
  /** False when the latest input could not be laid out (see errors). */
  ok: boolean;
  building: boolean;
  /** Why the latest input could not be laid out. */
  errors: Problem[];
  /** Diagnostics of the layout on screen: parse and layout. */
  problems: Problem[];
  layout: { value: string; template: string | null };
  viewer: ViewerData | null;
  /** The @font-face stylesheet of the layout on screen. */
  fontCss: string | null;
  /** The @font-face stylesheet of the preview's interface font. */
  uiCss: string;
  title: string | null;
  /** How long the layout on screen took, and when it was made (ms since the epoch). */
  ms: number | null;
  updated: number | null;
}

interface Layout {
  template: LoadedTemplate;
  smaller: LoadedTemplate | null;
}

interface Good {
  rev: number;
  key: string;
  site: SiteEdition;
  problems: Problem[];
  fontCss: Asset;
  ms: number;
  at: number;
  pdfs: Map<number, Promise<Buffer>>;
}

interface Entry {
  id: string;
  source: EditionSource;
  good: Good | null;
  errors: Problem[];
  /** Input key of the latest attempt that failed. */
  failed: string | null;
  /** Whether the latest attempt made a new layout. */
  fresh: boolean;
}

const IMAGE_EXT = /\.(?:jpe?g|png|webp|gif|tiff?|avif)$/i;
const FONT_EXT = /\.(?:ttf|otf|ttc|otc|woff2?)$/i;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Waits before reporting a document of the edition as gone (an editor may be replacing it). */
const MISSING_RETRY_MS = 150;
const MISSING_RETRIES = 2;
/** Older web fonts and stylesheets kept for pages still showing them. */
const KEEP_OLD = 48;
/** Characters each preview font holds from the start, so typing them needs no new font. */
const SEED_TEXT =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '，。、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕～％＋－×÷＝℃●○■□▲△▶◆◇★☆①②③④⑤⑥⑦⑧⑨⑩';
/** Font family of the preview's interface font (see GrowingFaces.ui). */
const UI_FAMILY = 'ep-pv-ui';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A path as diagnostics name it: relative to the working directory (as readDocuments writes it). */
const shown = (file: string) => relative(process.cwd(), file) || file;
const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\./.test(host);

/** A key per input: layout, fonts, documents and images, so an unchanged input is not laid out again. */
function inputKey(source: EditionSource, layout: Layout, fonts: number, images: string): string {
  const parts: (string | Buffer)[] = [JSON.stringify(layout.template), JSON.stringify(layout.smaller), String(fonts), source.id, images];
  for (const file of source.files) parts.push(file, readFileSync(file));
  return hashOf(...parts);
}

/** Names, sizes and times of the files in an images folder. */
function imagesStamp(dir: string | null): string {
  if (!dir) return '';
  try {
    const parts = readdirSync(dir)
      .filter((n) => IMAGE_EXT.test(n))
      .sort()
      .map((name) => {
        try {
          const st = statSync(join(dir, name));
          return `${name}:${st.size}:${st.mtimeMs}`;
        } catch {
          return name;
        }
      });
    return parts.length ? hashOf(...parts) : '';
  } catch {
    return '';
  }
}

/** Web fonts of one role: the first subset, then one small subset per edit that brought new characters. */
interface RoleFaces {
  cps: Set<number>;
  faces: (WebFace & { range: string | null })[];
}

/** After this many added subsets a role's font is made again as one subset. */
const MAX_ADDED_FACES = 16;

/** "U+4E00-4E02,U+4E8C" for sorted code points. */
function unicodeRange(cps: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cps.length; ) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++;
    const hex = (n: number) => n.toString(16).toUpperCase();
    parts.push(j > i ? `U+${hex(cps[i]!)}-${hex(cps[j]!)}` : `U+${hex(cps[i]!)}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Web fonts that only grow, so that an edit costs no new font, or a small one. Each role has one
 * family: a first subset holding the seed characters and those of the first layout, and for an edit
 * that draws characters it lacks, a subset of just those characters under the same family, limited to
 * them by unicode-range (browsers take each character from the face that holds it). When a role has
 * gathered MAX_ADDED_FACES such subsets, it is made again as one subset under a new family name.
 */
class GrowingFaces {
  private readonly byRole = new Map<string, RoleFaces>();

  async faces(pages: FramePage[], fonts: FontSet): Promise<WebFace[]> {
    const used = usedText(pages, fonts);
    const roles = [...used.keys()].sort();
    const lists = await Promise.all(roles.map((role) => this.role(role, used.get(role) ?? '', fonts)));
    return lists.flat();
  }

  /**
   * The preview's interface font (family UI_FAMILY, role "preview-ui"): the sans role's font for the
   * panel, the banner and the source view, which quote the documents.
   */
  async ui(text: string, fonts: FontSet): Promise<WebFace[]> {
    const role = fonts.roles().includes('sans') ? 'sans' : fonts.roles()[0];
    if (!role) return [];
    const seen = new Set<number>();
    const cps: number[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x2000 || (cp >= 0xd800 && cp <= 0xdfff) || seen.has(cp)) continue;
      seen.add(cp);
      if (fonts.hasGlyph(role, cp)) cps.push(cp);
    }
    return this.role(role, String.fromCodePoint(...cps), fonts, { key: 'preview-ui', family: UI_FAMILY, seed: '' });
  }

  private async role(role: string, used: string, fonts: FontSet, as: { key?: string; family?: string; seed?: string } = {}): Promise<WebFace[]> {
    const file = fonts.file(role);
    const key = `${as.key ?? role}\u0000${file}`;
    const faceRole = as.key ?? role;
    const have = this.byRole.get(key);
    const cps = [...used].map((c) => c.codePointAt(0)!);
    const missing = [...new Set(cps.filter((cp) => !have?.cps.has(cp)))].sort((a, b) => a - b);
    if (have && missing.length === 0) return have.faces;
    if (have && have.faces.length <= MAX_ADDED_FACES) {
      const text = String.fromCodePoint(...missing);
      const data = await subsetFile(file, text, { cache: false });
      const family = have.faces[0]!.family;
      const face = { role: faceRole, family, file: `${family}.${hashOf(data).slice(0, 8)}.woff2`, data, text, range: unicodeRange(missing) };
      for (const cp of missing) have.cps.add(cp);
      have.faces = [...have.faces, face];
      return have.faces;
    }
    const all = new Set(have?.cps ?? [...(as.seed ?? SEED_TEXT)].map((c) => c.codePointAt(0)!).filter((cp) => fonts.hasGlyph(role, cp)));
    for (const cp of cps) all.add(cp);
    if (all.size === 0) return [];
    const text = String.fromCodePoint(...[...all].sort((a, b) => a - b));
    const data = await subsetFile(file, text, { cache: false });
    const hash = hashOf(data).slice(0, 8);
    const family = as.family ?? `${webFamily(role)}-${hash}`;
    const faces = [{ role: faceRole, family, file: as.family ? `${family}.${hash}.woff2` : `${family}.woff2`, data, text, range: null }];
    this.byRole.set(key, { cps: all, faces });
    return faces;
  }

  /** Forget fonts made from a file (it changed). */
  forget(file: string): void {
    for (const key of this.byRole.keys()) if (key.endsWith(`\u0000${file}`)) this.byRole.delete(key);
  }
}

/** @font-face rules of the preview's fonts, with the unicode-range of the added subsets. */
function facesCss(faces: (WebFace & { range?: string | null })[]): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:"${f.family}";src:url("/fonts/${f.file}") format("woff2");font-weight:400;font-style:normal;font-display:block${f.range ? `;unicode-range:${f.range}` : ''}}`,
    )
    .join('\n');
}

/** A map that forgets its oldest entries beyond a limit. */
class Recent<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: string, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.limit) this.delete(this.keys().next().value as string);
    return this;
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class PreviewSession {
  /** Changes with every start, so browsers of an earlier session load the page again. */
  readonly session = randomBytes(6).toString('hex');
  readonly app: Express;
  readonly choices: LayoutChoice[];
  layoutValue: string;

  private readonly paths: string[];
  private readonly layoutFile: string | null;
  private readonly io: { out: (s: string) => void; err: (s: string) => void };
  private readonly debounceMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly clients = new Map<string, Set<Response>>();
  private readonly faces = new GrowingFaces();
  private readonly fontStore = new Recent<Buffer>(KEEP_OLD);
  private readonly assetStore = new Recent<Asset>(KEEP_OLD);
  private readonly fontFiles = new Set<string>();
  /** Folders watched for single files in them, with those files. */
  private readonly fileDirs = new Map<string, Set<string>>();
  private readonly changedFonts = new Set<string>();
  private readonly js: Asset;
  private readonly css: Asset;
  private uiCss: Asset = makeAsset('preview-ui', 'css', '');
  private inner: Express;
  private siteAssets: ReturnType<typeof buildAssets>;
  private ui: BuiltSite['ui'] = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private building = false;
  private closed = false;
  private revs = 0;
  private fontStamp = 0;
  private missingTries = 0;
  private lastFiles = new Set<string>();
  private changed = new Set<string>();

  constructor(paths: string[], options: PreviewOptions = {}) {
    if (paths.length === 0) throw new ServeError('name a document or a folder of documents to preview (see epaper --help)');
    this.paths = paths;
    this.io = options.io ?? { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
    this.debounceMs = options.debounceMs ?? 50;
    const layout = options.layout ?? 'auto';
    const names = listTemplates();
    const isFile = /[\\/]/.test(layout) || layout.toLowerCase().endsWith('.json');
    if (!isFile && layout !== 'auto' && !names.includes(layout)) {
      throw new ServeError(`unknown layout "${layout}" (give auto, ${names.join(', ')} or a template .json file)`);
    }
    this.layoutFile = isFile ? resolve(layout) : null;
    this.layoutValue = isFile ? 'file' : layout;
    const label: Record<string, string> = { broadsheet: '对开（broadsheet）', tabloid: '四开（tabloid）' };
    this.choices = [
      { value: 'auto', label: '自动选版式' },
      ...names.map((n) => ({ value: n, label: label[n] ?? n })),
      ...(this.layoutFile ? [{ value: 'file', label: `自定义：${basename(this.layoutFile)}` }] : []),
    ];
    this.js = makeAsset('preview', 'js', trimSource(clientScript('preview'), 'js'));
    this.css = makeAsset('preview', 'css', trimSource(PREVIEW_CSS, 'css'));
    const site: BuiltSite = { editions: [], ui: null };
    this.siteAssets = buildAssets(site, [this.js, this.css]);
    this.inner = createApp({ editions: site, log: this.io.err, extraAssets: [this.js, this.css] });
    this.app = this.outerApp();
  }

  /** Lays out every edition once and starts watching (unless options.watch is false). */
  async start(watchFiles = true): Promise<void> {
    await this.rebuild();
    const site: BuiltSite = { editions: this.goodEditions() };
    const page = waitingPage(this.pageData('x'), { siteCss: '', css: '', js: '', icon: '', uiCss: '' }, this.choices, this.layoutValue);
    this.ui = await uiFont(site, `${clientScript('preview')}\n${page}\n预览`);
    await this.uiFaces(
      [...this.entries.values()].map((e) => e.source),
      [...this.entries.values()].flatMap((e) => e.errors),
    );
    this.swapApp();
    if (watchFiles) await this.startWatching();
    this.heartbeat = setInterval(() => {
      for (const set of this.clients.values()) for (const res of set) res.write(': ping\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  /** The edition ids, in the order found. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  state(id: string): PreviewState | null {
    const entry = this.entries.get(id);
    return entry ? this.stateOf(entry) : null;
  }

  /** Lays out again now (after waiting for a layout under way) and tells the browsers. */
  rebuild(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.buildAll();
        } while (this.again && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Chooses another layout and lays out again. */
  async setLayout(value: string): Promise<void> {
    if (!this.choices.some((c) => c.value === value)) throw new ServeError(`unknown layout choice "${value}"`);
    this.layoutValue = value;
    await this.rebuild();
  }

  /** Stops watching and ends the event streams. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    const w = this.watcher;
    this.watcher = null;
    await w?.close();
    for (const set of this.clients.values()) for (const res of set) res.end();
    this.clients.clear();
    await this.running?.catch(() => undefined);
  }

  /* ---------- laying out ---------- */

  private schedule(delay = this.debounceMs): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.rebuild().catch((error: unknown) => this.io.err(`epaper preview: ${(error as Error)?.stack ?? String(error)}`));
    }, delay);
  }

  private loadLayout(): Layout {
    return loadLayout(this.layoutValue === 'file' && this.layoutFile ? this.layoutFile : this.layoutValue);
  }

  private async buildAll(): Promise<void> {
    this.building = true;
    for (const [id, set] of this.clients) for (const res of set) send(res, 'building', { id });
    const changedFiles = [...this.changed];
    const changed = changedFiles.map(shown);
    this.changed.clear();
    let swapped = false;
    try {
      if (this.changedFonts.size > 0) {
        for (const file of this.changedFonts) {
          forgetFontFile(file);
          forgetSubsets(file);
          this.faces.forget(file);
        }
        forgetFonts();
        this.fontStamp++;
        this.changedFonts.clear();
      }
      let sources: EditionSource[];
      try {
        sources = findEditions(this.paths);
      } catch (error) {
        // Nothing to show at the start is a usage error; later, a path gone for good is reported.
        if (this.entries.size === 0) throw error;
        if (this.retryMissing(changedFiles)) return;
        for (const entry of this.entries.values()) this.fail(entry, error);
        this.report(changed, [...this.entries.values()]);
        return;
      }
      const files = new Set(sources.flatMap((s) => s.files));
      if ([...this.lastFiles].some((f) => !files.has(f)) && this.retryMissing(changedFiles)) return;
      this.missingTries = 0;
      this.lastFiles = files;
      const seen = new Set<string>();
      const todo: Entry[] = [];
      for (const source of sources) {
        seen.add(source.id);
        let entry = this.entries.get(source.id);
        if (!entry) {
          entry = { id: source.id, source, good: null, errors: [], failed: null, fresh: false };
          this.entries.set(source.id, entry);
        }
        entry.source = source;
        todo.push(entry);
      }
      let layout: Layout | null = null;
      try {
        layout = this.loadLayout();
      } catch (error) {
        for (const entry of todo) {
          this.fail(entry, error);
          entry.failed = null;
        }
      }
      if (layout) {
        for (const entry of todo) {
          entry.fresh = await this.buildEntry(entry, layout);
          if (entry.fresh) swapped = true;
        }
        this.watchFonts(layout);
      }
      for (const entry of this.entries.values()) {
        if (seen.has(entry.id)) continue;
        this.fail(entry, new Error(`${shown(entry.source.root)}: no documents of this edition are left`));
      }
      this.report(changed, [...this.entries.values()]);
    } finally {
      if (swapped) this.swapApp();
      this.building = false;
      for (const entry of this.entries.values()) this.broadcast(entry);
      // Not on the way to the page: the interface font follows the new text a moment later.
      setImmediate(() => void this.updateUi().catch(() => undefined));
    }
  }

  /** True when a missing document is given a moment to come back (an editor replacing the file). */
  private retryMissing(changedFiles: string[] = []): boolean {
    if (this.missingTries >= MISSING_RETRIES || this.closed) return false;
    this.missingTries++;
    for (const f of changedFiles) this.changed.add(f);
    this.again = false;
    this.schedule(MISSING_RETRY_MS);
    return true;
  }

  /** Lays out one edition; true when there is a new good layout. */
  private async buildEntry(entry: Entry, layout: Layout): Promise<boolean> {
    const source = entry.source;
    const started = performance.now();
    const images = imagesStamp(source.imagesDir);
    let key: string;
    try {
      key = inputKey(source, layout, this.fontStamp, images);
    } catch (error) {
      this.fail(entry, error);
      return false;
    }
    if (entry.good?.key === key) {
      entry.errors = [];
      entry.failed = null;
      return false;
    }
    if (entry.failed === key) return false;
    try {
      const built = await buildEdition(source, layout.template, { smaller: layout.smaller, editionPdf: false, pagePdfs: false });
      const errors = built.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        entry.errors = placeProblems(entry.good?.site.edition ?? null, errors);
        entry.failed = key;
        return false;
      }
      const template = layout.smaller && built.edition.layout.template === layout.smaller.name ? layout.smaller : layout.template;
      const fonts = fontsFor(template);
      const edition = resolveFrameLinks(built.edition);
      const faces = await this.faces.faces(edition.layout.pages, fonts);
      const rev = ++this.revs;
      const site = siteEdition(edition, {
        dir: source.root,
        pdfs: new Map(edition.layout.pages.map((p) => [p.number, `${String(p.number).padStart(2, '0')}.pdf`])),
        editionPdf: null,
        faces,
        fonts,
        imagesDir: source.imagesDir,
        cacheDir: null,
        rev: `${this.session}.${rev}`,
        imageRev: images || null,
      });
      site.fontCss = facesCss(faces);
      const fontCss = makeAsset('fonts', 'css', site.fontCss);
      for (const f of faces) this.fontStore.set(f.file, f.data);
      this.assetStore.set(fontCss.file, fontCss);
      entry.good = { rev, key, site, problems: placeProblems(edition, built.diagnostics), fontCss, ms: performance.now() - started, at: Date.now(), pdfs: new Map() };
      entry.errors = [];
      entry.failed = null;
      return true;
    } catch (error) {
      this.fail(entry, error);
      entry.failed = key;
      return false;
    }
  }

  /**
   * The interface font for the panel, the banner and the source view, grown to hold the characters of
   * the documents and of the diagnostics; its stylesheet is uiCss. True when it changed.
   */
  private async uiFaces(sources: EditionSource[], diagnostics: Diagnostic[]): Promise<boolean> {
    const parts: string[] = [];
    for (const source of sources) {
      for (const file of source.files) {
        parts.push(shown(file));
        try {
          const decoded = decode(readFileSync(file));
          if (!decoded.binary) parts.push(decoded.text);
        } catch {
          // a file that cannot be read has no text to show
        }
      }
    }
    for (const d of diagnostics) parts.push(d.file, d.message);
    let faces: WebFace[] = [];
    try {
      faces = await this.faces.ui(parts.join('\n'), loadFontSet());
    } catch {
      faces = [];
    }
    for (const f of faces) this.fontStore.set(f.file, f.data);
    const css = makeAsset('preview-ui', 'css', facesCss(faces));
    if (css.file === this.uiCss.file) return false;
    this.uiCss = css;
    this.assetStore.set(css.file, css);
    return true;
  }

  /** After a layout has been sent: grows the interface font for it, and tells the browsers if it grew. */
  private async updateUi(): Promise<void> {
    if (this.closed) return;
    const entries = [...this.entries.values()];
    const diagnostics = entries.flatMap((e) => [...e.errors, ...(e.good?.problems ?? [])]);
    if (await this.uiFaces(entries.map((e) => e.source), diagnostics)) for (const entry of entries) this.broadcast(entry);
  }

  /** Records why an edition could not be laid out; its last good layout stays. */
  private fail(entry: Entry, error: unknown): void {
    const e = error as Error & { file?: string; problems?: { line?: number; column?: number }[] };
    let file = shown(entry.source.root);
    let line: number | null = null;
    let column: number | null = null;
    let rule = 'input';
    let message = errorMessage(error);
    if (e?.name === 'TemplateError' && typeof e.file === 'string') {
      file = shown(e.file);
      line = e.problems?.[0]?.line ?? null;
      column = e.problems?.[0]?.column ?? null;
      rule = 'layout';
    } else if (typeof e?.file === 'string') {
      file = e.file;
    } else {
      const named = /^(.+?): /.exec(message)?.[1];
      if (named && (named.includes('/') || DOC_EXT.test(named))) file = shown(named);
      if (!(e instanceof Error) || !['UsageError', 'Error', 'InputError'].includes(e.constructor.name)) rule = 'internal';
    }
    for (const prefix of [`${file}: `, `${resolve(file)}: `]) if (message.startsWith(prefix)) message = message.slice(prefix.length);
    if (rule === 'internal') this.io.err(`epaper preview: ${(error as Error)?.stack ?? message}`);
    const d: Diagnostic = { file, line, column, severity: 'error', rule, message };
    entry.errors = placeProblems(entry.good?.site.edition ?? null, [d]);
  }

  /** One line per edition on the terminal after a layout. */
  private report(changed: string[], entries: Entry[]): void {
    const time = new Date().toTimeString().slice(0, 8);
    const what = changed.length ? `${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ' …' : ''} changed` : 'laid out';
    for (const entry of entries) {
      if (entry.errors.length > 0) {
        const d = entry.errors[0]!;
        this.io.err(`${time} ${entry.id}: ${what}; NOT updated: ${d.file}${d.line != null ? `:${d.line}:${d.column ?? 1}` : ''} ${d.message}`);
      } else if (entry.good && !entry.fresh) {
        this.io.out(`${time} ${entry.id}: ${what}; the layout on screen is up to date`);
      } else if (entry.good) {
        const p = entry.good.problems;
        const count = (s: string) => p.filter((d) => d.severity === s).length;
        this.io.out(`${time} ${entry.id}: ${what} → ${entry.good.site.edition.layout.template}, ${entry.good.ms.toFixed(0)} ms, ${count('warning')} warning(s), ${count('info')} note(s)`);
      }
    }
  }

  private goodEditions(): SiteEdition[] {
    return sortEditions([...this.entries.values()].flatMap((e) => (e.good ? [e.good.site] : [])));
  }

  /** A new viewer server over the latest good layouts. */
  private swapApp(): void {
    const site: BuiltSite = { editions: this.goodEditions(), ui: this.ui };
    const extra = [this.js, this.css];
    this.siteAssets = buildAssets(site, extra);
    for (const a of this.siteAssets.byFile.values()) this.assetStore.set(a.file, a);
    if (site.ui) this.fontStore.set(site.ui.file, site.ui.data);
    this.inner = createApp({
      editions: site,
      log: this.io.err,
      compress: false,
      extraAssets: extra,
      viewerExtras: (e) => previewExtras(this.pageData(e.id), { css: this.css.file, js: this.js.file, uiCss: this.uiCss.file }, this.choices, this.layoutValue),
    });
  }

  private pageData(id: string): PreviewPageData {
    const enc = encodeURIComponent(id);
    return {
      session: this.session,
      id,
      rev: this.entries.get(id)?.good?.rev ?? 0,
      events: `/e/${enc}/events`,
      source: '/preview/source',
      layout: '/preview/layout',
    };
  }

  private stateOf(entry: Entry): PreviewState {
    const good = entry.good;
    const first = good?.site.edition.layout.pages[0]?.number ?? 1;
    return {
      session: this.session,
      id: entry.id,
      rev: good?.rev ?? 0,
      ok: entry.errors.length === 0,
      building: this.building,
      errors: entry.errors,
      problems: good?.problems ?? [],
      layout: { value: this.layoutValue, template: good?.site.edition.layout.template ?? null },
      viewer: good ? viewerData(good.site, first, null) : null,
      fontCss: good ? `/assets/${good.fontCss.file}` : null,
      uiCss: `/assets/${this.uiCss.file}`,
      title: good ? editionTitle(good.site) : null,
      ms: good ? Math.round(good.ms) : null,
      updated: good?.at ?? null,
    };
  }

  private broadcast(entry: Entry): void {
    const set = this.clients.get(entry.id);
    if (!set || set.size === 0) return;
    const state = this.stateOf(entry);
    for (const res of set) send(res, 'state', state);
  }

  /* ---------- watching ---------- */

  /**
   * Folders are watched as such; single files (a one-file edition, the layout file, fonts) through
   * their folder, which sees a file that is deleted and written again.
   */
  private async startWatching(): Promise<void> {
    const folders = new Set<string>();
    for (const path of this.paths.map((p) => resolve(p))) {
      let folder = false;
      try {
        folder = statSync(path).isDirectory();
      } catch {
        folder = false;
      }
      if (folder) folders.add(path);
      else this.watchFile(path);
    }
    if (this.layoutFile) this.watchFile(this.layoutFile);
    const inFolder = (path: string) => [...folders].some((f) => path.startsWith(f + sep));
    const watcher = watch([...folders, ...this.fileDirs.keys()], {
      ignoreInitial: true,
      depth: 2,
      ignored: (path: string) => {
        if (folders.has(path) || this.fileDirs.has(path)) return false;
        if (this.fileDirs.get(dirname(path))?.has(path)) return false;
        if (!inFolder(path)) return true;
        const name = basename(path);
        return name === 'node_modules' || name.startsWith('.');
      },
    });
    this.watcher = watcher;
    watcher.on('all', (event, path) => this.onChange(event, resolve(path)));
    watcher.on('error', (error) => this.io.err(`epaper preview: watching files: ${errorMessage(error)}`));
    await new Promise<void>((r) => watcher.once('ready', () => r()));
    for (const file of this.fontFiles) this.watchFile(file);
  }

  /** Watches one file through its folder. */
  private watchFile(file: string): void {
    const dir = dirname(file);
    const files = this.fileDirs.get(dir);
    if (files) {
      files.add(file);
      return;
    }
    this.fileDirs.set(dir, new Set([file]));
    this.watcher?.add(dir);
  }

  /** Watches the font files of a layout (once each). */
  private watchFonts(layout: Layout): void {
    for (const template of [layout.template, layout.smaller]) {
      if (!template) continue;
      let fonts: FontSet;
      try {
        fonts = fontsFor(template);
      } catch {
        continue;
      }
      for (const role of fonts.roles()) {
        try {
          const file = resolve(fonts.file(role));
          if (this.fontFiles.has(file)) continue;
          this.fontFiles.add(file);
          if (this.watcher) this.watchFile(file);
        } catch {
          // a role whose font is not installed is reported when it is used
        }
      }
    }
  }

  private onChange(event: string, path: string): void {
    if (this.closed) return;
    if (this.fontFiles.has(path)) {
      if (FONT_EXT.test(path)) this.changedFonts.add(path);
    } else if (path !== this.layoutFile && event !== 'addDir' && event !== 'unlinkDir') {
      const inImages = basename(resolve(path, '..')) === 'images';
      if (!DOC_EXT.test(path) && !(inImages && IMAGE_EXT.test(path))) return;
    }
    this.changed.add(path);
    this.schedule();
  }

  /* ---------- HTTP ---------- */

  /** Files the source route may show: the documents of the editions and the layout file. */
  private watchedFiles(): Map<string, { path: string; text: boolean }> {
    const map = new Map<string, { path: string; text: boolean }>();
    for (const entry of this.entries.values()) for (const f of entry.source.files) map.set(shown(f), { path: f, text: false });
    if (this.layoutFile) map.set(shown(this.layoutFile), { path: this.layoutFile, text: true });
    return map;
  }

  private outerApp(): Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use((req, res, next) => {
      res.set('X-Content-Type-Options', 'nosniff');
      next();
    });
    // Pages of the preview only answer to loopback names (no DNS rebinding onto the source files).
    app.use((req, res, next) => {
      const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
      const bound = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
      if (!isLoopback(bound) || isLoopback(host)) return next();
      res.status(421).type('text/plain; charset=utf-8').send('This preview answers on 127.0.0.1 and localhost only.\n');
    });

    app.get('/e/:id/events', (req, res) => this.events(req, res));
    app.get('/preview/state/:id', (req, res) => {
      const state = this.state(req.params.id);
      if (!state) return void res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${req.params.id}"`, editions: this.ids() });
      res.set('Cache-Control', 'no-store').json(state);
    });
    app.get('/preview/source', (req, res) => this.source(req, res));
    app.post('/preview/layout', express.json({ limit: '2kb' }), (req, res) => {
      const value = (req.body as { layout?: unknown } | undefined)?.layout;
      if (typeof value !== 'string' || !this.choices.some((c) => c.value === value)) {
        res.status(400).set('Cache-Control', 'no-store').json({ error: 'send {"layout": …} with one of the choices', choices: this.choices.map((c) => c.value) });
        return;
      }
      this.layoutValue = value;
      void this.rebuild();
      res.status(202).set('Cache-Control', 'no-store').json({ layout: value });
    });
    app.get('/fonts/:file', (req, res, next) => {
      const data = this.fontStore.get(req.params.file);
      if (!data) return next();
      res.status(200).type('font/woff2').set('Cache-Control', IMMUTABLE).send(data);
    });
    app.get('/assets/:file', (req, res, next) => {
      const a = this.assetStore.get(req.params.file);
      if (!a) return next();
      res.status(200).type(a.type).set('Cache-Control', IMMUTABLE).send(a.data);
    });
    app.get('/e/:id/pdf/:file', (req, res, next) => void this.pdf(req, res, next));
    // An edition that has never been laid out: a page that waits for it.
    app.get(/^\/e\/([^/]+)(?:\/(?:\d{1,4}\/(?:[^/]*)?)?)?$/, (req, res, next) => {
      let id: string;
      try {
        id = decodeURIComponent((req.params as Record<string, string>)[0] ?? '');
      } catch {
        return next();
      }
      const entry = this.entries.get(id);
      if (!entry || entry.good) return next();
      res
        .status(200)
        .type('text/html; charset=utf-8')
        .set('Cache-Control', 'no-store')
        .send(
          waitingPage(
            this.pageData(id),
            { siteCss: this.siteAssets.css.file, css: this.css.file, js: this.js.file, icon: this.siteAssets.icon.file, uiCss: this.uiCss.file },
            this.choices,
            this.layoutValue,
          ),
        );
    });
    app.use((req, res, next) => this.inner(req, res, next));
    return app;
  }

  private events(req: Request, res: Response): void {
    const id = String(req.params.id);
    const entry = this.entries.get(id);
    if (!entry || this.closed) {
      res.status(404).set('Cache-Control', 'no-store').json({ error: `no edition "${id}"` });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    send(res, 'state', this.stateOf(entry));
    let set = this.clients.get(id);
    if (!set) this.clients.set(id, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
  }

  private source(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const file = typeof req.query.file === 'string' ? req.query.file : '';
    const found = this.watchedFiles().get(file);
    if (!found) {
      res.status(404).json({ error: 'not one of the files this preview watches' });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(found.path);
    } catch (error) {
      res.status(404).json({ error: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    const decoded = found.text ? { text: bytes.toString('utf8'), binary: false } : decode(bytes);
    if (decoded.binary) {
      res.status(200).json({ file, line: 1, first: 1, lines: [], total: 0, binary: true });
      return;
    }
    const lines = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
    const want = Number(req.query.line);
    const line = Number.isInteger(want) && want >= 1 ? Math.min(want, lines.length) : 1;
    const context = 6;
    const first = Math.max(1, line - context);
    const last = Math.min(lines.length, line + context);
    const cut = (s: string) => ([...s].length > 400 ? `${[...s].slice(0, 400).join('')}…` : s);
    res.json({ file, line, first, lines: lines.slice(first - 1, last).map(cut), total: lines.length, binary: false });
  }

  /** Page PDFs of the preview, made when asked for. */
  private async pdf(req: Request, res: Response, next: NextFunction): Promise<void> {
    const good = this.entries.get(String(req.params.id))?.good;
    const m = /^(\d{1,4})\.pdf$/.exec(String(req.params.file));
    const page = m && good ? good.site.edition.layout.pages.find((p) => p.number === Number(m[1])) : undefined;
    if (!good || !page) return next();
    let made = good.pdfs.get(page.number);
    if (!made) {
      const e = good.site.edition;
      made = renderPagePdfs([page], good.site.fonts, {
        title: [e.paper, e.date].filter(Boolean).join(' ') || e.id,
        author: e.paper ?? undefined,
        lang: e.lang,
        creationDate: creationDate(e),
        imagesDir: good.site.imagesDir,
      }).then((list) => list[0]!);
      good.pdfs.set(page.number, made);
      made.catch(() => good.pdfs.delete(page.number));
    }
    try {
      const data = await made;
      res
        .status(200)
        .type('application/pdf')
        .set({ 'Cache-Control': 'no-cache', 'Content-Disposition': `inline; filename="${good.site.id.replace(/[^\w.-]/g, '_')}-${String(page.number).padStart(2, '0')}.pdf"` })
        .send(data);
    } catch (error) {
      next(error);
    }
  }
}

function send(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export interface Previewing {
  url: string;
  /** The viewer URL of the first edition (or the archive when there are several). */
  pageUrl: string;
  server: Server;
  session: PreviewSession;
  close(): Promise<void>;
  closed: Promise<void>;
}

/** Lays out the sources, listens, and watches them until closed. */
export async function preview(paths: string[], options: PreviewOptions = {}): Promise<Previewing> {
  const io = options.io ?? { out: (s: string) => process.stdout.write(`${s}\n`), err: (s: string) => process.stderr.write(`${s}\n`) };
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  const session = new PreviewSession(paths, { ...options, io });
  try {
    await session.start(options.watch ?? true);
    const { server, url } = await listenOn(session.app, port, host);
    const { close, closed } = closer(server, options.signals ?? true, io, () => session.close());
    const ids = session.ids();
    const pageUrl = ids.length === 1 ? `${url.replace(/\/$/, '')}${viewerHref(ids[0]!, 1)}` : url;
    if (!isLoopback(host.replace(/^\[|\]$/g, ''))) {
      io.err(`warning: the preview listens on ${host}, so other machines can reach it and read the watched documents; leave out --host to keep it on 127.0.0.1`);
    }
    io.out(`\nPreview of ${ids.length} edition(s) at ${pageUrl}\nWatching the documents, images, layout and fonts; save a file to see the page change. Press Ctrl+C to stop.`);
    return { url, pageUrl, server, session, close, closed };
  } catch (error) {
    await session.close();
    throw error;
  }
}
