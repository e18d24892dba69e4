import { describe, expect, test, afterAll, beforeAll } from '@jest/globals';
import { buildAtlas, rankFiles, type Atlas } from '../src/index.js';
import { rankPercentiles } from '../src/select.js';
import { mentionedNames } from '../src/definitions.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree;
let atlas: Atlas;
const first = (query: string) => rankFiles(atlas, query)[0]?.file.path;

beforeAll(async () => {
  // models.py speaks of sessions everywhere; sessions.py defines the class the text names.
  const models =
    '"""Request and response models of a session."""\n' +
    Array.from(
      { length: 6 },
      (_, i) => `def session_hook_${i}(session):\n    """Prepares the session ${i} for the session adapter."""\n    return session\n`,
    ).join('');
  tree = tempTree({
    'src/pkg/models.py': models,
    'src/pkg/sessions.py': 'class Session:\n    """Persists settings."""\n    def get(self, url):\n        pass\n',
    // Only the path the text names tells these two apart; the second says `packages` more often.
    'src/pkg/packages.py': 'vendored = {}\n',
    'src/pkg/compat/packages.py':
      '"""Packages of src and pkg: the packages the package re-exports."""\ndef packages(pkg):\n    """The packages of pkg."""\n',
    // The same API, documented twice: the implementation and its hand-written declaration.
    'lib/command.js':
      '/** Adds an option to the command. */\nexport class Command {\n  /** Adds an option with a default value to the command. */\n  option(flags, description, value) { return this; }\n}\n',
    'typings/index.d.ts':
      '/** Adds an option to the command. */\nexport class Command {\n  /** Adds an option with a default value to the command. */\n  option(flags: string, description?: string, value?: unknown): this;\n  /** Adds a required option with a default value to the command. */\n  requiredOption(flags: string, description?: string, value?: unknown): this;\n}\n',
    // The same words, documented at more length in a module of types than in the code that uses them.
    'source/types/timeout.ts':
      '/** The timeout of a request, in milliseconds: a request slower than its timeout fails. */\nexport type Timeout = number;\n',
    'source/core/timeout.ts': '/** The timeout of a request, in milliseconds. */\nexport function timeout(ms: number): number {\n  return ms;\n}\n',
  });
  atlas = (await buildAtlas({ dir: tree.dir })).atlas;
});
afterAll(() => tree.cleanup());

describe('names the text mentions', () => {
  test('an identifier keeps its dots, a code span or its shape weighs more than a plain word', () => {
    const names = mentionedNames('docs: indent `get` in Session.get and parse_url, Session and words');
    expect(names.get('Session.get')).toBe(1);
    expect(names.get('parse_url')).toBe(1);
    expect(names.get('get')).toBe(1);
    expect(names.get('Session')).toBe(0.5);
    expect(names.get('words')).toBe(0.25);
    expect(mentionedNames('Update src/pkg/packages.py').get('pkg/packages.py')).toBe(1);
  });

  test('a class and method the text names rank their file above one that only talks about them', () => {
    expect(first('docs: indent continuation line in Session.get')).toBe('src/pkg/sessions.py');
  });

  test('a path the text names ranks that file first', () => {
    expect(first('Update src/pkg/packages.py')).toBe('src/pkg/packages.py');
  });
});

describe('declarations', () => {
  test('a hand-written declaration file ranks just below the implementation it declares', () => {
    const ranked = rankFiles(atlas, 'option default value of the command').map((r) => r.file.path);
    expect(ranked.slice(0, 2)).toEqual(['lib/command.js', 'typings/index.d.ts']);
  });

  test('a module of types ranks just below the code that the text also reaches', () => {
    const ranked = rankFiles(atlas, 'the request timeout').map((r) => r.file.path);
    expect(ranked.slice(0, 2)).toEqual(['source/core/timeout.ts', 'source/types/timeout.ts']);
  });

  test('with no implementation reached, a declaration keeps its place', () => {
    expect(rankFiles(atlas, 'required')[0]?.file.path).toBe('typings/index.d.ts');
  });
});

describe('graph rank prior', () => {
  test('equal graph ranks share one percentile, whatever their order in the atlas', () => {
    const files = [0.1, 0.3, 0.1, 0.1, 0.5].map((rank) => ({ rank }) as Atlas['files'][number]);
    expect([...rankPercentiles(files)]).toEqual([0.25, 0.75, 0.25, 0.25, 1]);
    expect([...rankPercentiles(files.slice(0, 1))]).toEqual([0]);
  });

  test('a percentile is the mean position of its rank group among all ranks, on many ranks with ties', () => {
    // Ranks from a fixed sequence: many files share the base rank, as in a real graph.
    const ranks = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 0.001 : ((i * 7919) % 97) / 1000));
    const files = ranks.map((rank) => ({ rank }) as Atlas['files'][number]);
    const ascending = [...ranks].sort((a, b) => a - b);
    const expected = ranks.map((rank) => (ascending.indexOf(rank) + ascending.lastIndexOf(rank)) / 2 / (ranks.length - 1));
    expect([...rankPercentiles(files)]).toEqual(expected);
    expect([...rankPercentiles([])]).toEqual([]);
  });
});
