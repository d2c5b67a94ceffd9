/** The share button: the Web Share API where there is one, else the link copied to the clipboard. */
export function setupShare(button: HTMLButtonElement, announce: (t: string) => void): void {
  button.addEventListener('click', async () => {
    const url = (document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href ?? location.href).split('?')[0] as string;
    const title = document.title;
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, url });
        return;
      } catch (e) {
        if ((e as DOMException).name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      announce('链接已复制');
      button.textContent = '已复制';
    } catch {
      window.prompt('复制这个链接：', url);
    }
  });
}
