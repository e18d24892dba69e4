import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ReadmeModule {
  generateReadmes(options: { root: string; check?: boolean }): Promise<string[]>;
  renderTable(manifest: object): string;
}

const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
let root: string;
let readmes: ReadmeModule;

const manifest = `name: plan
description: Writes the plan for an issue.
inputs:
  pr: { description: 'Pull request | number', required: true }
  model:
    description: |
      Model name
      (two lines)
    default: gpt-5
  base-url: { description: Base URL, default: '' }
outputs:
  plan: { description: The plan }
runs: { using: node24, main: ../../dist/plan/index.js }
`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'readme-test-'));
  readmes = (await import(pathToFileURL(path.join(repoRoot, 'scripts/gen-action-readme.mjs')).href)) as ReadmeModule;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gen-action-readme', () => {
  test('creates a README with title, description and the table; then it is up to date', async () => {
    await mkdir(path.join(root, 'actions/plan'), { recursive: true });
    await writeFile(path.join(root, 'actions/plan/action.yml'), manifest);
    expect(await readmes.generateReadmes({ root, check: true })).toEqual(['actions/plan/README.md']);
    expect(await readmes.generateReadmes({ root })).toEqual(['actions/plan/README.md']);
    const text = await readFile(path.join(root, 'actions/plan/README.md'), 'utf8');
    expect(text).toBe(`# plan

Writes the plan for an issue.

<!-- inputs-outputs:start -->

## Inputs

| Name | Description | Required | Default |
| --- | --- | --- | --- |
| \`pr\` | Pull request \\| number | yes |  |
| \`model\` | Model name<br>(two lines) | no | \`gpt-5\` |
| \`base-url\` | Base URL | no | (empty) |

## Outputs

| Name | Description |
| --- | --- |
| \`plan\` | The plan |

<!-- inputs-outputs:end -->
`);
    expect(await readmes.generateReadmes({ root, check: true })).toEqual([]);
  });

  test('only the block between the markers changes; --check reports drift without writing', async () => {
    const file = path.join(root, 'actions/plan/README.md');
    const before = await readFile(file, 'utf8');
    await writeFile(file, before.replace('# plan', '# plan\n\nHand-written intro.').concat('\nHand-written footer.\n'));
    await writeFile(
      path.join(root, 'actions/plan/action.yml'),
      manifest.replace('  plan: { description: The plan }', '  plan: { description: The plan }\n  cost: { description: Dollars }'),
    );
    const edited = await readFile(file, 'utf8');
    expect(await readmes.generateReadmes({ root, check: true })).toEqual(['actions/plan/README.md']);
    expect(await readFile(file, 'utf8')).toBe(edited);
    await readmes.generateReadmes({ root });
    const after = await readFile(file, 'utf8');
    expect(after).toContain('Hand-written intro.');
    expect(after).toContain('Hand-written footer.');
    expect(after).toContain('| `cost` | Dollars |');
  });

  test('a README with only one marker is an error naming it', async () => {
    await writeFile(path.join(root, 'actions/plan/README.md'), '# plan\n<!-- inputs-outputs:start -->\n');
    await expect(readmes.generateReadmes({ root })).rejects.toThrow(/actions\/plan\/README\.md: has only one of the inputs-outputs markers/);
  });
});
