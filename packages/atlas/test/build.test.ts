import { describe, expect, test, afterEach } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { buildAtlas, parseAtlas, parseCodeowners, serializeAtlas } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

function project(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {
    'package.json': JSON.stringify({ name: 'demo', dependencies: { zod: '^4.0.0' }, devDependencies: { jest: '^30.0.0' } }),
    'pyproject.toml':
      '[project]\nname = "demo"\ndependencies = ["requests>=2.31", "PyYAML[libyaml]; python_version>\'3.8\'"]\n[project.optional-dependencies]\ntest = ["pytest"]\n',
    'requirements-dev.txt': '# tools\nruff==0.5.0\n-r requirements.txt\n',
    '.github/CODEOWNERS': '* @org/everyone\n/src/ @org/core\nsrc/legacy/ @org/legacy\n*.md @org/docs\nsrc/legacy/keep.ts\n',
  };
  for (let i = 0; i < 12; i++)
    files[`src/mod${i}.ts`] = `import { base } from './base.js';\nexport function feature${i}(): number {\n  return base() + ${i};\n}\n`;
  files['src/base.ts'] = 'export function base(): number {\n  return 1;\n}\n';
  files['src/legacy/old.ts'] = 'export const old = 1;\n';
  files['src/legacy/keep.ts'] = 'export const keep = 1;\n';
  files['README.md'] = '# demo\n';
  return files;
}

