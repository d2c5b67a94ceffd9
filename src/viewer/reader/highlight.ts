/**
 * Marks the phrases a search asked for (the `hl` query parameter, phrases separated by spaces) in an
 * element's text with <mark>, and scrolls the first into view.
 */
export function highlight(root: HTMLElement, phrases: string[]): HTMLElement | null {
  const wanted = phrases.map((p) => p.trim()).filter(Boolean);
  if (!wanted.length) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  let first: HTMLElement | null = null;
  for (const node of nodes) {
    const text = node.data;
    const ranges: [number, number][] = [];
    for (const p of wanted) {
      for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + p.length)) ranges.push([at, at + p.length]);
    }
    if (!ranges.length) continue;
    ranges.sort((a, b) => a[0] - b[0]);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const [s, e] of ranges) {
      if (s < pos) continue;
      frag.append(text.slice(pos, s));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(s, e);
      frag.append(mark);
      first ??= mark;
      pos = e;
    }
    frag.append(text.slice(pos));
    node.replaceWith(frag);
  }
  first?.scrollIntoView({ block: 'center' });
  return first;
}

/** Phrases named by ?hl= in the current URL. */
export function highlightQuery(): string[] {
  return (new URLSearchParams(location.search).get('hl') ?? '').split(/\s+/).filter(Boolean);
}
