import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAction, webhookPayload } from '../src/runner/index.js';

interface BuiltDist {
  entries: Array<{ name: string }>;
  files: Record<string, Buffer>;
}
interface BuildDistModule {
  buildDist(options: { root: string; outDir?: string }): Promise<BuiltDist>;
}
interface CheckDistModule {
  checkDist(options: { root: string; log?: (line: string) => void }): Promise<string[]>;
}

const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
let root: string;
let build: BuildDistModule;
let check: CheckDistModule;

/**
 * A throwaway repository with one real action using @actions/core, bundled by the real
 * build script (esbuild), then run by the runner: the runner and @actions/core must agree on
 * the file-command formats (heredoc outputs, summary, masks) exactly as on GitHub.
 */
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'bundle-test-'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await mkdir(path.join(root, 'actions/greet/src'), { recursive: true });
  await writeFile(
    path.join(root, 'actions/tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ES2022', moduleResolution: 'Bundler', target: 'ES2022', strict: true, skipLibCheck: true } }),
  );
  await writeFile(
    path.join(root, 'actions/greet/action.yml'),
    "name: greet\ndescription: greets\ninputs:\n  who: { description: whom, required: true }\n  token: { description: token, default: '${{ github.token }}' }\noutputs:\n  greeting: { description: text }\nruns:\n  using: node24\n  main: ../../dist/greet/index.js\n",
  );
  await writeFile(
    path.join(root, 'actions/greet/src/index.ts'),
    `import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
const who: string = core.getInput('who', { required: true });
core.setSecret(core.getInput('token'));
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH!, 'utf8')) as { action: string };
core.setOutput('greeting', \`hello \${who}\\nfrom \${event.action}\`);
core.warning('careful', { file: 'a.ts', startLine: 3 });
await core.summary.addHeading('Greeted').addRaw(who).write();
if (who === 'leak') console.log('token is', core.getInput('token'));
`,
  );
  // A second action sharing @actions/core with greet, and loading a module of its own only when asked to.
  await mkdir(path.join(root, 'actions/wave/src'), { recursive: true });
  await writeFile(
    path.join(root, 'actions/wave/action.yml'),
    'name: wave\ndescription: waves\nruns:\n  using: node24\n  main: ../../dist/wave/index.js\n',
  );
  await writeFile(path.join(root, 'actions/wave/src/hand.ts'), "export const hand = 'a hand loaded on demand';\n");
  await writeFile(
    path.join(root, 'actions/wave/src/index.ts'),
    "import * as core from '@actions/core';\nconst { hand } = await import('./hand.js');\ncore.setOutput('wave', hand);\n",
  );
  build = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build-dist.mjs')).href)) as BuildDistModule;
  check = (await import(pathToFileURL(path.join(repoRoot, 'scripts/check-dist.mjs')).href)) as CheckDistModule;
  await build.buildDist({ root });
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a bundled action under the runner', () => {
  test('build-dist writes an ES-module bundle with only the expected files', async () => {
    const code = await readFile(path.join(root, 'dist/greet/index.js'), 'utf8');
    expect(code.startsWith('import')).toBe(true);
    expect(JSON.parse(await readFile(path.join(root, 'dist/package.json'), 'utf8'))).toEqual({ type: 'module' });
    const licenses = await readFile(path.join(root, 'dist/licenses.txt'), 'utf8');
    expect(licenses).toMatch(/^@actions\/core \d+\.\d+\.\d+\nMIT\n/m);
    // @actions/core is bundled once, in a chunk both entries import; wave's own lazy module is a chunk of its own.
    const chunks = (await readdir(path.join(root, 'dist/chunks'))).sort();
    const withCore = [];
    for (const chunk of chunks) {
      if ((await readFile(path.join(root, 'dist/chunks', chunk), 'utf8')).includes('Input required and not supplied')) withCore.push(chunk);
    }
    expect(withCore).toHaveLength(1);
    expect(code).toContain(`../chunks/${withCore[0]}`);
    expect(await readFile(path.join(root, 'dist/wave/index.js'), 'utf8')).toContain(`../chunks/${withCore[0]}`);
    expect(chunks.filter((chunk) => chunk.startsWith('hand-'))).toHaveLength(1);
  });

  test('a lazy chunk loads when the entry asks for it', async () => {
    const run = await runAction({ actionDir: path.join(root, 'actions/wave') });
    expect(run.stderr).toBe('');
    expect(run.outputs).toEqual({ wave: 'a hand loaded on demand' });
  });

  test('inputs in, outputs, annotations, summary out', async () => {
    const run = await runAction({
      actionDir: path.join(root, 'actions/greet'),
      inputs: { who: 'Ada' },
      event: { name: 'issues', payload: webhookPayload('issues', 'labeled') },
      token: 'ghs_abcdefghijklmnop',
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ greeting: 'hello Ada\nfrom labeled' });
    expect(run.annotations).toEqual([{ level: 'warning', message: 'careful', file: 'a.ts', line: 3 }]);
    expect(run.summary).toBe('<h1>Greeted</h1>\nAda');
    expect(run.leakedSecrets).toEqual([]);
  });

  test('a missing required input fails through @actions/core; a printed token is a leak', async () => {
    const missing = await runAction({ actionDir: path.join(root, 'actions/greet') });
    expect(missing.exitCode).toBe(1);
    // The fixture lets the error escape (no setFailed wrapper): node prints it and exits 1.
    expect(missing.stderr).toContain('Error: Input required and not supplied: who');
    const leak = await runAction({ actionDir: path.join(root, 'actions/greet'), inputs: { who: 'leak' }, token: 'ghs_leaky_token_1' });
    expect(leak.leakedSecrets).toEqual(['ghs_leaky_token_1']);
  });
});

