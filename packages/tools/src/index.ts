export * from './tests/index.js';
export * from './ci/index.js';
