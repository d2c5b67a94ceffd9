/**
 * The per-page headline list (标题导航): beside the page on wide screens, a sheet opened by the
 * 标题 button on phones. The server writes one list per page (#ep-heads ol[data-page]); the one of
 * the pages on screen is shown.
 */
export function showHeadlines(pages: number[]): void {
  for (const ol of document.querySelectorAll<HTMLElement>('#ep-heads ol[data-page]')) ol.hidden = !pages.includes(Number(ol.dataset.page));
}

export function bindHeadlines(): void {
  const button = document.getElementById('ep-heads-toggle');
  const panel = document.getElementById('ep-heads');
  if (!button || !panel) return;
  const set = (open: boolean) => {
    document.body.classList.toggle('ep-heads-open', open);
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => set(!document.body.classList.contains('ep-heads-open')));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && document.body.classList.contains('ep-heads-open')) set(false);
  });
}
