/**
 * Watching the preview's inputs with chokidar: the folders of the editions as such, and single files
 * (a one-file edition, the layout file, the fonts) through their folder, which sees a file that is
 * deleted and written again. Changes that matter (documents, images in an images/ folder, the layout
 * file, the fonts) are passed on; fonts are named so the session can forget what it made from them.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FontSet } from '../../layout/fonts.js';
import { fontsFor, type Layout } from '../../pipeline/build.js';
import { DOC_EXT } from '../../pipeline/sources.js';
import { errorMessage, FONT_EXT, IMAGE_EXT } from './inputs.js';

export interface Change {
  path: string;
  /** A font file changed (the fonts made from it are out of date). */
  font: boolean;
}

export class Watching {
  private watcher: FSWatcher | null = null;
  private readonly fontFiles = new Set<string>();
  /** Folders watched for single files in them, with those files. */
  private readonly fileDirs = new Map<string, Set<string>>();

  constructor(
    private readonly paths: string[],
    private readonly layoutFile: string | null,
    private readonly onChange: (change: Change) => void,
    private readonly report: (message: string) => void,
  ) {}

  async start(): Promise<void> {
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
    watcher.on('all', (event, path) => this.changed(event, resolve(path)));
    watcher.on('error', (error) => this.report(`epaper preview: watching files: ${errorMessage(error)}`));
    await new Promise<void>((r) => watcher.once('ready', () => r()));
    for (const file of this.fontFiles) this.watchFile(file);
  }

  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    await w?.close();
  }

  /** Watches the font files of a layout (once each). */
  watchFonts(layout: Layout): void {
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

  private changed(event: string, path: string): void {
    const font = this.fontFiles.has(path);
    if (!font && path !== this.layoutFile && event !== 'addDir' && event !== 'unlinkDir') {
      const inImages = basename(resolve(path, '..')) === 'images';
      if (!DOC_EXT.test(path) && !(inImages && IMAGE_EXT.test(path))) return;
    }
    this.onChange({ path, font: font && FONT_EXT.test(path) });
  }
}
