/** The offline indicator (`html.ep-is-offline`) and the service worker's registration. */
export function setupOffline(): void {
  const root = document.documentElement;
  const show = () => root.classList.toggle('ep-is-offline', !navigator.onLine);
  addEventListener('online', show);
  addEventListener('offline', show);
  show();
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
}
