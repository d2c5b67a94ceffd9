/** From sources on disk to written editions: shared by the command line and the servers. */
export * from './sources.js';
export * from './build.js';
export * from './write.js';
export * from './manifest.js';
export * from './report.js';
