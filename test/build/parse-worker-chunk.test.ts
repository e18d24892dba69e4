/**
 * A parse worker (packages/atlas/src/parse-pool.ts) runs the module that holds the pool, found by its
 * import.meta.url. In dist/ that must be a shared chunk: were the pool bundled into an entry, every worker would
 * import that entry and so run its action (or the CLI) again.
 */
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './bundle-like-dist.js';

test('the parse pool lives in a shared chunk of dist/, never in an entry', () => {
  const dist = path.join(repoRoot, 'dist');
  const holders = (readdirSync(dist, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.js'))
    .filter((file) => readFileSync(path.join(dist, file), 'utf8').includes('eternia-atlas-parse-worker'))
    .map((file) => file.split(path.sep).join('/'));
  expect(holders.length).toBe(1);
  expect(holders[0]).toMatch(/^chunks\/[^/]+\.js$/);
});
