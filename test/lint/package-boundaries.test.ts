/**
 * The import-boundary rule, run through the repository's real ESLint config (so a rule that is defined but not
 * switched on, or scoped away from these paths, fails here too) on imports that break the package graph.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { Linter } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = 'eternia/package-boundaries';

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const config = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)).default as Linter.Config[];
  const messages = new Linter({ cwd: root, configType: 'flat' }).verify(code, config, { filename: path.join(root, file) });
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('\n'));
  return messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('package-boundaries', () => {
  test.each([
    [
      "another package's src by path",
      'packages/github/test/x.test.ts',
      "import { runAction } from '../../testkit/src/runner/index.js';",
      /reaches from packages\/github into packages\/testkit\/src by path/,
    ],
    [
      'a test-only package from src',
      'packages/github/src/x.ts',
      "import { runAction } from '@eternia/testkit';",
      /packages\/github imports '@eternia\/testkit'.*under dependencies/,
    ],
    [
      'an undeclared workspace package',
      'packages/core/src/x.ts',
      "export { createModelClient } from '@eternia/llm';",
      /packages\/core imports '@eternia\/llm'/,
    ],
    ['an undeclared third-party package', 'packages/github/src/x.ts', "import { z } from 'zod';", /packages\/github imports 'zod'/],
    [
      'an action, from a package',
      'packages/roles/src/x.ts',
      "import { main } from '../../../actions/plan/src/main.js';",
      /reaches from packages\/roles into actions\/plan\/src/,
    ],
    [
      'a dynamic import by path',
      'packages/llm/test/x.test.ts',
      "const m = await import('../../core/src/index.js');",
      /reaches from packages\/llm into packages\/core\/src/,
    ],
    [
      'a shared test helper, from src',
      'packages/roles/src/x.ts',
      "import { memoryIO } from '../../core/test/memory-io.js';",
      /reaches from packages\/roles into packages\/core\/test/,
    ],
    [
      'a package that does not exist',
      'actions/plan/src/x.ts',
      "import { x } from '@eternia/nope';",
      /'@eternia\/nope' is not a package of this workspace/,
    ],
  ])('rejects %s', async (_name, file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  test.each([
    ['a declared devDependency from a test', 'packages/github/test/x.test.ts', "import { startGitHubEmulator } from '@eternia/testkit';"],
    ['a declared dependency from src', 'packages/roles/src/x.ts', "import { z } from 'zod';\nimport type { Octokit } from '@eternia/core';"],
    [
      'its own files and its own name',
      'packages/core/test/x.test.ts',
      "import { a } from '../src/a.js';\nimport { b } from '@eternia/core';\nimport fs from 'node:fs';",
    ],
    [
      'a package (and its subpath) from an action',
      'actions/plan/src/x.ts',
      "import { runPlan } from '@eternia/roles/plan';\nimport { z } from 'zod';",
    ],
    [
      'a listed shared test helper from a test',
      'actions/find-dossier/test/x.test.ts',
      "import { memoryIO } from '../../../packages/core/test/memory-io.js';",
    ],
  ])('accepts %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
