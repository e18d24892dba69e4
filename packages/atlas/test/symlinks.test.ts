/**
 * A checkout is untrusted: a symlink to a runner file (/proc/self/environ holds the job's secrets) or to a folder
 * outside the repository must not bring its contents into the atlas, whose words and signatures reach the model.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAtlas, type Atlas } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree;
let outside: TempTree;
let atlas: Atlas;

beforeAll(async () => {
  outside = tempTree({ 'stolen.ts': 'export const runnerSecretValue = "ghs_outsideTheRepository";\n' });
  tree = tempTree({ 'src/ok.ts': 'export function ok(): boolean {\n  return true;\n}\n' });
  symlinkSync('/proc/self/environ', path.join(tree.dir, 'src/environ.ts'));
  symlinkSync(path.join(outside.dir, 'stolen.ts'), path.join(tree.dir, 'src/stolen.ts'));
  symlinkSync(outside.dir, path.join(tree.dir, 'linked-dir'));
  mkdirSync(path.join(tree.dir, 'lib'));
  writeFileSync(path.join(tree.dir, 'lib/real.py'), 'def real():\n    return 1\n');
  atlas = (await buildAtlas({ dir: tree.dir })).atlas;
});
afterAll(() => {
  tree.cleanup();
  outside.cleanup();
});

test('symlinked files and folders are not followed: only the real files are in the atlas', () => {
  expect(atlas.files.map((f) => f.path).sort()).toEqual(['lib/real.py', 'src/ok.ts']);
  const text = JSON.stringify(atlas);
  expect(text).not.toContain('runnerSecretValue');
  expect(text).not.toMatch(/outsideTheRepository|PATH=|HOME=/);
});
