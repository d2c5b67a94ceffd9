#!/usr/bin/env node
// Search index size per edition and median query time, MiniSearch (the one the project ships) against
// FlexSearch with the same bigram tokens. Uses the compiled code in dist/.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Document } from 'flexsearch';
import { buildEdition, findEditions } from '../dist/pipeline/index.js';
import { loadTemplate } from '../dist/layout/template.js';
import { buildSearchIndex, searchDocuments, tokenize } from '../dist/render/search/index.js';
import { loadSearchIndex } from '../dist/viewer/reader/search-index.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export async function searchBench(log = console.log) {
  const template = loadTemplate('broadsheet');
  const editions = [];
  for (const source of findEditions(['samples', 'test/fixtures/editions/two-pages'])) {
    editions.push((await buildEdition(source, template, { pagePdfs: false, editionPdf: false })).edition);
  }
  const json = [];
  const flex = [];
  for (const e of editions) {
    const docs = searchDocuments(e, e.layout.pages);
    const mini = buildSearchIndex(docs);
    json.push(mini);
    const f = new Document({ document: { id: 'id', index: ['headline', 'text'], store: ['edition', 'page', 'article', 'lead', 'headline', 'text'] }, encode: tokenize });
    for (const d of docs) f.add(d);
    const parts = [];
    f.export((key, data) => parts.push(`${key}:${data}`));
    flex.push(f);
    log(`search index ${e.id.padEnd(20)} minisearch ${kb(mini.length)} (gzip ${kb(gzipSync(mini).length)})  flexsearch ${kb(parts.join('\n').length)} (gzip ${kb(gzipSync(parts.join('\n')).length)})`);
  }
  const queries = ['三个高地', '株洲', '项目建设', '图书馆', '曹慧泉', '高质量发展', '营商环境', '幸福株洲', '新馆', '作风'];
  const loaded = loadSearchIndex(json);
  for (let i = 0; i < 20; i++) for (const q of queries) loaded.search(q);
  const mt = [];
  const ft = [];
  for (let r = 0; r < 30; r++) {
    for (const q of queries) {
      let t0 = performance.now();
      loaded.search(q);
      mt.push(performance.now() - t0);
      t0 = performance.now();
      for (const f of flex) f.search(q, { enrich: true });
      ft.push(performance.now() - t0);
    }
  }
  log(`search query, whole sample archive (${editions.length} editions): minisearch median ${median(mt).toFixed(3)} ms (with snippets), flexsearch median ${median(ft).toFixed(3)} ms (no snippets)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await searchBench();
