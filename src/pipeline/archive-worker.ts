/** The worker thread of an archive build: one edition per task (archive-task.ts). */
import { runEditionTask, type EditionTask, type EditionResult } from './archive-task.js';

export default function build(task: EditionTask): Promise<EditionResult> {
  return runEditionTask(task);
}
