/**
 * 繁/简: the toggle fetches the same article view in the other script (converted on the server with
 * opencc-js, phrase by phrase) and swaps the article in, keeping the reader's place.
 */
export async function switchScript(button: HTMLButtonElement, after: () => void): Promise<boolean> {
  const href = button.dataset.href;
  if (!href) return false;
  let doc: Document;
  let from: string;
  try {
    const res = await fetch(href, { headers: { accept: 'text/html' } });
    if (!res.ok) return false;
    from = res.url || new URL(href, document.baseURI).href;
    doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  } catch {
    return false;
  }
  // Its URLs may be relative to where it was fetched from (a static site): made absolute before it moves here.
  for (const el of doc.querySelectorAll('[href], [src], [data-href]')) {
    for (const name of ['href', 'src', 'data-href']) {
      const value = el.getAttribute(name);
      if (value !== null && !value.startsWith('#')) el.setAttribute(name, new URL(value, from).href);
    }
  }
  const fresh = doc.querySelector('article');
  const current = document.querySelector('main article');
  const freshButton = doc.getElementById(button.id);
  if (!fresh || !current || !freshButton) return false;
  const y = scrollY / Math.max(1, document.documentElement.scrollHeight);
  current.replaceWith(document.adoptNode(fresh));
  const root = document.documentElement;
  root.lang = doc.documentElement.lang;
  root.dataset.script = doc.documentElement.dataset.script ?? '';
  document.title = doc.title;
  button.textContent = freshButton.textContent;
  button.setAttribute('aria-label', freshButton.getAttribute('aria-label') ?? '');
  button.dataset.href = (freshButton as HTMLElement).dataset.href ?? '';
  scrollTo(0, y * document.documentElement.scrollHeight);
  after();
  return true;
}
