#!/usr/bin/env node
// Prepare step: writes dist/font-metrics/<font>-<hash>.metrics for every font file of fonts/manifest.json
// (the metrics cache layout reads instead of the font files; see src/layout/fonts/metrics-cache.ts).
// A font that cannot be cached is reported and left to fontkit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadFontSet } from '../dist/layout/fonts/index.js';
import { loadManifest } from '../dist/layout/fonts/manifest.js';
import { encodeMetrics, metricsCacheFile } from '../dist/layout/fonts/metrics-cache.js';
import { openFontFile } from '../dist/layout/fonts/fontkit.js';

const dir = join(dirname(loadManifest().dir), 'dist', 'font-metrics');
mkdirSync(dir, { recursive: true });
const fonts = loadFontSet();
const files = new Map(fonts.roles().map((role) => [fonts.file(role), role]));
let bytes = 0;
for (const [file, role] of files) {
  try {
    const data = encodeMetrics(openFontFile(role, file, undefined), file);
    writeFileSync(metricsCacheFile(dir, file), data);
    bytes += data.length;
  } catch (error) {
    console.error(`scripts/font-metrics.js: ${role}: ${error.message}`);
  }
}
console.log(`dist/font-metrics: ${files.size} fonts, ${(bytes / 1024).toFixed(0)} KB`);
