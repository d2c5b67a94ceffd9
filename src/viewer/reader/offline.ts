import { siteRoot } from '../site-root.js';

/** The offline indicator (`html.ep-is-offline`) and the service worker's registration (at the site's root). */
export function setupOffline(): void {
  const root = document.documentElement;
  const show = () => root.classList.toggle('ep-is-offline', !navigator.onLine);
  addEventListener('online', show);
  addEventListener('offline', show);
  show();
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    const root = siteRoot();
    navigator.serviceWorker.register(`${root}sw.js`, { scope: new URL(root).pathname }).catch(() => undefined);
  }
}
