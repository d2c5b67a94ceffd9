/**
 * `epaper preview`: the viewer over documents while they are being edited. The documents, the
 * edition's images/, a layout file given with --layout and the font files are watched (watching.ts);
 * once a burst of saves has been quiet for a moment (50 ms) the editions are parsed and laid out again
 * in memory (session.ts; no PDF is written, page PDFs are made when asked for), and browsers showing
 * them are told through server-sent events (routes.ts), so they put the new pages on screen in place.
 * Input that cannot be laid out (an error diagnostic, an unreadable, binary or missing file, a broken
 * layout file) leaves the last good layout on screen and names the problem; the preview keeps running.
 */
import type { Server } from 'node:http';
import { editionHref } from '../labels.js';
import { closer, listenOn } from '../listen.js';
import { isLoopbackAddress, previewRoutes } from './routes.js';
import { PreviewSession, type PreviewOptions } from './session.js';

export { PreviewSession, type PreviewOptions } from './session.js';
export type { PreviewState } from '../../viewer/protocol.js';

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
    const { server, url } = await listenOn(previewRoutes(session), port, host);
    const { close, closed } = closer(server, options.signals ?? true, io, () => session.close());
    const ids = session.ids();
    const pageUrl = ids.length === 1 ? `${url.replace(/\/$/, '')}${editionHref(ids[0]!)}` : url;
    if (!isLoopbackAddress(host)) {
      io.err(`warning: the preview listens on ${host}, so other machines can reach it and read the watched documents; leave out --host to keep it on 127.0.0.1`);
    }
    io.out(`\nPreview of ${ids.length} edition(s) at ${pageUrl}\nWatching the documents, images, layout and fonts; save a file to see the page change. Press Ctrl+C to stop.`);
    return { url, pageUrl, server, session, close, closed };
  } catch (error) {
    await session.close();
    throw error;
  }
}
