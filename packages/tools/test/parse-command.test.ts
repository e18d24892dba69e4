import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '@eternia/core';
import { parseCommand } from '../src/index.js';

const KEY = "key 'tests.command' in .github/agents.yml";

describe('parseCommand', () => {
  test('splits words and honours quotes and escapes like a shell', () => {
    expect(parseCommand('npx  jest --ci', KEY)).toEqual(['npx', 'jest', '--ci']);
    expect(parseCommand(`pytest -k 'not slow and fast' "tests/my dir"`, KEY)).toEqual(['pytest', '-k', 'not slow and fast', 'tests/my dir']);
    expect(parseCommand(String.raw`echo a\ b "q\"uote" 'it''s' ""`, KEY)).toEqual(['echo', 'a b', 'q"uote', 'its', '']);
    expect(parseCommand('vitest run src/*.test.ts', KEY)).toEqual(['vitest', 'run', 'src/*.test.ts']);
  });

  test.each([
    ['npm test && echo done', "'&'"],
    ['pytest | tee out', "'|'"],
    ['jest > out.txt', "'>'"],
    ['jest; rm -rf /', "';'"],
    ['echo $HOME', "'$'"],
    ['echo "$(whoami)"', "'$'"],
    ['echo `id`', "'`'"],
    ["pytest 'unterminated", 'unterminated single quote'],
    ['pytest "unterminated', 'unterminated double quote'],
    ['CI=1 jest', "environment assignment 'CI=…'"],
    ['   ', 'empty command'],
    ['jest\nrm x', 'newline'],
  ])('refuses %j, naming the policy key', (line, why) => {
    let caught: unknown;
    try {
      parseCommand(line, KEY);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).where).toBe(KEY);
    expect((caught as Error).message).toContain(why);
    expect((caught as Error).message).toContain('tests.command');
  });

  test('shell characters inside single quotes are plain text', () => {
    expect(parseCommand(`pytest -k 'a|b && $c'`, KEY)).toEqual(['pytest', '-k', 'a|b && $c']);
  });
});
