import { afterEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { buildAtlas, parseAtlas, serializeAtlas } from '../src/index.js';
import { pathAliases } from '../src/path-aliases.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

/** A monorepo whose imports go through tsconfig `paths` and `baseUrl`. */
function monorepo(): Record<string, string> {
  return {
    'tsconfig.base.json': [
      '{',
      '  // shared by the apps',
      '  "compilerOptions": {',
      '    "baseUrl": ".",',
      '    "paths": {',
      '      "@ui/*": ["packages/ui/src/*"],',
      '      "@app/*": ["apps/web/src/*", "apps/web/legacy/*"],',
      '      "@app/special/*": ["apps/web/special/*"],',
      '      "config": ["apps/web/src/settings.ts"],',
      '    },',
      '  },',
      '}',
    ].join('\n'),
    'apps/web/tsconfig.json': '{ "extends": "../../tsconfig.base" }',
    'apps/web/src/page.tsx': [
      "import { Button } from '@ui/button';",
      "import { old } from '@app/only-legacy';",
      "import { odd } from '@app/special/odd';",
      "import { settings } from 'config';",
      "import { util } from 'lib/util';",
      "import React from 'react';",
      'export const page = [Button, old, odd, settings, util, React];',
    ].join('\n'),
    'apps/web/src/settings.ts': 'export const settings = {};\n',
    'apps/web/legacy/only-legacy.ts': 'export const old = 1;\n',
    'apps/web/special/odd.ts': 'export const odd = 1;\n',
    'lib/util.ts': 'export const util = 1;\n',
    // No baseUrl: paths are relative to this config's folder. The nearest config wins, so @ui/* is unknown here.
    'packages/ui/tsconfig.json': '{ "compilerOptions": { "paths": { "#lib/*": ["./lib/*"] } } }',
    'packages/ui/src/button.tsx': "import { colors } from '#lib/colors';\nimport { x } from '@ui/other';\nexport const Button = colors;\n",
    'packages/ui/src/other.ts': 'export const x = 1;\n',
    'packages/ui/lib/colors.ts': 'export const colors = 1;\n',
  };
}

describe('tsconfig paths and baseUrl', () => {
  test('imports through paths (extends, several targets, the longest pattern, exact keys) and baseUrl become references', async () => {
    tree = tempTree(monorepo());
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(atlas.edges.map((e) => `${e.from} → ${e.to}`)).toEqual([
      'apps/web/src/page.tsx → apps/web/legacy/only-legacy.ts',
      'apps/web/src/page.tsx → apps/web/special/odd.ts',
      'apps/web/src/page.tsx → apps/web/src/settings.ts',
      'apps/web/src/page.tsx → lib/util.ts',
      'apps/web/src/page.tsx → packages/ui/src/button.tsx',
      'packages/ui/src/button.tsx → packages/ui/lib/colors.ts',
    ]);
  });

  test('a changed tsconfig resolves every import again, as a changed package.json does', async () => {
    tree = tempTree(monorepo());
    const cold = await buildAtlas({ dir: tree.dir });
    const previous = parseAtlas(serializeAtlas(cold.atlas), 'previous');
    expect((await buildAtlas({ dir: tree.dir, previous })).stats.resolved).toBe(0);
    tree.write('packages/ui/tsconfig.json', '{ "compilerOptions": { "paths": { "#lib/*": ["./src/*"] } } }');
    tree.write('packages/ui/src/colors.ts', 'export const colors = 2;\n');
    fs.rmSync(path.join(tree.dir, 'packages/ui/lib/colors.ts'));
    tree.write('packages/ui/lib/keep.ts', 'export const keep = 1;\n'); // the paths stay as many as before
    const warm = await buildAtlas({ dir: tree.dir, previous });
    expect(warm.atlas.edges.filter((e) => e.from === 'packages/ui/src/button.tsx').map((e) => e.to)).toEqual(['packages/ui/src/colors.ts']);
    expect(serializeAtlas(warm.atlas)).toBe(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas));
    // The same paths, only the config's text changed: still everything is resolved again.
    const before = parseAtlas(serializeAtlas(warm.atlas), 'previous');
    tree.write('tsconfig.base.json', '{ "compilerOptions": { "baseUrl": "." } }');
    const again = await buildAtlas({ dir: tree.dir, previous: before });
    expect(again.stats.resolved).toBe(again.stats.files);
    expect(again.atlas.edges.some((e) => e.to === 'packages/ui/src/button.tsx')).toBe(false);
  });

  test('extends reads configs of the tree only: a path out of it, a device or a package is not followed', () => {
    const aliases = pathAliases(
      new Map([
        ['a/tsconfig.json', '{ "extends": ["/dev/zero", "../../../../etc/passwd", "@tsconfig/node20/tsconfig.json", "./local.json"] }'],
        ['a/local.json', '{ "compilerOptions": { "paths": { "x/*": ["src/*"] } } }'],
        ['a/tsconfig.local.json', '{ "compilerOptions": { "paths": { "y/*": ["src/*"] } } }'],
        ['b/tsconfig.json', '{ "extends": "./tsconfig.local", "compilerOptions": { "baseUrl": "../.." } }'],
        ['b/tsconfig.local.json', '{ "extends": "./tsconfig.json", "compilerOptions": { "paths": { "z": ["../../outside", "inside"] } } }'],
      ]),
    );
    // local.json is not a tsconfig name, so extends cannot reach it; the rest names files outside the tree.
    expect(aliases.candidates('a/src/m.ts', 'x/one')).toEqual([]);
    // A baseUrl outside the tree is dropped; the cycle b → b/local → b stops; a target out of the tree is dropped.
    expect(aliases.candidates('b/m.ts', 'z')).toEqual(['b/inside']);
  });

  test('a pattern with thousands of targets tries the first 8: a config cannot make every import slow', () => {
    const targets = Array.from({ length: 5000 }, (_, i) => `"dir${i}/*"`).join(', ');
    const aliases = pathAliases(new Map([['tsconfig.json', `{ "compilerOptions": { "paths": { "*": [${targets}] } } }`]]));
    expect(aliases.candidates('src/m.ts', 'x')).toEqual(['dir0/x', 'dir1/x', 'dir2/x', 'dir3/x', 'dir4/x', 'dir5/x', 'dir6/x', 'dir7/x']);
  });

  test('${configDir}, a pattern with two stars, comments and a config that is not JSON', () => {
    const aliases = pathAliases(
      new Map([
        ['base/tsconfig.shared.json', '{ "compilerOptions": { "paths": { "@/*": ["${configDir}/src/*"], "a*b*": ["never/*"] } } }'],
        ['pkg/tsconfig.json', '/* the package */ { "extends": "../base/tsconfig.shared.json" }'],
        ['broken/tsconfig.json', '{ "compilerOptions": '],
      ]),
    );
    expect(aliases.candidates('pkg/src/m.ts', '@/deep/x')).toEqual(['pkg/src/deep/x']);
    expect(aliases.candidates('pkg/src/m.ts', 'aXbY')).toEqual([]);
    expect(aliases.candidates('broken/m.ts', '@/x')).toEqual([]);
    expect(aliases.candidates('elsewhere/m.ts', '@/x')).toEqual([]);
  });
});
