#!/usr/bin/env node
import { main } from '../dist/cli/index.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`epaper: internal error: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 70;
  },
);
