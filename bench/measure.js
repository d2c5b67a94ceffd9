// Runs bin/epaper.js in this process with the arguments given after this script, then prints the
// process's peak resident memory as the last line on stderr: {"maxRssKB": …}. Used by bench/speed.js.
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/epaper.js', import.meta.url));
process.argv.splice(1, 1, bin);
process.on('exit', () => process.stderr.write(`\n${JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS })}\n`));
await import(bin);
