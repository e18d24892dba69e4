// ESLint: typescript-eslint's recommended rules without type information (fast on two cores; `tsc` already checks
// types), plus the package-graph rule in eslint/package-boundaries.js. Formatting is prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import packageBoundaries from './eslint/package-boundaries.js';

export default tseslint.config(
  {
    ignores: ['dist/**', '**/node_modules/**', 'coverage/**', '.tmp/**', 'tmp/**', '.demo/**', 'examples/**', 'eslint/test-fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { eternia: { rules: { 'package-boundaries': packageBoundaries } } },
    rules: {
      'eternia/package-boundaries': [
        'error',
        {
          // Test benches other packages' tests share by path until they move into @eternia/testkit.
          testHelpers: [
            'packages/core/test/memory-io.ts',
            'packages/dossier/test/fake-artifact-client.ts',
            'packages/roles/test/delivery-bench.ts',
            'packages/roles/test/flow-fixture.ts',
            'packages/roles/test/security-fixture.ts',
            'packages/roles/test/plan-bench.ts',
            'packages/roles/test/supervisor-fixture.ts',
            'packages/roles/test/health-server.ts',
          ],
        },
      ],
      // Sanitizers for untrusted text match control characters on purpose.
      'no-control-regex': 'off',
      // tsc's noUnusedLocals/noUnusedParameters already report these, with the same `_` convention.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // Tests and the emulators take apart arbitrary JSON (requests, fixtures); typing every probe buys nothing.
    files: ['**/test/**', 'packages/testkit/src/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
