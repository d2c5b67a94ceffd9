// The worker thread of an archive build when the CLI runs from its bundle: the same bundle and code
// cache as the main thread (bundle.js), instead of every module of dist/ loaded and compiled again;
// dist/pipeline/archive-worker.js when the bundle cannot be used.
import { loadBundle } from './bundle.js';

const cli = loadBundle();
const fallback = cli ? null : (await import('../dist/pipeline/archive-worker.js')).default;

export default function build(task) {
  return cli ? cli.archiveWorkerTask(task) : fallback(task);
}