describe('buildAtlas', () => {
  test('the same tree gives byte-identical JSON, built twice and in another folder', async () => {
    tree = tempTree(project());
    const other = tempTree(project());
    try {
      const first = serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas);
      const second = serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas);
      const elsewhere = serializeAtlas((await buildAtlas({ dir: other.dir })).atlas);
      expect(second).toBe(first);
      expect(elsewhere).toBe(first);
      expect(parseAtlas(first, 'x').files.length).toBe(20);
    } finally {
      other.cleanup();
    }
  });

  test('incremental: only changed files are parsed again, and the result equals a cold build', async () => {
    tree = tempTree(project());
    const cold = await buildAtlas({ dir: tree.dir });
    expect(cold.stats.parsed).toBe(15);
    tree.write('src/mod3.ts', 'export function feature3(): string {\n  return "changed";\n}\n');
    tree.write('src/added.ts', 'import { feature3 } from "./mod3.js";\nexport const added = feature3();\n');
    fs.rmSync(path.join(tree.dir, 'src/mod4.ts'));
    // Reuse goes through the serialized form, as between two nightly runs.
    const previous = parseAtlas(serializeAtlas(cold.atlas), 'previous');
    const warm = await buildAtlas({ dir: tree.dir, previous });
    // 13 unchanged sources and 5 files kept by path (manifests, CODEOWNERS, README) come from the previous atlas.
    expect(warm.stats).toMatchObject({ parsed: 2, reused: 18, files: 20 });
    const fresh = await buildAtlas({ dir: tree.dir });
    expect(serializeAtlas(warm.atlas)).toBe(serializeAtlas(fresh.atlas));
    expect(warm.atlas.files.find((f) => f.path === 'src/mod3.ts')?.symbols[0]?.signature).toBe('export function feature3(): string');
    // The changed file's body terms are its new text's; an unchanged file keeps the previous atlas's.
    expect(cold.atlas.files.find((f) => f.path === 'src/mod3.ts')?.terms).toContain('bas');
    expect(warm.atlas.files.find((f) => f.path === 'src/mod3.ts')?.terms).toBe('featur str');
    expect(warm.atlas.files.find((f) => f.path === 'src/mod5.ts')?.terms).toBe(cold.atlas.files.find((f) => f.path === 'src/mod5.ts')?.terms);
    expect(warm.atlas.edges.some((e) => e.from === 'src/added.ts' && e.to === 'src/mod3.ts')).toBe(true);
  });

  test('incremental: only the changed files are resolved while the paths and package.json files stay the same', async () => {
    tree = tempTree(project());
    const cold = await buildAtlas({ dir: tree.dir });
    expect(cold.stats.resolved).toBe(20);
    const rebuild = async () => {
      const previous = parseAtlas(serializeAtlas((await buildAtlas({ dir: tree?.dir as string })).atlas), 'previous');
      return buildAtlas({ dir: tree?.dir as string, previous });
    };
    const same = await rebuild();
    expect(same.stats.resolved).toBe(0);
    expect(serializeAtlas(same.atlas)).toBe(serializeAtlas(cold.atlas));
    // mod3 stops importing base, mod5 imports mod3 instead: their references change, the others' are kept.
    tree.write('src/mod3.ts', 'export function feature3(): number {\n  return 3;\n}\n');
    tree.write('src/mod5.ts', 'import { feature3 } from "./mod3.js";\nexport const feature5 = feature3;\n');
    const previous = parseAtlas(serializeAtlas(cold.atlas), 'previous');
    const changed = await buildAtlas({ dir: tree.dir, previous });
    expect(changed.stats.resolved).toBe(2);
    expect(serializeAtlas(changed.atlas)).toBe(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas));
    expect(changed.atlas.edges.filter((e) => e.from === 'src/mod3.ts' || e.from === 'src/mod5.ts')).toEqual([
      { from: 'src/mod5.ts', to: 'src/mod3.ts', names: ['feature3'] },
    ]);
    // A new path, or a changed package.json, can change what any import resolves to: everything is resolved.
    tree.write('src/extra.ts', 'export const extra = 1;\n');
    expect((await rebuild()).stats.resolved).toBe(0);
    const withExtra = parseAtlas(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas), 'previous');
    fs.rmSync(path.join(tree.dir, 'src/extra.ts'));
    expect((await buildAtlas({ dir: tree.dir, previous: withExtra })).stats.resolved).toBe(20);
    tree.write('package.json', JSON.stringify({ name: 'renamed' }));
    const manifest = await buildAtlas({ dir: tree.dir, previous: parseAtlas(serializeAtlas(cold.atlas), 'previous') });
    expect(manifest.stats.resolved).toBe(20);
  });

  test('a previous atlas of another extractor version is not reused', async () => {
    tree = tempTree(project());
    const cold = await buildAtlas({ dir: tree.dir });
    const warm = await buildAtlas({ dir: tree.dir, previous: { ...cold.atlas, extractor: cold.atlas.extractor + 1 } });
    expect(warm.stats).toMatchObject({ parsed: 15, reused: 0 });
  });

  test('a package name two manifests share resolves into the first in path order, however long each takes to read', async () => {
    // Nested copies of one package in node_modules share a name. The first manifest is the slow one to read: the
    // reads used to run 32 at a time and the first to finish won, so the same tree could give two atlases.
    const padding = ' '.repeat(900_000);
    const files: Record<string, string> = {
      'a/dup/package.json': `{"name": "dup", "main": "index.js"}${padding}`,
      'a/dup/index.js': 'module.exports = 1;\n',
      'b/dup/package.json': '{"name": "dup", "main": "index.js"}',
      'b/dup/index.js': 'module.exports = 2;\n',
    };
    for (let i = 0; i < 40; i++) files[`src/use${i}.js`] = `const dup = require('dup');\nmodule.exports = dup;\n`;
    tree = tempTree(files);
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(new Set(atlas.edges.map((e) => e.to))).toEqual(new Set(['a/dup/index.js']));
  });

  test('graph rank: the module every feature imports ranks first', async () => {
    tree = tempTree(project());
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const top = [...atlas.files].sort((a, b) => b.rank - a.rank)[0];
    expect(top?.path).toBe('src/base.ts');
    expect(atlas.edges.filter((e) => e.to === 'src/base.ts')).toHaveLength(12);
    expect(atlas.files.reduce((sum, f) => sum + f.rank, 0)).toBeCloseTo(1, 5);
  });

  test('owners from CODEOWNERS, last match wins; packages from package.json, pyproject and requirements', async () => {
    tree = tempTree(project());
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const owners = Object.fromEntries(atlas.files.map((f) => [f.path, f.owners]));
    expect(owners['src/base.ts']).toEqual(['@org/core']);
    expect(owners['src/legacy/old.ts']).toEqual(['@org/legacy']);
    expect(owners['src/legacy/keep.ts']).toEqual([]); // a later owner-less line un-assigns
    expect(owners['README.md']).toEqual(['@org/docs']);
    expect(owners['package.json']).toEqual(['@org/everyone']);
    expect(atlas.packages.map((p) => `${p.ecosystem}:${p.name}@${p.version}${p.dev ? ' dev' : ''} (${p.manifest})`)).toEqual([
      'npm:jest@^30.0.0 dev (package.json)',
      'npm:zod@^4.0.0 (package.json)',
      'pypi:pytest@ dev (pyproject.toml)',
      'pypi:pyyaml@ (pyproject.toml)',
      'pypi:requests@>=2.31 (pyproject.toml)',
      'pypi:ruff@==0.5.0 dev (requirements-dev.txt)',
    ]);
  });

  test('.gitignore (nested, negated), binaries, vendored and generated files (emitted declarations too) are skipped; a plain folder without .git works', async () => {
    tree = tempTree({
      '.gitignore': 'secret/\n*.log\n',
      'app.log': 'x',
      'secret/key.ts': 'export const key = 1;\n',
      'pkg/.gitignore': 'gen/*\n!gen/keep.ts\n',
      'pkg/gen/out.ts': 'export const generated = 1;\n',
      'pkg/gen/keep.ts': 'export const kept = 1;\n',
      'pkg/main.ts': 'export const main = 1;\n',
      'pkg/main.d.ts': 'export declare const main = 1;\n',
      'node_modules/zod/index.js': 'module.exports = {};\n',
      'vendor/lib.py': 'x = 1\n',
      'web/app.min.js': 'var a=1;\n',
      'types/globals.d.ts': 'declare const x: number;\n',
      'img/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      'repo_atlas.json': '{}',
    });
    const { atlas, stats } = await buildAtlas({ dir: tree.dir });
    // types/globals.d.ts declares no module beside it: written by hand, so mapped; pkg/main.d.ts is main.ts's output.
    expect(atlas.files.map((f) => f.path)).toEqual(['.gitignore', 'pkg/.gitignore', 'pkg/gen/keep.ts', 'pkg/main.ts', 'types/globals.d.ts']);
    expect(stats.skippedBinary).toBe(1);
  });

  test('.gitignore patterns are case-sensitive, as git reads them on Linux', async () => {
    tree = tempTree({
      '.gitignore': 'Gen/\n*.LOG.ts\n',
      'Gen/out.ts': 'export const out = 1;\n',
      'gen/tool.ts': 'export const tool = 1;\n',
      'trace.LOG.ts': 'export const upper = 1;\n',
      'trace.log.ts': 'export const lower = 1;\n',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(atlas.files.map((f) => f.path)).toEqual(['.gitignore', 'gen/tool.ts', 'trace.log.ts']);
  });
});

