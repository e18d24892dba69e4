/**
 * The root action (`uses: eternia/agents@v1` with `step: <role>`): it applies the chosen role's literal input
 * defaults, which GitHub does not (only the root action.yml's), then hands over to that role's bundle.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction } from '@eternia/testkit';
import { inputDefaults } from '../src/input-defaults.js';
import { selectStep } from '../src/select-step.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'root-action-'));
  await mkdir(path.join(workspace, 'src'));
  await writeFile(path.join(workspace, 'src/app.ts'), 'export const app = 1;\n');
});
afterEach(async () => rm(workspace, { recursive: true, force: true }));

describe('root action', () => {
  test("a role's literal defaults are applied, its expression defaults left to the root action.yml", () => {
    const selection = selectStep(' repo-atlas ', repoRoot);
    expect(selection).toEqual({
      step: 'repo-atlas',
      entry: path.join(repoRoot, 'dist', 'repo-atlas', 'index.js'),
      defaults: { directory: '.', output: 'repo_atlas.json', 'artifact-name': '' },
    });
    expect(inputDefaults(path.join(repoRoot, 'actions'), 'plan')).not.toHaveProperty('github-token');
  });

  test('an unknown or malformed step is refused, listing the roles', () => {
    expect(() => selectStep('nope', repoRoot)).toThrow(/'nope' is not a role; choose one of: .*plan, .*supervisor/);
    expect(() => selectStep('../plan', repoRoot)).toThrow(/is not a role/);
  });

  test('bundled: the defaults travel in the bundle (no YAML parser at start) and the role runs with them', async () => {
    const run = await runAction({
      actionDir: repoRoot,
      inputs: { step: 'repo-atlas' },
      workspace,
      token: 'ghs_root_action_token',
      apiUrl: 'http://127.0.0.1:9',
      event: { name: 'schedule', payload: { schedule: '0 3 * * *' } },
    });
    expect(run.exitCode).toBe(0);
    expect(run.runnerWarnings).toEqual([]);
    // `output` and `directory` were never given: they are repo-atlas's own defaults.
    expect(run.outputs).toMatchObject({ path: 'repo_atlas.json', files: '1' });
    expect(JSON.parse(await readFile(path.join(workspace, 'repo_atlas.json'), 'utf8')).files.map((f: { path: string }) => f.path)).toEqual([
      'src/app.ts',
    ]);
    const bundle = await readFile(path.join(repoRoot, 'dist', 'root', 'index.js'), 'utf8');
    expect(bundle).toContain('"repo_atlas.json"');
    expect(bundle).not.toMatch(/from\s*"\.\.\/chunks\//);
  });
});
