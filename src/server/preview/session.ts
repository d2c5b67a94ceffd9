/**
 * One preview session: the editions being previewed, their last good layouts and the reasons the
 * latest input could not be laid out, laying out again after changes (debounced, one run at a time),
 * the state sent to browsers, and the viewer app over the good layouts.
 */
import { randomBytes } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Response } from 'express';
import type { Diagnostic } from '../../model/schema.js';
import { forgetFontFile, loadFontSet } from '../../layout/fonts/index.js';
import { listTemplates } from '../../layout/template/index.js';
import { forgetSubsets } from '../../render/fonts-web.js';
import { renderPagePdfs } from '../../render/pdf/index.js';
import { buildEdition, forgetFonts, loadLayout, type Layout } from '../../pipeline/build.js';
import { findEditions, type EditionSource } from '../../pipeline/sources.js';
import type { LayoutChoice, PreviewPageData, PreviewState } from '../../viewer/protocol.js';
import { makeAsset } from '../assets.js';
import { browserScript } from '../browser-scripts.js';
import { editionTitle, framePage, pageAt, previewEventsHref } from '../labels.js';
import { ServeError } from '../listen.js';
import { viewerData } from '../pages.js';
import { siteEdition, sortEditions } from '../site.js';
import type { BuiltSite, SiteEdition, WebFace } from '../types.js';
import { uiFont } from '../ui-font.js';
import { facesCss, GrowingFaces, interfaceText } from './faces.js';
import { reportLayout } from './report.js';
import { errorMessage, failureDiagnostic, imagesStamp, inputKey, shown } from './inputs.js';
import { previewExtras, waitingPage } from './markup.js';
import { PreviewApp } from './viewer-app.js';
import { placeProblems } from './problems.js';
import type { Entry, PreviewOptions } from './types.js';
import { Watching, type Change } from './watching.js';

export type { Entry, PreviewOptions } from './types.js';

/** Waits before reporting a document of the edition as gone (an editor may be replacing it). */
const MISSING_RETRY_MS = 150;
const MISSING_RETRIES = 2;
const LAYOUT_LABELS: Record<string, string> = { broadsheet: '对开（broadsheet）', tabloid: '四开（tabloid）' };

