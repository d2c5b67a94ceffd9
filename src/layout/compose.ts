export * from './compose/index.js';
