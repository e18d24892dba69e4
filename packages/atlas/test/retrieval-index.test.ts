import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { parseBodyTerms } from '../src/body-terms.js';
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
});
