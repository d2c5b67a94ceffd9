/**
 * The service worker: keeps the newest edition for reading without network. On install it caches
 * what /offline.json lists (archive, viewer pages, page fragments, article views, assets, fonts,
 * search index); later it answers assets and fonts (named by content hash) from the cache first,
 * and everything else from the network first, caching each answer (PDFs too, on demand) and
 * falling back to the cache when the network is gone. OFFLINE_VERSION (the newest edition's build)
 * is written into the script when it is served, so a new edition installs a new worker.
 */
declare const OFFLINE_VERSION: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const sw = self as unknown as WorkerScope;
const CACHE = `epaper-${OFFLINE_VERSION}`;
/** The site's root (the worker's folder): the site may be published under a sub-path. */
const ROOT = new URL('./', sw.location.href).pathname;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await fetch(`${ROOT}offline.json`, { cache: 'no-store' });
      const list = (await res.json()) as { urls: string[] };
      await cache.addAll(list.urls);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('epaper-') && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
    return res;
  } catch (error) {
    const hit = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    if (request.mode === 'navigate') {
      const home = await cache.match(ROOT);
      if (home) return home;
    }
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || !url.pathname.startsWith(ROOT)) return;
  const path = url.pathname.slice(ROOT.length);
  if (path === 'sw.js' || path.startsWith('api/')) return;
  if (path.startsWith('assets/') || path.startsWith('fonts/')) event.respondWith(cacheFirst(request));
  else event.respondWith(networkFirst(request));
});
