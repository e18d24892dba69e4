export * from './supervisor/index.js';
