/**
 * Jest with our runner (test/jest-native/runner.mjs): forked test processes, at most two running at once, each run
 * test files natively in node one after another with jest-light-runner's test execution, so the modules they share
 * load once per process instead of once per file as in jest's default VM sandboxes (that reloading was a third of
 * the suite's CPU). tsx strips the TypeScript types and workspace packages resolve to their
 * sources through their package.json exports (test/jest-native/register.mjs, loaded by `npm test`).
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
  runner: '<rootDir>/test/jest-native/runner.mjs',
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/test/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...E2E] },
    {
      ...shared,
      displayName: 'e2e',
      testRegex: E2E,
      testPathIgnorePatterns: ['/node_modules/'],
      // The runner enforces no timeout; test/jest-native/jest-globals.mjs does, and this setup file sets e2e's default.
      setupFilesAfterEnv: ['<rootDir>/test/e2e-timeout.js'],
    },
  ],
  maxWorkers: 2,
  // Longest files first, also in a fresh clone without jest's timings (test/test-durations.json).
  testSequencer: '<rootDir>/test/sequencer.js',
};
