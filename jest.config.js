/**
 * Jest in ESM mode: esbuild strips TypeScript types (test/esbuild-transform.js; `npm run typecheck` type-checks), workspace packages resolve to their sources.
 * Two projects, one run: `npm test` runs both; `npm run test:unit` / `npm run test:e2e` select one.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootDir = dirname(fileURLToPath(import.meta.url));

/**
 * End-to-end tests: each runs actions, jobs or whole workflows as child processes (the bundled actions in
 * dist/, the job-graph runner, one process per simulated job), so on a busy 2-core machine one test can take
 * minutes. Everything else is a unit test.
 */
const E2E = [
  '/test/e2e/.*\\.test\\.ts$',
  '/actions/[^/]+/test/.*\\.test\\.ts$',
  '/packages/roles/test/(delivery-bundled-actions|plan-action|scribe-action)\\.test\\.ts$',
  '/test/adversarial/bundled-actions\\.test\\.ts$',
  '/packages/testkit/test/runner-(run|bundle)\\.test\\.ts$',
  '/packages/testkit/test/workflow-(?!expressions\\.)[^/]*\\.test\\.ts$',
  '/packages/testkit/test/artifacts-(workflow|dossier|client)\\.test\\.ts$',
];

const shared = {
  rootDir,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
  moduleNameMapper: {
    '^@eternia/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^@eternia/([a-z-]+)/([a-z-]+)$': '<rootDir>/packages/$1/src/$2/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': '<rootDir>/test/esbuild-transform.js',
  },
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...E2E] },
    {
      ...shared,
      displayName: 'e2e',
      testRegex: E2E,
      testPathIgnorePatterns: ['/node_modules/'],
      // jest takes testTimeout from the root config only, so the e2e default comes from a setup file.
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeout.js'],
    },
  ],
  // Many unit tests start git, node or the emulators; on a loaded 2-core machine they take several times as long
  // as on an idle one. None asserts elapsed time, so a generous limit only decides when a hung test is reported.
  testTimeout: 60_000,
  maxWorkers: 2,
  // Longest files first, also in a fresh clone without jest's timings (test/test-durations.json).
  testSequencer: '<rootDir>/test/sequencer.js',
};
