import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { loadPrompt } from '../src/index.js';

let root: string;
let builtinDir: string;
let workspace: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'llm-prompts-'));
  builtinDir = join(root, 'library', 'prompts');
  workspace = join(root, 'consumer');
  await mkdir(builtinDir, { recursive: true });
  await mkdir(join(workspace, '.github', 'agents', 'prompts'), { recursive: true });
  await writeFile(join(builtinDir, 'planner.md'), 'Built-in planner prompt.\n');
  await writeFile(join(builtinDir, 'reviewer.md'), 'Built-in reviewer prompt.\r\nSecond line.\r\n');
  await writeFile(join(workspace, '.github', 'agents', 'prompts', 'planner.md'), 'Our own planner prompt.\n');
  await writeFile(join(workspace, '.github', 'agents', 'prompts', 'scribe.md'), '  \n\n');
  await writeFile(join(root, 'secret.txt'), 'token=abc');
  await symlink(join(root, 'secret.txt'), join(workspace, '.github', 'agents', 'prompts', 'security.md'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('loadPrompt', () => {
  test("the consuming repository's override wins over the built-in prompt", async () => {
    const prompt = await loadPrompt('planner', { workspace, builtinDir });
    expect(prompt.text).toBe('Our own planner prompt.\n');
    expect(prompt.source).toBe(join(workspace, '.github/agents/prompts/planner.md'));
    expect(prompt.overridden).toBe(true);
  });

  test('without an override, or without a workspace, the built-in prompt is used', async () => {
    const reviewer = await loadPrompt('reviewer', { workspace, builtinDir });
    expect(reviewer.source).toBe(join(builtinDir, 'reviewer.md'));
    expect(reviewer.overridden).toBe(false);
    expect((await loadPrompt('planner', { builtinDir })).text).toBe('Built-in planner prompt.\n');
  });

  test('the version is a short sha256 of the text, with line endings normalised', async () => {
    const reviewer = await loadPrompt('reviewer', { builtinDir });
    expect(reviewer.text).toBe('Built-in reviewer prompt.\nSecond line.\n');
    expect(reviewer.version).toBe(createHash('sha256').update(reviewer.text).digest('hex').slice(0, 12));
    expect(reviewer.version).toMatch(/^[0-9a-f]{12}$/);
    const [a, b] = await Promise.all([loadPrompt('planner', { workspace, builtinDir }), loadPrompt('planner', { builtinDir })]);
    expect(a.version).not.toBe(b.version);
  });

  test('an empty override is a configuration error naming the file, not a silent fallback', async () => {
    const error = await loadPrompt('scribe', { workspace, builtinDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('.github/agents/prompts/scribe.md: the prompt file is empty');
  });

  test('an override that links outside the repository is refused', async () => {
    await expect(loadPrompt('security', { workspace, builtinDir })).rejects.toThrow(
      '.github/agents/prompts/security.md: the prompt override points outside the repository',
    );
  });

  test('an unknown or unsafe prompt name is a clear error', async () => {
    await expect(loadPrompt('nonexistent', { workspace, builtinDir })).rejects.toThrow(
      /no prompt 'nonexistent': looked for .*consumer\/\.github\/agents\/prompts\/nonexistent\.md and .*library\/prompts\/nonexistent\.md/,
    );
    await expect(loadPrompt('../secret', { workspace, builtinDir })).rejects.toThrow(/'..\/secret' is not a prompt name/);
  });

  test("the library's own prompts/ folder loads", async () => {
    const implementer = await loadPrompt('implementer', { builtinDir: join(process.cwd(), 'prompts') });
    expect(implementer.text.length).toBeGreaterThan(0);
  });
});
