#!/usr/bin/env node
import { loadBundle } from './bundle.js';

const cli = loadBundle() ?? (await import('../dist/cli/index.js'));

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`epaper: internal error: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 70;
  },
);
