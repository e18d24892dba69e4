export * from './supervisor/index.js';
export * from './ci/index.js';
export * from './report/index.js';
export * from './dossier-lookup/index.js';
export * from './plan/index.js';
export * from './delivery/index.js';
export * from './write-tests/index.js';
export * from './implement/index.js';
