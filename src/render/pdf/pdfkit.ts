/**
 * The one place that reaches into pdfkit beyond its typed API: object references, the current page's
 * dictionary, fonts and annotations, the catalog, image embedding and the metadata hooks. Everything
 * else in the PDF renderer writes through PdfWriter and treats objects and pages as opaque handles.
 *
 * pdfkit numbers an object when it is created and writes it when it is ended, so the order of
 * reserve/object/fill calls decides the bytes of the file.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate as deflateAsync, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** A PDF object (indirect reference); opaque outside this file. */
export interface PdfRef {
  readonly __pdfRef: unique symbol;
}

/** A page of the document being written; opaque outside this file. */
export interface PdfPage {
  readonly __pdfPage: unique symbol;
}

/** pdfkit's object reference. */
interface Ref {
  data: Record<string, unknown>;
  /** Whether pdfkit deflates the stream (set before writing). */
  compress: boolean;
  /** The stream's chunks until the object is written. */
  buffer: Uint8Array[];
  end(chunk?: Uint8Array | string): void;
  finalize(): void;
}

/** pdfkit's page. */
interface Page {
  fonts: Record<string, unknown>;
  annotations: unknown[];
  dictionary: Ref;
  content: Ref;
  write(chunk: Uint8Array | string): void;
}

/** The parts of pdfkit's PDFDocument used beyond its typed API. */
interface DocInternals {
  page: Page;
  info: Record<string, unknown>;
  ref(data?: Record<string, unknown>): Ref;
  openImage(src: Buffer): object;
  _addInfo(): void;
  /** Writes the XMP metadata stream; called by pdfkit while the document ends. */
  endMetadata(): void;
  _root: Ref & { data: { Names: Ref; [key: string]: unknown } };
}

/**
 * Deflated streams by content, shared by the documents of one job (the page PDFs and the edition PDF
 * of an edition often embed the same font subsets), so identical bytes are compressed once.
 */
export class DeflateCache {
  private readonly deflated = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<Buffer>>();

  private static key(bytes: Uint8Array): string {
    return `${bytes.length}:${createHash('sha256').update(bytes).digest('base64')}`;
  }

  deflate(bytes: Uint8Array): Buffer {
    const key = DeflateCache.key(bytes);
    let out = this.deflated.get(key);
    if (!out) {
      out = deflateSync(bytes);
      this.deflated.set(key, out);
    }
    return out;
  }

  /** A font program deflated at FONT_PROGRAM_LEVEL on libuv's thread pool while the caller goes on. */
  deflateInBackground(bytes: Uint8Array): Promise<Buffer> {
    const key = `${FONT_PROGRAM_LEVEL}/${DeflateCache.key(bytes)}`;
    const done = this.deflated.get(key);
    if (done) return Promise.resolve(done);
    let out = this.pending.get(key);
    if (!out) {
      out = deflateLater(bytes).then((deflated) => {
        this.deflated.set(key, deflated);
        this.pending.delete(key);
        return deflated;
      });
      this.pending.set(key, out);
    }
    return out;
  }
}

/**
 * zlib level of font programs (glyph outlines, most of a PDF's bytes): level 3 takes about half the
 * time of the default 6 for streams 2% larger (the five bench pages' 1,066 KB of glyph data: 51.5 →
 * 26.9 ms, 729 → 745 KB).
 */
export const FONT_PROGRAM_LEVEL = 3;

const deflateAsyncAt = promisify(deflateAsync) as (bytes: Uint8Array, options: { level: number }) => Promise<Buffer>;
const deflateLater = (bytes: Uint8Array) => deflateAsyncAt(bytes, { level: FONT_PROGRAM_LEVEL });

export interface WriterSetup {
  lang: string;
  displayTitle: boolean;
  info: Record<string, string | Date>;
  deflate: DeflateCache;
}

const asRef = (ref: PdfRef) => ref as unknown as Ref;
const asPage = (page: PdfPage) => page as unknown as Page;

