#!/usr/bin/env node
import { loadBundle } from './bundle.js';
import { chooseTier } from './tier.js';

const argv = process.argv.slice(2);
let cli = loadBundle(() => chooseTier(argv));
if (!cli) {
  chooseTier(argv);
  cli = await import('../dist/cli/index.js');
}

cli.main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`epaper: internal error: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 70;
  },
);
