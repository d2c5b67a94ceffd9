/**
 * The import rules of .dependency-cruiser.cjs hold for src/, and the check does fail: on a small tree
 * made here with one import against each rule, it reports each one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as IConfiguration;

async function violations(baseDir: string): Promise<{ rule: string; from: string; to: string }[]> {
  const tsConfig = extractTSConfig(join(baseDir, 'tsconfig.json'));
  const result = await cruise(['src'], { ...config.options, ruleSet: { forbidden: config.forbidden }, baseDir, validate: true }, {}, { tsConfig });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import rules', () => {
  test('src/ has no import cycle and no import against the flow', async () => {
    expect(await violations(process.cwd())).toEqual([]);
  }, 60_000);

  const root = mkdtempSync(join(tmpdir(), 'epaper-deps-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src/**/*.ts'] }),
    'src/model/schema.ts': "export type Model = { id: string };\n",
    'src/layout/compose.ts': "import { drawPdf } from '../render/pdf.js';\nexport const compose = () => drawPdf;\n",
    'src/render/pdf.ts': "import { compose } from '../layout/compose.js';\nexport const drawPdf = () => compose;\n",
    'src/cli/index.ts': "export const main = () => 0;\n",
    'src/server/index.ts': "import { main } from '../cli/index.js';\nexport const serve = main;\n",
    'src/viewer/protocol.ts': "export interface ViewerData { id: string }\n",
    'src/viewer/viewer.ts': "import { serve } from '../server/index.js';\nexport const start = serve;\n",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }

  test('a tree with a cycle, layout importing render, server importing cli and the viewer importing the server fails', async () => {
    const found = await violations(root);
    const rules = (name: string) => found.filter((v) => v.rule === name).map((v) => `${v.from} → ${v.to}`);
    expect(rules('no-cycles')).toContain('src/layout/compose.ts → src/render/pdf.ts');
    expect(rules('layout-before-render')).toEqual(['src/layout/compose.ts → src/render/pdf.ts']);
    expect(rules('nothing-imports-cli')).toEqual(['src/server/index.ts → src/cli/index.ts']);
    expect(rules('viewer-stands-alone')).toEqual(['src/viewer/viewer.ts → src/server/index.ts']);
  }, 60_000);
});
