/** repo-atlas in process (its role through the host, with an in-memory IO) on a real folder: no model, no PR. */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRole } from '@eternia/action-kit';
import { memoryIO, type MemoryIO } from '../../../packages/core/test/memory-io.js';
import { FakeArtifactClient } from '../../../packages/dossier/test/fake-artifact-client.js';
import { role } from '../src/role.js';

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'repo-atlas-action-'));
  await mkdir(join(workspace, 'src'));
  await writeFile(join(workspace, 'src/app.ts'), "import { util } from './util.js';\nexport const app = util();\n");
  await writeFile(join(workspace, 'src/util.ts'), 'export function util() {\n  return 1;\n}\n');
});
afterEach(async () => rm(workspace, { recursive: true, force: true }));

async function run(inputs: Record<string, string> = {}, artifactClient?: FakeArtifactClient, runnerTemp = workspace): Promise<MemoryIO> {
  const io = memoryIO({ inputs: { 'github-token': 'ghs_read_only', ...inputs } });
  const env = {
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
  };
  await runRole(role, { io, env, cwd: workspace, fetch: globalThis.fetch, ...(artifactClient ? { artifactClient } : {}) });
  return io;
}

describe('repo-atlas action', () => {
  test('writes the atlas, then refreshes it reusing the unchanged files', async () => {
    const first = await run();
    expect(first.outputs).toEqual({ path: 'repo_atlas.json', files: '2', parsed: '2', reused: '0' });
    const atlas = JSON.parse(await readFile(join(workspace, 'repo_atlas.json'), 'utf8'));
    expect(atlas.edges).toEqual([{ from: 'src/app.ts', to: 'src/util.ts', names: ['util'] }]);
    await writeFile(join(workspace, 'src/util.ts'), 'export function util() {\n  return 2;\n}\n');
    const second = await run();
    expect(second.outputs).toMatchObject({ parsed: '1', reused: '1' });
    expect(second.summary.join('')).toContain('2 files (1 parsed, 1 reused from the previous atlas)');
  });

  test('artifact-name uploads the atlas as an artifact of the run', async () => {
    const client = new FakeArtifactClient(42);
    const io = await run({ 'artifact-name': 'repo-atlas' }, client);
    expect(client.runs.get(42)?.map((a) => [a.name, [...a.files.keys()]])).toEqual([['repo-atlas', ['repo_atlas.json']]]);
    expect(io.summary.join('')).toContain('Uploaded as the artifact `repo-atlas`.');
  });

  test('an output under RUNNER_TEMP (where the flow keeps it, out of the checkout) is written there, its folder made', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'repo-atlas-temp-'));
    try {
      const output = join(temp, 'repo-atlas', 'repo_atlas.json');
      const first = await run({ output }, undefined, temp);
      expect(first.outputs).toEqual({ path: output, files: '2', parsed: '2', reused: '0' });
      expect(JSON.parse(await readFile(output, 'utf8')).files.map((f: { path: string }) => f.path)).toEqual(['src/app.ts', 'src/util.ts']);
      expect((await run({ output }, undefined, temp)).outputs).toMatchObject({ parsed: '0', reused: '2' });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });

  test('an output outside the workspace and RUNNER_TEMP is refused, naming the input', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'repo-atlas-temp-'));
    try {
      await expect(run({ output: '../elsewhere.json' }, undefined, temp)).rejects.toThrow(
        /^input 'output': "\.\.\/elsewhere\.json" is outside the workspace and RUNNER_TEMP$/,
      );
      await expect(run({ directory: temp }, undefined, temp)).rejects.toThrow(/^input 'directory': .* is outside the workspace$/);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  });
});
