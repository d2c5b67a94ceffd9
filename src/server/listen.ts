/**
 * Listening and closing: listenOn (a port in use is a clear ServeError), and closer, which closes a
 * server on request, on SIGINT / SIGTERM, or when a piped standard input ends.
 */
import { fstatSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** True when file descriptor 0 is a pipe or a socket (not a terminal, a file or /dev/null). */
function stdinIsPipe(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/** A server that cannot start: the message says why and what to do. */
export class ServeError extends Error {
  override name = 'ServeError';
}

/** Listens on host:port; a port in use or an unknown address is a ServeError. */
export async function listenOn(app: RequestListener, port: number, host: string): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(app).listen(port, host);
    s.once('listening', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ServeError(`port ${port} on ${host} is in use; pick another with --port`)
          : error.code === 'EADDRNOTAVAIL'
            ? new ServeError(`cannot listen on ${host}: no such local address`)
            : error,
      ),
    );
  });
  server.keepAliveTimeout = 5000;
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  return { server, url: `http://${shownHost}:${address.port}/` };
}

/**
 * close() for a listening server (idempotent; open connections are cut after a second), and with
 * `signals` SIGINT/SIGTERM handlers that close it and exit 0, and closing when standard input is a
 * pipe that reaches its end. `beforeClose` runs first (ending streams the server holds open).
 */
export function closer(
  server: Server,
  signals: boolean,
  io: { out: (s: string) => void },
  beforeClose: () => Promise<void> | void = () => undefined,
): { close(): Promise<void>; closed: Promise<void> } {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= Promise.resolve()
      .then(beforeClose)
      .catch(() => undefined)
      .then(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1000).unref();
          }),
      )
      .then(() => resolveClosed());
    return closing;
  };
  if (signals) {
    const onSignal = (signal: NodeJS.Signals) => {
      io.out(`\n${signal}: closing the server`);
      void close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (stdinIsPipe()) {
      process.stdin.once('end', () => {
        io.out('standard input closed: closing the server');
        void close();
      });
      process.stdin.resume();
      void closed.then(() => process.stdin.pause());
    }
    void closed.then(() => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    });
  }
  return { close, closed };
}

