#!/usr/bin/env node
// Share of hand-read facts the parser meets on the corpus (../shared/corpus), per family.
// Usage: node bench/corpus-facts.js [corpus dir] [--list]   (uses the compiled code in dist/)
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEdition } from '../dist/parse/index.js';
import { CORPUS } from '../test/fixtures/readers/corpus-facts.js';
import { checkFact } from '../test/fixtures/readers/facts.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : resolve(root, '../shared/corpus');
if (!existsSync(dir)) {
  console.error(`corpus-facts: no corpus at ${dir}; name the folder`);
  process.exit(2);
}
const list = process.argv.includes('--list');
const families = new Map();
for (const doc of CORPUS) {
  const path = join(dir, doc.path);
  const files = statSync(path).isDirectory() ? readdirSync(path).sort().map((f) => join(path, f)) : [path];
  const e = parseEdition(doc.path, files.map((f) => ({ path: f, bytes: readFileSync(f) })));
  const f = families.get(doc.family) ?? { met: 0, all: 0 };
  for (const fact of doc.facts) {
    const ok = checkFact(e, fact);
    f.all++;
    if (ok) f.met++;
    else if (list) console.log(`missed  ${doc.path}  ${JSON.stringify(fact)}`);
  }
  families.set(doc.family, f);
}
let met = 0;
let all = 0;
for (const [name, f] of families) {
  met += f.met;
  all += f.all;
  console.log(`${name.padEnd(16)} ${String(f.met).padStart(3)}/${String(f.all).padEnd(3)} ${((100 * f.met) / f.all).toFixed(0)}%`);
}
console.log(`${'all'.padEnd(16)} ${String(met).padStart(3)}/${String(all).padEnd(3)} ${((100 * met) / all).toFixed(0)}%`);
