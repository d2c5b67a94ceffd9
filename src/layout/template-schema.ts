export * from './template/schema.js';
