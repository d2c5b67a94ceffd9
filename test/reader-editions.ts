/** Built sample editions (model + frames) shared by the reader tests, built once per test file. */
import type { Edition } from '../src/model/schema.js';
import type { FramePage } from '../src/layout/types.js';
import { buildEdition, findEditions } from '../src/pipeline/index.js';
import { loadTemplate } from '../src/layout/template.js';

export type BuiltSample = Edition & { layout: { pages: FramePage[] } };

let cache: Promise<BuiltSample[]> | null = null;

/** Every sample edition and the two-page fixture, laid out on the broadsheet template. */
export function sampleEditions(): Promise<BuiltSample[]> {
  cache ??= (async () => {
    const template = loadTemplate('broadsheet');
    const out: BuiltSample[] = [];
    for (const source of findEditions(['samples', 'test/fixtures/editions/two-pages'])) {
      const built = await buildEdition(source, template, { pagePdfs: false, editionPdf: false });
      out.push(built.edition as unknown as BuiltSample);
    }
    return out;
  })();
  return cache;
}