describe('build determinism and check-dist', () => {
  test('a second build gives the same bytes', async () => {
    const again = await build.buildDist({ root, outDir: path.join(root, 'dist-again') });
    expect(again.entries.map((entry) => entry.name)).toEqual(['greet', 'wave']);
    expect(Object.keys(again.files).length).toBeGreaterThan(4);
    for (const file of Object.keys(again.files)) {
      expect((await readFile(path.join(root, 'dist-again', file))).equals(await readFile(path.join(root, 'dist', file)))).toBe(true);
    }
    await rm(path.join(root, 'dist-again'), { recursive: true });
  }, 120_000);

  test('check-dist passes on a fresh dist/ and reports edits, stale and missing files', async () => {
    expect(await check.checkDist({ root, log: () => {} })).toEqual([]);
    // The chunk holding @actions/core: found by its content, since a folder's listing order is not fixed.
    let coreChunk = '';
    for (const chunk of (await readdir(path.join(root, 'dist/chunks'))).sort()) {
      if ((await readFile(path.join(root, 'dist/chunks', chunk), 'utf8')).includes('Input required and not supplied')) coreChunk = chunk;
    }
    const bundle = path.join(root, 'dist/chunks', coreChunk);
    const original = await readFile(bundle, 'utf8');
    const edited = original.replace('Input required and not supplied', 'Input needed');
    expect(edited).not.toBe(original);
    await writeFile(bundle, edited);
    await mkdir(path.join(root, 'dist/removed-action'));
    await writeFile(path.join(root, 'dist/removed-action/index.js'), '');
    await rm(path.join(root, 'dist/licenses.txt'));
    await chmod(path.join(root, 'dist/package.json'), 0o755);
    const problems = await check.checkDist({ root, log: () => {} });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^dist/chunks/${coreChunk} differs from a fresh build at line \\d+, column \\d+ [^\\n]*\\n- .*Input needed.*\\n\\+ .*Input required and not supplied`,
        ),
      ),
      'new file dist/licenses.txt (not in dist/: run npm run build and commit)',
      'dist/package.json: executable bit differs',
      'stale file dist/removed-action/index.js (its source no longer exists: run npm run build)',
    ]);
    // build-dist repairs all of it.
    await build.buildDist({ root });
    expect(await check.checkDist({ root, log: () => {} })).toEqual([]);
  }, 120_000);
});
