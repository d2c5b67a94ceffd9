/**
 * The viewer app the preview shows its good layouts with, and the files it keeps for pages still
 * showing earlier layouts: web fonts and stylesheets of the last few layouts, the preview's script and
 * stylesheet, and the interface font's stylesheet.
 */
import type { Express } from 'express';
import { buildAssets, createApp } from '../app.js';
import { makeAsset, trimSource, type Asset } from '../assets.js';
import { browserScript } from '../browser-scripts.js';
import type { BuiltSite, SiteAssets, SiteEdition, ViewerExtras, WebFace } from '../types.js';
import { Recent } from './faces.js';
import { PREVIEW_CSS } from './markup.js';

/** Older web fonts and stylesheets kept for pages still showing them. */
const KEEP_OLD = 48;

export class PreviewApp {
  readonly fontStore = new Recent<Buffer>(KEEP_OLD);
  readonly assetStore = new Recent<Asset>(KEEP_OLD);
  readonly js = makeAsset('preview', 'js', trimSource(browserScript('preview'), 'js'));
  readonly css = makeAsset('preview', 'css', trimSource(PREVIEW_CSS, 'css'));
  /** The stylesheet of the preview's interface font. */
  uiCss: Asset = makeAsset('preview-ui', 'css', '');
  /** The viewer's interface font. */
  ui: BuiltSite['ui'] = null;
  inner: Express;
  siteAssets: SiteAssets;

  constructor(private readonly log: (message: string) => void) {
    const site: BuiltSite = { editions: [], ui: null };
    this.siteAssets = buildAssets(site, [this.js, this.css]);
    this.inner = createApp({ editions: site, log, extraAssets: [this.js, this.css] });
  }

  /** Keeps web fonts and a stylesheet of a new layout. */
  keep(faces: WebFace[], css?: Asset): void {
    for (const f of faces) this.fontStore.set(f.file, f.data);
    if (css) this.assetStore.set(css.file, css);
  }

  /** A new interface font stylesheet; false when it is the one in use. */
  useUiCss(css: Asset): boolean {
    if (css.file === this.uiCss.file) return false;
    this.uiCss = css;
    this.assetStore.set(css.file, css);
    return true;
  }

  /** A new viewer app over the given good layouts, with the preview's markup on each viewer page. */
  swap(editions: SiteEdition[], extras: (e: SiteEdition) => ViewerExtras): void {
    const site: BuiltSite = { editions, ui: this.ui };
    const extra = [this.js, this.css];
    this.siteAssets = buildAssets(site, extra);
    for (const a of this.siteAssets.byFile.values()) this.assetStore.set(a.file, a);
    if (site.ui?.data) this.fontStore.set(site.ui.file, site.ui.data);
    this.inner = createApp({ editions: site, log: this.log, compress: false, extraAssets: extra, viewerExtras: extras });
  }
}
