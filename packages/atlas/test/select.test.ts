import { describe, expect, test, afterAll, beforeAll } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { buildAtlas, loadTokenCounter, select, rankFiles, splitIdentifier, terms, type Atlas } from '../src/index.js';
import { stem } from '../src/tokens.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree;
let atlas: Atlas;

beforeAll(async () => {
  const files: Record<string, string> = {
    'src/http/retryPolicy.ts':
      '/** Exponential backoff for HTTP requests. */\nexport function computeBackoffDelay(attempt: number): number {\n  return 2 ** attempt;\n}\nexport class RetryPolicy {\n  shouldRetry(status: number): boolean { return status >= 500; }\n}\n',
    'src/http/client.ts':
      "import { RetryPolicy } from './retryPolicy.js';\nexport class HttpClient {\n  send(url: string) { return new RetryPolicy(); }\n}\n",
    'src/db/connection_pool.py': 'class ConnectionPool:\n    """Pool of database connections."""\n    def acquire(self):\n        pass\n',
    'test/http/retryPolicy.test.ts': "import { RetryPolicy } from '../../src/http/retryPolicy.js';\ntest('retry policy backoff', () => {});\n",
    'docs/retry.md': '# Retry\n',
  };
  files['src/many/methods.py'] = 'class Registry:\n' + Array.from({ length: 12 }, (_, i) => `    def handler_${i}(self):\n        pass\n`).join('');
  // Its text names the registry, as the class statement of methods.py does: the body terms count it once in each.
  files['src/registry.py'] = 'def register(name):\n    """Adds a name to the registry."""\n';
  // Words only a function body holds (a string literal, a comment), and a name defined in one file, used in another.
  files['src/net/detect.ts'] =
    "export function isDropped(error: Error): boolean {\n  // WebKit words it differently\n  return error.message === 'Load failed' && navigator.userAgent.includes('Safari');\n}\n";
  files['src/pager.ts'] = 'export function openPager(text: string): void {\n  console.log(text);\n}\n';
  files['src/show.ts'] = "import { openPager } from './pager.js';\nexport function show(text: string): void {\n  openPager(text);\n}\n";
  for (let i = 0; i < 40; i++)
    files[`src/feature/feature${i}.ts`] =
      `/** Feature number ${i} of the product catalogue. */\nexport function featureNumber${i}ProductCatalogue(): number {\n  return ${i};\n}\n`;
  tree = tempTree(files);
  atlas = (await buildAtlas({ dir: tree.dir })).atlas;
});
afterAll(() => tree.cleanup());

describe('identifier-aware terms', () => {
  test('camelCase, PascalCase, snake_case, kebab-case and acronyms split; whole identifiers kept', () => {
    expect(splitIdentifier('parseHTTPResponse')).toEqual(['parse', 'http', 'response']);
    expect(splitIdentifier('connection_pool')).toEqual(['connection', 'pool']);
    expect(splitIdentifier('retry-policy.test.ts')).toEqual(['retry', 'policy', 'test', 'ts']);
    expect(terms('The RetryPolicy retries')).toEqual(['retry', 'policy', '=retrypolicy', 'retry']);
  });

  test('a verb meets its other forms, a silent final e included', () => {
    for (const [forms, common] of [
      [['parse', 'parses', 'parsed', 'parsing', 'parser', 'parsers'], 'pars'],
      [['close', 'closed', 'closing'], 'clos'],
      [['encode', 'encoded', 'encoding', 'encoder'], 'encod'],
    ] as const)
      for (const form of forms) expect(stem(form)).toBe(common);
  });
});

