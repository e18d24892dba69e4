import { describe, expect, test } from '@jest/globals';
import { isLibraryPath, isTestPath } from '../src/index.js';

describe('library versus tests', () => {
  test('tsd type tests (index.test-d.ts, test-d/) are tests, not library code', () => {
    expect(isTestPath('typings/index.test-d.ts')).toBe(true);
    expect(isTestPath('test-d/options.ts')).toBe(true);
    expect(isLibraryPath('typings/index.test-d.ts', 'typescript')).toBe(false);
    expect(isLibraryPath('test-d/options.ts', 'typescript')).toBe(false);
  });

  test('ordinary tests and library files keep their kind', () => {
    expect(isTestPath('tests/test_core.py')).toBe(true);
    expect(isTestPath('src/http/client.test.ts')).toBe(true);
    expect(isTestPath('source/core/Ky.ts')).toBe(false);
    expect(isLibraryPath('source/core/Ky.ts', 'typescript')).toBe(true);
    expect(isLibraryPath('docs/conf.py', 'python')).toBe(false);
  });

  test("Go, Rust, Java and Ruby tests by their languages' conventions", () => {
    for (const file of [
      'command_test.go',
      'pkg/args_test.go',
      'tests/integration.rs',
      'src/test/java/com/x/ParserTest.java',
      'spec/models/user_spec.rb',
    ])
      expect([file, isTestPath(file), isLibraryPath(file, 'go')]).toEqual([file, true, false]);
    for (const file of ['command.go', 'testing_helpers.go', 'src/walk.rs', 'src/main/java/com/x/Parser.java', 'lib/user.rb'])
      expect([file, isTestPath(file)]).toEqual([file, false]);
  });

  test('build and tool configuration is not library code', () => {
    for (const file of ['eslint.config.js', 'vite.config.ts', 'packages/web/vitest.config.mts', '.eslintrc.cjs', 'Gruntfile.js', 'gulpfile.mjs'])
      expect(isLibraryPath(file, 'javascript')).toBe(false);
    expect(isLibraryPath('src/config.ts', 'typescript')).toBe(true);
    expect(isLibraryPath('src/load-config.js', 'javascript')).toBe(true);
  });
});
