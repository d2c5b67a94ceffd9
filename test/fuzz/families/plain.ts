/**
 * Ordinary pages in each source format, and mutations of generated pages and of the sample editions:
 * bytes deleted, duplicated and flipped, newspaper pieces put in, lines repeated, files cut short.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { utf8, type Generator } from '../case.js';
import type { Rng } from '../rng.js';
import { anyCharacters, headline } from '../text.js';
import { payload, randomPage, toHtml, toJekyll, toMarkdown, toText } from './page.js';

export const markdown: Generator = (rng) => {
  const page = randomPage(rng);
  return { docs: [{ path: 'page.md', bytes: utf8(toMarkdown(page, rng.chance(0.8) ? 1 : rng.int(2, 3))) }], expect: payload(page) };
};

export const html: Generator = (rng) => {
  const page = randomPage(rng);
  return { docs: [{ path: 'page.html', bytes: utf8(toHtml(page, rng)) }], expect: payload(page) };
};

export const text: Generator = (rng) => {
  const page = randomPage(rng);
  // A headline printed as a bare line is only known as one when short; the text stays either way.
  return { docs: [{ path: 'page.txt', bytes: utf8(toText(page)) }], expect: payload(page) };
};

export const jekyll: Generator = (rng) => {
  const page = randomPage(rng);
  // The front-matter title stands alone: no kicker or deck over the first article.
  if (page.articles[0]) page.articles[0] = { ...page.articles[0], kicker: null, deck: null };
  return { docs: [{ path: 'post.md', bytes: utf8(toJekyll(page, rng)) }], expect: payload(page) };
};

/** Several ordinary pages in one edition, mixed formats. */
export const edition: Generator = (rng) => {
  const pages = Array.from({ length: rng.int(2, 6) }, () => randomPage(rng, { articles: rng.int(1, 4) }));
  const docs = pages.map((p, i) => {
    const form = rng.pick(['md', 'html', 'txt'] as const);
    const body = form === 'md' ? toMarkdown(p) : form === 'html' ? toHtml(p, rng) : toText(p);
    return { path: `${String(i + 1).padStart(2, '0')}.${form}`, bytes: utf8(body) };
  });
  return { docs, expect: pages.flatMap(payload) };
};

const PIECES = [
  '# ', '## ', '\n', '\n\n', '  \n', '---\n', 'title: x\n', '<p>', '</p>', '<div>', '</div>', '<table>', '<td>', '<script>x</script>',
  '<!--', '-->', '●', '- ', '1. ', '**', '> ', '```\n', '本报讯（记者 王晓明）', '▶下转 02版①', '▲上接01版①', '报道见 08 版', '（下转第2版）',
  '图/新华社', '本版制图/左骏', '导读', '2023年2月1日 星期三', '第23203期', 'A01版 · 要闻', 'B01 要闻', '责任编辑:盛荣', '。', '“', '（',
  '\uFFFE', '\uFFFF', '\uFFFD', '\u0000', '\u200B', '\u00AD', '\uFEFF', '\r', '\t', '&amp;', '&#x0;', '&#xD800;', '<br>', '![](x.jpg)',
];

let sampleFiles: Buffer[] | null = null;
function samples(): Buffer[] {
  if (sampleFiles) return sampleFiles;
  const dirs = ['samples', 'test/fixtures/editions/two-pages'];
  sampleFiles = [];
  for (const dir of dirs) {
    const walk = (d: string) => {
      for (const name of readdirSync(d).sort()) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(md|html?|txt)$/i.test(name) && !/README/i.test(name)) sampleFiles!.push(readFileSync(p));
      }
    };
    try {
      walk(dir);
    } catch {
      // The fixtures are optional; generated pages are mutated instead.
    }
  }
  return sampleFiles;
}

function mutateBytes(b: Buffer, rng: Rng, edits: number): Buffer {
  for (let k = 0; k < edits; k++) {
    const at = rng.int(0, Math.max(0, b.length - 1));
    const len = rng.logInt(1, 200);
    switch (rng.int(0, 6)) {
      case 0:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
        break;
      case 2:
        if (b.length > 0) b[at] = b[at]! ^ (1 << rng.int(0, 7));
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), Buffer.from(rng.pick(PIECES)), b.subarray(at)]);
        break;
      case 4: {
        // One line repeated many times.
        const start = b.lastIndexOf(10, at) + 1;
        const end = b.indexOf(10, at);
        const line = b.subarray(start, end < 0 ? b.length : end + 1);
        b = Buffer.concat([b.subarray(0, start), ...Array(rng.logInt(2, 500)).fill(line), b.subarray(start)]);
        break;
      }
      case 5:
        b = b.subarray(0, at);
        break;
      default:
        b = Buffer.concat([b.subarray(0, at), Buffer.from(anyCharacters(rng, rng.int(1, 20))), b.subarray(at)]);
    }
  }
  return b;
}

/** A generated page or a sample document, mutated; the text it must keep is unknown, so only later stages are compared. */
export const mutate: Generator = (rng) => {
  const pool = samples();
  let base: Buffer;
  if (pool.length > 0 && rng.chance(0.5)) base = Buffer.from(rng.pick(pool));
  else {
    const page = randomPage(rng);
    base = Buffer.from(rng.chance(0.5) ? toMarkdown(page) : toHtml(page, rng));
  }
  const bytes = mutateBytes(base, rng, rng.logInt(1, 12));
  return { docs: [{ path: rng.chance(0.5) ? 'mutated.md' : 'mutated.html', bytes }], expect: [] };
};

/** Random code points, or random bytes, with a headline in front now and then. */
export const random: Generator = (rng) => {
  if (rng.chance(0.3)) {
    const bytes = Buffer.from(Array.from({ length: rng.logInt(1, 4000) }, () => rng.int(0, 255)));
    return { docs: [{ path: 'random.bin.md', bytes }], expect: [] };
  }
  const title = headline(rng);
  const body = anyCharacters(rng, rng.logInt(1, 3000));
  return { docs: [{ path: 'random.md', bytes: utf8(`# ${title}\n\n${body}\n`) }], expect: [title] };
};
