export * from './fonts/index.js';