/** A PDF being written: pdfkit underneath, with the drawing and object operations the renderer needs. */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly internals: DocInternals;
  private readonly images = new Map<object, object>();
  private readonly finished: Promise<Buffer>;
  private readonly deflater: DeflateCache;

  constructor(setup: WriterSetup) {
    this.deflater = setup.deflate;
    this.doc = new PDFDocument({
      autoFirstPage: false,
      pdfVersion: '1.7',
      compress: true,
      bufferPages: true,
      lang: setup.lang,
      displayTitle: setup.displayTitle,
      info: setup.info as PDFKit.DocumentInfo,
      // No default font: only the frames' own fonts are loaded and embedded.
      font: null as unknown as string,
    });
    this.internals = this.doc as unknown as DocInternals;
    const chunks: Buffer[] = [];
    this.finished = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
  }

  /** Adds a page (y down, origin top left, as pdfkit draws) and makes it current. */
  addPage(width: number, height: number): PdfPage {
    this.doc.addPage({ size: [width, height], margin: 0 });
    this.compressOnce(this.internals.page.content);
    return this.internals.page as unknown as PdfPage;
  }

  /** Appends operators (ASCII) to a page's content stream, as a line. */
  write(page: PdfPage, operators: string): void {
    asPage(page).write(Buffer.from(`${operators}\n`, 'latin1'));
  }

  /** Deflates a font program in the background, through the job's cache. */
  deflate(bytes: Uint8Array): Promise<Buffer> {
    return this.deflater.deflateInBackground(bytes);
  }

  /** Makes pdfkit deflate a stream through the job's cache when it writes the object. */
  private compressOnce(ref: Ref): Ref {
    const finalize = ref.finalize;
    ref.finalize = () => {
      if (ref.compress && ref.buffer.length > 0) {
        ref.buffer = [this.deflater.deflate(ref.buffer.length === 1 ? (ref.buffer[0] as Uint8Array) : Buffer.concat(ref.buffer))];
        // Filter is already in the dictionary, set when the first chunk was written.
        ref.compress = false;
      }
      finalize.call(ref);
    };
    return ref;
  }

  /** Lists a font in a page's resources under its name, once. */
  useFont(page: PdfPage, name: string, font: PdfRef): void {
    const fonts = asPage(page).fonts;
    if (fonts[name] == null) fonts[name] = font;
  }

  annotate(page: PdfPage, annotation: PdfRef): void {
    asPage(page).annotations.push(annotation);
  }

  /** The page's dictionary, for destinations and structure elements. */
  pageRef(page: PdfPage): PdfRef {
    return asPage(page).dictionary as unknown as PdfRef;
  }

  setPageEntry(page: PdfPage, key: string, value: unknown): void {
    asPage(page).dictionary.data[key] = value;
  }

  /** Draws an image (embedded once per document, however often it is drawn) into the current page. */
  drawImage(key: object, data: Buffer, x: number, y: number, width: number, height: number): void {
    let image = this.images.get(key);
    if (!image) {
      image = this.internals.openImage(data);
      this.images.set(key, image);
    }
    this.doc.image(image as unknown as Buffer, x, y, { width, height });
  }

  /** A new object, numbered now and written when filled. */
  reserve(): PdfRef {
    return this.compressOnce(this.internals.ref()) as unknown as PdfRef;
  }

  /** Gives a reserved object its dictionary (and stream) and writes it. */
  fill(ref: PdfRef, data: Record<string, unknown>, stream?: Uint8Array | string): void {
    const raw = asRef(ref);
    raw.data = data;
    raw.end(stream);
  }

  /** Gives a reserved object its dictionary; pdfkit writes it when the document ends. */
  describe(ref: PdfRef, data: Record<string, unknown>): void {
    asRef(ref).data = data;
  }

  /** A new object written at once. */
  object(data: Record<string, unknown>, stream?: Uint8Array | string): PdfRef {
    const ref = this.compressOnce(this.internals.ref(data));
    ref.end(stream);
    return ref as unknown as PdfRef;
  }

  /** An object, numbered now, that pdfkit writes when the document ends. */
  pending(data: Record<string, unknown>): PdfRef {
    return this.internals.ref(data) as unknown as PdfRef;
  }

  setCatalog(key: string, value: unknown): void {
    this.internals._root.data[key] = value;
  }

  /** Sets an entry of the catalog's Names dictionary (Dests …). */
  setNames(key: string, value: PdfRef): void {
    this.internals._root.data.Names.data[key] = value;
  }

  /** Replaces pdfkit's XMP packet: `packet` receives the Info dictionary when the document ends. */
  replaceMetadata(packet: (info: Record<string, unknown>) => string): void {
    this.internals.endMetadata = function (this: DocInternals) {
      const ref = this.ref({ Type: 'Metadata', Subtype: 'XML' });
      ref.compress = false;
      ref.end(Buffer.from(packet(this.info), 'utf8'));
      this._root.data.Metadata = ref;
    };
  }

  /** Lets pdfkit copy Info values into its XMP packet after `escape` (they stay unescaped in Info). */
  escapeMetadataInfo(escape: (text: string) => string): void {
    const addInfo = this.internals._addInfo;
    if (typeof addInfo !== 'function') return;
    this.internals._addInfo = function (this: DocInternals) {
      const saved = { ...this.info };
      for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) {
        const value = this.info[key];
        if (typeof value === 'string') this.info[key] = escape(value);
      }
      try {
        addInfo.call(this);
      } finally {
        this.info = saved;
      }
    };
  }

  /** Ends the document; resolves with its bytes. */
  finish(): Promise<Buffer> {
    this.doc.end();
    return this.finished;
  }
}
