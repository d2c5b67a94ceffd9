/** How many worker threads an archive build uses when --jobs is not given. */
import { describe, expect, test } from 'vitest';
import { defaultJobs, PAGES_PER_WORKER } from '../src/pipeline/archive.js';
import type { EditionTask } from '../src/pipeline/archive-task.js';

/** Tasks of editions with the given page counts (only the page count matters here). */
const tasks = (...pages: number[]): EditionTask[] =>
  pages.map((n, i) => ({ source: { id: `e${i}`, files: Array.from({ length: n }, (_, j) => `p${j}.md`) } }) as unknown as EditionTask);

describe('defaultJobs', () => {
  test('a small job is built in this thread, however many editions it has', () => {
    expect(defaultJobs(tasks(1, 1, 1, 2), 8)).toBe(1);
    expect(defaultJobs(tasks(...Array(PAGES_PER_WORKER * 2 - 1).fill(1)), 8)).toBe(1);
  });
  test('a worker per PAGES_PER_WORKER pages, at most one per core and one per edition', () => {
    expect(defaultJobs(tasks(...Array(PAGES_PER_WORKER * 2).fill(1)), 8)).toBe(2);
    expect(defaultJobs(tasks(...Array(200).fill(5)), 4)).toBe(4);
    expect(defaultJobs(tasks(500, 500), 8)).toBe(2);
    expect(defaultJobs([], 8)).toBe(1);
  });
});