function sendEvent(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class PreviewSession {
  /** Changes with every start, so browsers of an earlier session load the page again. */
  readonly session = randomBytes(6).toString('hex');
  readonly choices: LayoutChoice[];
  layoutValue: string;
  readonly layoutFile: string | null;
  /** The viewer app over the good layouts, and the files of earlier ones. */
  readonly view: PreviewApp;
  readonly entries = new Map<string, Entry>();
  readonly clients = new Map<string, Set<Response>>();
  closed = false;

  private readonly paths: string[];
  private readonly io: { out: (s: string) => void; err: (s: string) => void };
  private readonly debounceMs: number;
  private readonly faces = new GrowingFaces();
  private readonly changedFonts = new Set<string>();
  private readonly watching: Watching;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private building = false;
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
    this.choices = [
      { value: 'auto', label: '自动选版式' },
      ...names.map((n) => ({ value: n, label: LAYOUT_LABELS[n] ?? n })),
      ...(this.layoutFile ? [{ value: 'file', label: `自定义：${basename(this.layoutFile)}` }] : []),
    ];
    this.view = new PreviewApp(this.io.err);
    this.watching = new Watching(paths, this.layoutFile, (c) => this.onChange(c), this.io.err);
  }

  /** Lays out every edition once and starts watching (unless watchFiles is false). */
  async start(watchFiles = true): Promise<void> {
    await this.rebuild();
    const site: BuiltSite = { editions: this.goodEditions() };
    const page = waitingPage(this.pageData('x'), { siteCss: '', css: '', js: '', icon: '', uiCss: '' }, this.choices, this.layoutValue);
    this.view.ui = await uiFont(site, `${browserScript('preview')}\n${page}\n预览`);
    const entries = [...this.entries.values()];
    await this.uiFaces(
      entries.map((e) => e.source),
      entries.flatMap((e) => e.errors),
    );
    this.swapApp();
    if (watchFiles) await this.watching.start();
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
    await this.watching.close();
    for (const set of this.clients.values()) for (const res of set) res.end();
    this.clients.clear();
    await this.running?.catch(() => undefined);
  }

  /** Adds a browser to the event stream of an edition and sends it the state. */
  subscribe(entry: Entry, res: Response): void {
    sendEvent(res, 'state', this.stateOf(entry));
    let set = this.clients.get(entry.id);
    if (!set) this.clients.set(entry.id, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
  }

  /** The page PDF of frame page n of an edition's good layout, made when first asked for; null when none. */
  pagePdf(id: string, n: number): { made: Promise<Buffer>; site: SiteEdition } | null {
    const good = this.entries.get(id)?.good;
    const page = good ? framePage(good.site, n) : undefined;
    if (!good || !page) return null;
    let made = good.pdfs.get(n);
    if (!made) {
      made = renderPagePdfs([page], good.site.fonts, good.pdfOptions).then((list) => list[0]!);
      good.pdfs.set(n, made);
      made.catch(() => good.pdfs.delete(n));
    }
    return { made, site: good.site };
  }

  /** The page PDF a file name names ("A01.pdf", "03.pdf", "3.pdf") in an edition's good layout; null when none. */
  pagePdfFile(id: string, file: string): { made: Promise<Buffer>; site: SiteEdition; file: string } | null {
    const site = this.entries.get(id)?.good?.site;
    const n = site ? pageAt(site, /^(.+)\.pdf$/.exec(file)?.[1]) : undefined;
    const found = n === undefined ? null : this.pagePdf(id, n);
    return found ? { ...found, file: found.site.pdfs.get(n!) ?? file } : null;
  }

  /** Files the source route may show: the documents of the editions and the layout file. */
  watchedFiles(): Map<string, { path: string; text: boolean }> {
    const map = new Map<string, { path: string; text: boolean }>();
    for (const entry of this.entries.values()) for (const f of entry.source.files) map.set(shown(f), { path: f, text: false });
    if (this.layoutFile) map.set(shown(this.layoutFile), { path: this.layoutFile, text: true });
    return map;
  }

  pageData(id: string): PreviewPageData {
    return {
      session: this.session,
      id,
      rev: this.entries.get(id)?.good?.rev ?? 0,
      events: previewEventsHref(id),
      source: '/preview/source',
      layout: '/preview/layout',
    };
  }

  stateOf(entry: Entry): PreviewState {
    const good = entry.good;
    return {
      session: this.session,
      id: entry.id,
      rev: good?.rev ?? 0,
      ok: entry.errors.length === 0,
      building: this.building,
      errors: entry.errors,
      problems: good?.problems ?? [],
      layout: { value: this.layoutValue, template: good?.site.edition.layout.template ?? null },
      viewer: good ? viewerData(good.site, 1, null) : null,
      fontCss: good ? `/assets/${good.fontCss.file}` : null,
      uiCss: `/assets/${this.view.uiCss.file}`,
      title: good ? editionTitle(good.site) : null,
      ms: good ? Math.round(good.ms) : null,
      updated: good?.at ?? null,
    };
  }

  /* ---------- laying out ---------- */

  private onChange(change: Change): void {
    if (this.closed) return;
    if (change.font) this.changedFonts.add(change.path);
    this.changed.add(change.path);
    this.schedule();
  }

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

  /** Forgets what was made from font files that changed. */
  private forgetChangedFonts(): void {
    if (this.changedFonts.size === 0) return;
    for (const file of this.changedFonts) {
      forgetFontFile(file);
      forgetSubsets(file);
      this.faces.forget(file);
    }
    forgetFonts();
    this.fontStamp++;
    this.changedFonts.clear();
  }

  /** The entries of the editions found now (new ones added); null when the sources are gone for now. */
  private findEntries(changedFiles: string[], changed: string[]): { todo: Entry[]; seen: Set<string> } | null {
    let sources: EditionSource[];
    try {
      sources = findEditions(this.paths);
    } catch (error) {
      // Nothing to show at the start is a usage error; later, a path gone for good is reported.
      if (this.entries.size === 0) throw error;
      if (this.retryMissing(changedFiles)) return null;
      for (const entry of this.entries.values()) this.fail(entry, error);
      reportLayout(this.io, changed, [...this.entries.values()]);
      return null;
    }
    const files = new Set(sources.flatMap((s) => s.files));
    if ([...this.lastFiles].some((f) => !files.has(f)) && this.retryMissing(changedFiles)) return null;
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
    return { todo, seen };
  }

  private async buildAll(): Promise<void> {
    this.building = true;
    for (const [id, set] of this.clients) for (const res of set) sendEvent(res, 'building', { id });
    const changedFiles = [...this.changed];
    const changed = changedFiles.map(shown);
    this.changed.clear();
    let swapped = false;
    try {
      this.forgetChangedFonts();
      const found = this.findEntries(changedFiles, changed);
      if (!found) return;
      let layout: Layout | null = null;
      try {
        layout = this.loadLayout();
      } catch (error) {
        for (const entry of found.todo) {
          this.fail(entry, error);
          entry.failed = null;
        }
      }
      if (layout) {
        for (const entry of found.todo) {
          entry.fresh = await this.buildEntry(entry, layout);
          if (entry.fresh) swapped = true;
        }
        this.watching.watchFonts(layout);
      }
      for (const entry of this.entries.values()) {
        if (!found.seen.has(entry.id)) this.fail(entry, new Error(`${shown(entry.source.root)}: no documents of this edition are left`));
      }
      reportLayout(this.io, changed, [...this.entries.values()]);
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
      const built = await buildEdition(source, layout.template, { smaller: layout.smaller, editionPdf: false, pagePdfs: false, formats: false });
      const errors = built.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        entry.errors = placeProblems(entry.good?.site.edition ?? null, errors);
        entry.failed = key;
        return false;
      }
      const edition = built.edition;
      const faces = await this.faces.faces(edition.layout.pages, built.fonts);
      const rev = ++this.revs;
      const site = siteEdition(edition, {
        dir: source.root,
        pdfs: new Map(edition.layout.pages.map((p, i) => [i + 1, `${p.code}.pdf`])),
        editionPdf: null,
        faces,
        fonts: built.fonts,
        imagesDir: source.imagesDir,
        cacheDir: null,
        rev: `${this.session}.${rev}`,
        imageRev: images || null,
      });
      site.fontCss = facesCss(faces);
      const fontCss = makeAsset('fonts', 'css', site.fontCss);
      this.view.keep(faces, fontCss);
      const ms = performance.now() - started;
      entry.good = { rev, key, site, problems: placeProblems(edition, built.diagnostics), fontCss, pdfOptions: built.pageOptions, ms, at: Date.now(), pdfs: new Map() };
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
    let faces: WebFace[] = [];
    try {
      faces = await this.faces.ui(interfaceText(sources, diagnostics), loadFontSet());
    } catch {
      faces = [];
    }
    this.view.keep(faces);
    return this.view.useUiCss(makeAsset('preview-ui', 'css', facesCss(faces)));
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
    const d = failureDiagnostic(error, entry.source.root);
    if (d.rule === 'internal') this.io.err(`epaper preview: ${(error as Error)?.stack ?? errorMessage(error)}`);
    entry.errors = placeProblems(entry.good?.site.edition ?? null, [d]);
  }

  private goodEditions(): SiteEdition[] {
    return sortEditions([...this.entries.values()].flatMap((e) => (e.good ? [e.good.site] : [])));
  }

  /** A new viewer app over the latest good layouts. */
  private swapApp(): void {
    const { css, js } = this.view;
    this.view.swap(this.goodEditions(), (e) => previewExtras(this.pageData(e.id), { css: css.file, js: js.file, uiCss: this.view.uiCss.file }, this.choices, this.layoutValue));
  }

  private broadcast(entry: Entry): void {
    const set = this.clients.get(entry.id);
    if (!set || set.size === 0) return;
    const state = this.stateOf(entry);
    for (const res of set) sendEvent(res, 'state', state);
  }
}
