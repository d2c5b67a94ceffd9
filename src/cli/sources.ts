/** Finding documents on disk now lives in src/pipeline/sources.ts; re-exported for older imports. */
export * from '../pipeline/sources.js';
