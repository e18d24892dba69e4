import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { repoAtlasFile } from '../src/repo-atlas-input.js';

const workspace = path.resolve('/home/runner/work/app/app');

describe('the repo-atlas input', () => {
  test('empty means none', () => {
    expect(repoAtlasFile(undefined, workspace)).toBeUndefined();
    expect(repoAtlasFile('  ', workspace)).toBeUndefined();
  });

  test('a file outside the checkout is resolved, relative paths against the workspace', () => {
    expect(repoAtlasFile('/home/runner/work/_temp/repo-atlas/repo_atlas.json', workspace)).toBe('/home/runner/work/_temp/repo-atlas/repo_atlas.json');
    expect(repoAtlasFile('../../_temp/atlas.json', workspace)).toBe('/home/runner/work/_temp/atlas.json');
    expect(repoAtlasFile('/home/runner/work/app/app-atlas.json', workspace)).toBe('/home/runner/work/app/app-atlas.json');
  });

  test.each(['repo_atlas.json', './repo_atlas.json', 'docs/../repo_atlas.json', '..atlas.json', `${workspace}/repo_atlas.json`, '.'])(
    'a path in the checkout (%s) is refused, naming the input',
    (value) => {
      const attempt = () => repoAtlasFile(value, workspace);
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(/^input 'repo-atlas': .* is inside the checkout/);
    },
  );
});
