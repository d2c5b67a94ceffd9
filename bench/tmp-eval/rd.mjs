import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
const { decode } = await import('/work/wt/parse/dist/parse/decode.js');
for (const f of process.argv.slice(2)) {
  const text = decode(readFileSync(f)).text;
  const t0 = performance.now();
  const { document } = parseHTML(text);
  const r = new Readability(document, { charThreshold: 100 }).parse();
  const ms = performance.now() - t0;
  const { document: d2 } = parseHTML(`<html><body>${r?.content ?? ''}</body></html>`);
  const paras = [...d2.querySelectorAll('p')].map((p) => p.textContent.trim()).filter(Boolean);
  const imgs = [...d2.querySelectorAll('img')].length;
  console.log('==', f.split('/').pop(), ms.toFixed(1) + 'ms', 'title:', r?.title, 'byline:', r?.byline, 'paras', paras.length, 'imgs', imgs);
  console.log('  first:', paras[0]?.slice(0, 60)); console.log('  last:', paras.at(-1)?.slice(0, 60));
  console.log('  all:', paras.map((p) => p.slice(0, 12)).join(' | '));
}
