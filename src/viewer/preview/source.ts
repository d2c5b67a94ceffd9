/** The source view of the panel: the lines around a problem's line, from the preview server. */
import type { Problem, SourceLines } from '../protocol.js';
import type { Preview } from './context.js';

let sourceRequest = 0;

function linesList(d: Problem, data: SourceLines | null): HTMLOListElement {
  const ol = document.createElement('ol');
  if (!data || data.binary) {
    const li = document.createElement('li');
    li.textContent = data?.binary ? '（这不是文本文件，无法显示）' : '（无法读取这个文件）';
    ol.append(li);
    return ol;
  }
  data.lines.forEach((text, i) => {
    const n = data.first + i;
    const li = document.createElement('li');
    if (d.line != null && n === data.line) li.className = 'ep-pv-hit';
    const num = document.createElement('span');
    num.textContent = String(n);
    const body = document.createElement('span');
    body.textContent = text || ' ';
    li.append(num, body);
    ol.append(li);
  });
  return ol;
}

export async function showSource(pv: Preview, d: Problem): Promise<void> {
  const ticket = ++sourceRequest;
  const code = pv.el.code;
  const head = document.createElement('header');
  head.textContent = d.line != null ? `${d.file} · 第${d.line}行${d.column != null ? `第${d.column}列` : ''}` : `${d.file}（整个文件）`;
  code.replaceChildren(head);
  code.hidden = false;
  let data: SourceLines | null = null;
  try {
    const r = await fetch(`${pv.p.source}?file=${encodeURIComponent(d.file)}&line=${d.line ?? 1}`, { cache: 'no-store' });
    if (r.ok) data = (await r.json()) as SourceLines;
  } catch {
    data = null;
  }
  if (ticket !== sourceRequest) return;
  const ol = linesList(d, data);
  code.replaceChildren(head, ol);
  const hit = ol.querySelector<HTMLElement>('.ep-pv-hit');
  if (hit) ol.scrollTop = Math.max(0, hit.offsetTop - ol.clientHeight / 2);
}
