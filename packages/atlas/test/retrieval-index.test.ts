import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { parseBodyTerms } from '../src/body-terms.js';
import { nameTerms } from '../src/name-terms.js';
import { buildAtlas, readAtlasFile, rankFiles, writeAtlasFile, type Atlas } from '../src/index.js';
import { retrievalIndex } from '../src/select.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree;
let atlas: Atlas;

beforeAll(async () => {
  const files: Record<string, string> = {
    'src/http/retryPolicy.ts':
      '/** Exponential backoff for HTTP requests. */\nexport function computeBackoffDelay(attempt: number): number {\n  return 2 ** attempt; // Safari retries\n}\nexport class RetryPolicy {\n  shouldRetry(status: number): boolean { return status >= 500; }\n}\n',
    'src/http/client.ts':
      "import { RetryPolicy } from './retryPolicy.js';\nexport class HttpClient {\n  send(url: string) { return new RetryPolicy(); }\n}\n",
    'src/db/connection_pool.py':
      'class ConnectionPool:\n    """Pool of database connections."""\n    def acquire(self):\n        retry = 3\n        pass\n',
    'test/http/retryPolicy.test.ts': "import { RetryPolicy } from '../../src/http/retryPolicy.js';\ntest('retry policy backoff', () => {});\n",
    'src/pager.ts': "export function openPager(text: string): void {\n  console.log('pool of pagers', text);\n}\n",
  };
  for (let i = 0; i < 12; i++) files[`src/feature/feature${i}.ts`] = `export function feature${i}Pool(): number {\n  return ${i}; // retry ${i}\n}\n`;
  tree = tempTree(files);
  atlas = (await buildAtlas({ dir: tree.dir })).atlas;
});
afterAll(() => tree.cleanup());

const QUERIES = [
  'Retry policy: the backoff delay grows too fast',
  'acquire a database connection from the pool',
  'Safari pager',
  'feature pool retry',
  'nothing',
];
const ranking = (of: Atlas, query: string) => rankFiles(of, query).map((r) => [r.file.path, r.score, r.matched]);

describe('the retrieval index', () => {
  test('ranks an atlas read back from its file exactly as the atlas it was written from', async () => {
    const file = path.join(tree.dir, 'atlas.json');
    await writeAtlasFile(file, atlas);
    const loaded = (await readAtlasFile(file)) as Atlas;
    for (const query of QUERIES) expect(ranking(loaded, query)).toEqual(ranking(atlas, query));
  });

  test('its body postings, found per query term, rank exactly as postings of every term built up front', () => {
    const lazy = ranking(atlas, QUERIES[0] as string);
    const copy: Atlas = { ...atlas };
    const index = retrievalIndex(copy);
    atlas.files.forEach((file, i) => {
      for (const [term, count] of parseBodyTerms(file.terms ?? ''))
        index.body.postings.set(term, [...(index.body.postings.get(term) ?? []), i, count]);
    });
    for (const query of QUERIES) expect(ranking(copy, query)).toEqual(ranking(atlas, query));
    expect(ranking(copy, QUERIES[0] as string)).toEqual(lazy);
  });

  test('files carry their name terms, so a query tokenises no signature; an atlas without them ranks the same', () => {
    const retry = atlas.files.find((f) => f.path === 'src/http/retryPolicy.ts');
    expect(retry?.names).toBe(nameTerms(retry as Atlas['files'][number]));
    expect(parseBodyTerms(retry?.names ?? '')).toEqual(
      expect.arrayContaining([
        ['backoff', expect.any(Number)],
        ['=computebackoffdelay', 3.2],
      ]),
    );
    // As an atlas written before the field existed: each file's terms are computed when the index is built.
    const older: Atlas = { ...atlas, files: atlas.files.map(({ names: _names, ...file }) => file) };
    expect(older.files.some((f) => 'names' in f)).toBe(false);
    for (const query of QUERIES) expect(ranking(older, query)).toEqual(ranking(atlas, query));
  });

  test('a file moved or copied unchanged gets the name terms of its new path, not those of the entry it reuses', async () => {
    const moved = tempTree({
      'src/http/retryPolicy.ts': 'export function computeBackoffDelay(attempt: number): number {\n  return 2 ** attempt;\n}\n',
    });
    try {
      const first = (await buildAtlas({ dir: moved.dir })).atlas;
      moved.write('src/storage/pagerCache.ts', 'export function computeBackoffDelay(attempt: number): number {\n  return 2 ** attempt;\n}\n');
      const { atlas: next, stats } = await buildAtlas({ dir: moved.dir, previous: first });
      expect(stats).toMatchObject({ parsed: 0, reused: 2 });
      const copy = next.files.find((f) => f.path === 'src/storage/pagerCache.ts');
      expect(copy?.names).toBe(nameTerms(copy as Atlas['files'][number]));
      expect(copy?.names).toMatch(/(^| )pag\*4( |$)/);
      expect(copy?.names).not.toMatch(/(^| )retry/);
      expect(rankFiles(next, 'pager cache')[0]?.file.path).toBe('src/storage/pagerCache.ts');
    } finally {
      moved.cleanup();
    }
  });
});