describe('select', () => {
  test('ranks the library file that defines the asked-for symbols first, above its test and docs', () => {
    const ranked = rankFiles(atlas, 'Retry policy: the backoff delay grows too fast').map((r) => r.file.path);
    expect(ranked[0]).toBe('src/http/retryPolicy.ts');
    expect(ranked.indexOf('test/http/retryPolicy.test.ts')).toBeGreaterThan(0);
    expect(rankFiles(atlas, 'acquire a database connection from the pool')[0]?.file.path).toBe('src/db/connection_pool.py');
  });

  test('a text no term of the atlas reaches still ranks every file, library code first', () => {
    const ranked = rankFiles(atlas, 'Various tweaks');
    expect(ranked).toHaveLength(atlas.files.length);
    const firstAround = ranked.findIndex((r) => !r.file.library);
    expect(firstAround).toBeGreaterThan(0);
    expect(ranked.slice(firstAround).every((r) => !r.file.library)).toBe(true);
    expect(ranked.every((r) => !r.matched)).toBe(true);
  });

  test('the map lists only the files the text reaches, not the central files ranked by prior alone', () => {
    expect(select(atlas, 'Various tweaks', 1000).files).toEqual([]);
    const paths = select(atlas, 'acquire a database connection from the pool', 4000).files.map((f) => f.path);
    const reached = rankFiles(atlas, 'acquire a database connection from the pool').filter((r) => r.matched);
    expect(paths).toEqual(reached.map((r) => r.file.path));
    expect(paths.length).toBeLessThan(atlas.files.length);
  });

  test('the first line and `code spans` weigh more than the rest of the text', () => {
    expect(rankFiles(atlas, 'the retry policy and its backoff\nconnection database pool')[0]?.file.path).toBe('src/http/retryPolicy.ts');
    expect(rankFiles(atlas, 'connection database pool\nthe retry policy and its backoff')[0]?.file.path).toBe('src/db/connection_pool.py');
    expect(rankFiles(atlas, 'Some issue\nthe retry policy and its backoff, in a `ConnectionPool`')[0]?.file.path).toBe('src/db/connection_pool.py');
  });

  test('a word only a function body holds (a literal, a comment) still finds its file', () => {
    const ranked = rankFiles(atlas, 'Safari on WebKit says Load failed');
    expect(ranked[0]?.file.path).toBe('src/net/detect.ts');
    expect(ranked[0]?.matched).toBe(true);
  });

  test('a file that defines a name ranks above one whose body only uses it', () => {
    const ranked = rankFiles(atlas, 'the pager opens twice').map((r) => r.file.path);
    expect(ranked[0]).toBe('src/pager.ts');
    expect(ranked.indexOf('src/show.ts')).toBeGreaterThan(0);
  });

  test('a method counts by its own name, not once more for its class per method', () => {
    const methods = atlas.files.find((f) => f.path === 'src/many/methods.py');
    expect(methods?.symbols.filter((s) => s.name.startsWith('Registry.')).length).toBeGreaterThan(10);
    expect(rankFiles(atlas, 'registry')[0]?.file.path).toBe('src/registry.py');
  });

  test('the map shows the relevant signatures and fits the budget counted with the real tokenizer', async () => {
    const counter = await loadTokenCounter();
    expect(counter('hello world, this is a tokenizer check')).toBe(countTokens('hello world, this is a tokenizer check'));
    for (const budget of [20, 60, 200, 1000]) {
      const selection = select(atlas, 'feature product catalogue number', budget, { countTokens: counter });
      expect(countTokens(selection.text)).toBeLessThanOrEqual(budget);
      expect(selection.tokens).toBe(countTokens(selection.text));
      // Every file listed is in the text, with the symbols it claims.
      for (const file of selection.files) {
        expect(selection.text).toContain(`${file.path}\n`);
        for (const name of file.symbols) expect(selection.text).toContain(name.split('.').pop() as string);
      }
    }
    const small = select(atlas, 'feature product catalogue number', 60, { countTokens: counter });
    const large = select(atlas, 'feature product catalogue number', 1000, { countTokens: counter });
    expect(large.files.length).toBeGreaterThan(small.files.length);
    const retry = select(atlas, 'backoff delay', 200, { countTokens: counter });
    expect(retry.text).toContain('2: export function computeBackoffDelay(attempt: number): number');
  });

  test('a budget too small for anything gives an empty map, not an overflow', async () => {
    const selection = select(atlas, 'retry policy', 1, { countTokens: await loadTokenCounter() });
    expect(selection).toEqual({ files: [], text: '', tokens: 0 });
  });
});

describe('a text that names a kind of file around the library code', () => {
  test('`fix(examples): …` ranks the example first; without the word, the library file comes first', async () => {
    const named = tempTree({
      'lib/split.js': '/** Splits a path into segments. */\nexport function splitPath(text) {\n  return text.split("/");\n}\n',
      'examples/split.js': "// Prints the segments of a path, one per line.\nconsole.log(splitPath(process.argv[2]).join('\\n'));\n",
      'eslint.config.js': 'export default [{ rules: { "no-unused-vars": "error" } }];\n',
      'src/rules.js': '/** Lint rules of the checker. */\nexport function lintRules() {\n  return ["no-unused-vars"];\n}\n',
      'test/split.test.js': "import { splitPath } from '../lib/split.js';\ntest('split', () => splitPath('a/b'));\n",
    });
    try {
      const { atlas } = await buildAtlas({ dir: named.dir });
      const top = (text: string) => rankFiles(atlas, text)[0]?.file.path;
      expect(top('fix(examples): print the segments one per line')).toBe('examples/split.js');
      expect(top('print the segments one per line')).toBe('lib/split.js');
      // A build configuration is named by its tool.
      expect(top('eslint: report unused vars as errors')).toBe('eslint.config.js');
      expect(top('report unused vars as errors')).toBe('src/rules.js');
      // Tests are not lifted: the test author's role finds them, and a fix names the code it changes.
      expect(top('fix the split test')).toBe('lib/split.js');
    } finally {
      named.cleanup();
    }
  });
});
