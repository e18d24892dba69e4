export * from './run-tests/index.js';
export * from './ci/index.js';
export * from './sandbox/index.js';
