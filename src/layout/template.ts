export * from './template/index.js';