describe('parseCodeowners', () => {
  test("GitHub's rules: last match wins, anchored and unanchored patterns, directory patterns, comments", () => {
    const owners = parseCodeowners(
      [
        '# comment',
        '*       @global',
        '*.js    @js-owner # trailing comment',
        '/build/logs/ @doctocat',
        'docs/*  docs@example.com',
        'apps/ @octocat',
        '/scripts/ @doctocat @octocat',
        '!negated @nobody',
        '/apps/github',
      ].join('\n'),
    );
    expect(owners.ownersOf('README.md')).toEqual(['@global']);
    expect(owners.ownersOf('src/index.js')).toEqual(['@js-owner']);
    expect(owners.ownersOf('build/logs/a/b.log')).toEqual(['@doctocat']);
    expect(owners.ownersOf('x/build/logs/b.log')).toEqual(['@global']); // anchored at the root
    expect(owners.ownersOf('docs/getting-started.md')).toEqual(['docs@example.com']);
    expect(owners.ownersOf('docs/build-app/troubleshooting.md')).toEqual(['@global']); // docs/* is one level
    expect(owners.ownersOf('deep/apps/x.js')).toEqual(['@octocat']); // apps/ anywhere, and later than *.js
    expect(owners.ownersOf('scripts/run.sh')).toEqual(['@doctocat', '@octocat']);
    expect(owners.ownersOf('apps/github/x.txt')).toEqual([]); // owner-less last match
  });

  test('paths are case-sensitive, as on GitHub: /Docs/ does not own docs/', () => {
    const owners = parseCodeowners(['*       @global', '/Docs/  @docs-team', '*.MD    @upper-md'].join('\n'));
    expect(owners.ownersOf('Docs/guide.md')).toEqual(['@docs-team']);
    expect(owners.ownersOf('docs/guide.md')).toEqual(['@global']);
    expect(owners.ownersOf('NOTES.MD')).toEqual(['@upper-md']);
    expect(owners.ownersOf('notes.md')).toEqual(['@global']);
  });
});
