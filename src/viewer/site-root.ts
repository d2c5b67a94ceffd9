/**
 * The site's root URL, so that the browser scripts build URLs that hold wherever the site is published
 * (at a host's root or under a sub-path): the folder of the web manifest every page links to.
 */
export function siteRoot(): string {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  return new URL('./', link?.href || new URL('/', location.href).href).href;
}
