/**
 * The reader's choices, kept per reader in localStorage: font scale, theme (light, dark, or the
 * system's prefers-color-scheme when unset) and script (繁/简, the edition's own when unset).
 */
export interface ReaderPrefs {
  scale?: number;
  theme?: 'light' | 'dark';
  script?: 'hans' | 'hant';
}

const KEY = 'epaper-reader';
export const SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75];

export function loadPrefs(): ReaderPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as ReaderPrefs;
    return raw && typeof raw === 'object' ? raw : {};
  } catch {
    return {};
  }
}

export function savePrefs(change: ReaderPrefs): ReaderPrefs {
  const next = { ...loadPrefs(), ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage may be full or blocked (private mode): the choice then lasts for this page only.
  }
  return next;
}

/** Whether the page is dark now: the stored choice, else the system's. */
export function isDark(p: ReaderPrefs): boolean {
  if (p.theme) return p.theme === 'dark';
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Applies theme and font scale to <html>; safe to run before <body> exists. */
export function applyPrefs(p: ReaderPrefs, root: HTMLElement = document.documentElement): void {
  if (p.theme) root.dataset.theme = p.theme;
  else delete root.dataset.theme;
  const scale = SCALES.includes(p.scale ?? 1) ? (p.scale ?? 1) : 1;
  root.style.setProperty('--ep-scale', String(scale));
}
