import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readActionManifest, runAction, webhookPayload } from '../src/runner/index.js';

let root: string;

/** Writes a throwaway node action: action.yml plus CommonJS scripts standing in for dist bundles. */
async function makeAction(name: string, yml: string, scripts: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'action.yml'), yml);
  for (const [file, body] of Object.entries(scripts)) {
    await writeFile(path.join(dir, file), `const fs = require('fs');\n${body}\n`);
  }
  return dir;
}

/** Polls for a file another process writes; the test's own timeout bounds the wait. */
async function waitForFile(file: string): Promise<string> {
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text !== '') return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until a process no longer runs (gone, or a zombie nobody reaped yet); the test's timeout bounds it. */
async function waitUntilGone(pid: number): Promise<void> {
  for (;;) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'runner-test-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runAction', () => {
  test('sets inputs, defaults, GITHUB_* variables and the event file, without the parent env', async () => {
    process.env.RUNNER_TEST_PARENT_SECRET = 'from-parent';
    const dir = await makeAction(
      'env-dump',
      `name: env dump
description: prints what it sees
inputs:
  github-token: { description: token, default: '\${{ github.token }}' }
  repo: { description: repo, default: 'repo=\${{ github.repository }}' }
  max-issues: { description: max, required: true }
  my input: { description: spaced, default: spaced-default }
runs: { using: node24, main: dist/index.js }
`,
      {
        'dist/index.js': `
const event = JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'env=' + JSON.stringify(process.env) + '\\n');
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'label=' + event.label.name + '\\n');
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'cwd=' + process.cwd() + '\\n');`,
      },
    );
    const workspace = path.join(root, 'ws');
    await mkdir(workspace);
    const run = await runAction({
      actionDir: dir,
      inputs: { 'max-issues': '3', unknown: 'x' },
      env: { EXTRA: 'yes' },
      event: { name: 'issues', payload: webhookPayload('issues', 'labeled') },
      workspace,
      repository: 'eternia/example',
      apiUrl: 'http://127.0.0.1:1234',
      token: 'ghs_token_value',
    }).finally(() => delete process.env.RUNNER_TEST_PARENT_SECRET);
    expect(run.exitCode).toBe(0);
    const env = JSON.parse(run.outputs.env!) as Record<string, string>;
    expect(env['INPUT_GITHUB-TOKEN']).toBe('ghs_token_value');
    expect(env.INPUT_REPO).toBe('repo=eternia/example');
    expect(env['INPUT_MAX-ISSUES']).toBe('3');
    expect(env.INPUT_MY_INPUT).toBe('spaced-default');
    expect(env.INPUT_UNKNOWN).toBe('x');
    expect(env.RUNNER_TEST_PARENT_SECRET).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.EXTRA).toBe('yes');
    expect(env).toMatchObject({
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: 'issues',
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'eternia/example',
      GITHUB_REPOSITORY_OWNER: 'eternia',
      GITHUB_API_URL: 'http://127.0.0.1:1234',
      GITHUB_GRAPHQL_URL: 'http://127.0.0.1:1234/graphql',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_ACTION_PATH: dir,
      GITHUB_RUN_ATTEMPT: '1',
    });
    for (const name of [
      'GITHUB_SHA',
      'GITHUB_REF',
      'GITHUB_RUN_ID',
      'GITHUB_ACTOR',
      'GITHUB_JOB',
      'GITHUB_WORKFLOW',
      'GITHUB_ACTION',
      'RUNNER_TEMP',
      'RUNNER_OS',
      'RUNNER_ARCH',
      'RUNNER_TOOL_CACHE',
      'GITHUB_OUTPUT',
      'GITHUB_ENV',
      'GITHUB_STATE',
      'GITHUB_STEP_SUMMARY',
      'GITHUB_PATH',
    ]) {
      expect(env[name]).toEqual(expect.any(String));
      expect(env[name]).not.toBe('');
    }
    // The token reaches the action only through the input that defaults to it.
    expect(
      Object.entries(env)
        .filter(([, value]) => value === 'ghs_token_value')
        .map(([key]) => key),
    ).toEqual(['INPUT_GITHUB-TOKEN']);
    expect(run.outputs.label).toBe('bug');
    expect(run.outputs.cwd).toBe(workspace);
    expect(run.runnerWarnings).toEqual(["Unexpected input(s) 'unknown', valid inputs are ['github-token', 'repo', 'max-issues', 'my input']"]);
    // The token is masked like the job token, and it was echoed into an output: a leak.
    expect(run.masks).toContain('ghs_token_value');
    expect(run.leakedSecrets).toEqual(['ghs_token_value']);
  });

  test('a required input that is missing only warns, as on GitHub', async () => {
    const dir = await makeAction(
      'required',
      'name: r\ndescription: d\ninputs:\n  need: { description: n, required: true }\nruns: { using: node20, main: dist/index.js }\n',
      { 'dist/index.js': "console.log('ran with', JSON.stringify(process.env['INPUT_NEED']));" },
    );
    const run = await runAction({ actionDir: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('ran with undefined\n');
    expect(run.runnerWarnings).toEqual(['Input required and not supplied: need']);
  });

  test('outputs (heredoc and legacy set-output), annotations, env, path and summary', async () => {
    const dir = await makeAction('commands', 'name: c\ndescription: d\nruns: { using: node24, main: dist/index.js }\n', {
      'dist/index.js': `
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'matrix<<ghadelimiter_1\\n[{"issue":1}]\\nsecond line\\nghadelimiter_1\\nplain=yes\\n');
fs.appendFileSync(process.env.GITHUB_ENV, 'FOO=bar\\n');
fs.appendFileSync(process.env.GITHUB_PATH, '/opt/tool/bin\\n');
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## Supervisor\\n');
console.log('::set-output name=legacy::old%0Astyle');
console.log('::group::details');
console.log('::error file=src/a.ts,line=4,col=2,title=Broken%2C really::went wrong%0Aon two lines');
console.log('::warning::careful');
console.log('::notice title=FYI::note');
console.log('::debug::dbg');
console.log('::endgroup::');
console.error('to stderr');
process.exitCode = 3;`,
    });
    const before = Date.now();
    const run = await runAction({ actionDir: dir });
    const after = Date.now();
    expect(run.exitCode).toBe(3);
    expect(run.outputs).toEqual({ matrix: '[{"issue":1}]\nsecond line', plain: 'yes', legacy: 'old\nstyle' });
    expect(run.env).toEqual({ FOO: 'bar' });
    expect(run.path).toEqual(['/opt/tool/bin']);
    expect(run.summary).toBe('## Supervisor\n');
    expect(run.annotations).toEqual([
      { level: 'error', message: 'went wrong\non two lines', file: 'src/a.ts', line: 4, col: 2, title: 'Broken, really' },
      { level: 'warning', message: 'careful' },
      { level: 'notice', message: 'note', title: 'FYI' },
      { level: 'debug', message: 'dbg' },
    ]);
    expect(run.runnerWarnings).toEqual([expect.stringContaining('`set-output` command is deprecated')]);
    expect(run.stderr).toBe('to stderr\n');
    expect(run.leakedSecrets).toEqual([]);
    // Ordering, not speed: the run started after the call and ended before it returned.
    expect(run.startedAt).toBeGreaterThanOrEqual(before);
    expect(run.startedAt + run.durationMs).toBeLessThanOrEqual(after);
    expect(run.phases[0]!.durationMs).toBeLessThanOrEqual(run.durationMs);
  });

  test('a masked value printed later is a leak; printed before the mask it is not', async () => {
    const dir = await makeAction('masks', 'name: m\ndescription: d\nruns: { using: node24, main: dist/index.js }\n', {
      'dist/index.js': `
console.log('early s3cr3t-early is not yet masked');
console.log('::add-mask::s3cr3t-early');
console.log('::add-mask::s3cr3t-never-shown');
console.log('::add-mask::s3cr3t-in-stderr');
console.log('::add-mask::s3cr3t-in-summary');
console.error('oops s3cr3t-in-stderr');
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, 'token s3cr3t-in-summary');`,
    });
    const run = await runAction({ actionDir: dir, secrets: ['preset-secret'] });
    expect(run.masks).toEqual(['preset-secret', 's3cr3t-early', 's3cr3t-never-shown', 's3cr3t-in-stderr', 's3cr3t-in-summary']);
    expect(run.leakedSecrets.sort()).toEqual(['s3cr3t-in-stderr', 's3cr3t-in-summary']);
  });

  test('pre, main and post run in order and pass state; GITHUB_ENV carries over', async () => {
    const dir = await makeAction(
      'phases',
      'name: p\ndescription: d\nruns: { using: node24, pre: dist/pre.js, main: dist/index.js, post: dist/post.js }\n',
      {
        'dist/pre.js':
          "fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=1\\n'); fs.appendFileSync(process.env.GITHUB_ENV, 'PRE_ENV=p\\n'); console.log('pre');",
        'dist/index.js':
          "console.log('main', process.env.STATE_from_pre, process.env.PRE_ENV); fs.appendFileSync(process.env.GITHUB_STATE, 'from_main<<X\\na\\nb\\nX\\n'); fs.appendFileSync(process.env.GITHUB_OUTPUT, 'o=1\\n');",
        'dist/post.js':
          "console.log('post', JSON.stringify(process.env.STATE_from_main)); fs.appendFileSync(process.env.GITHUB_OUTPUT, 'o=from-post\\n');",
      },
    );
    const run = await runAction({ actionDir: dir });
    expect(run.stdout).toBe('pre\nmain 1 p\npost "a\\nb"\n');
    expect(run.phases.map((phase) => [phase.phase, phase.exitCode])).toEqual([
      ['pre', 0],
      ['main', 0],
      ['post', 0],
    ]);
    expect(run.state).toEqual({ from_pre: '1', from_main: 'a\nb' });
    expect(run.outputs).toEqual({ o: '1' });
    expect(run.exitCode).toBe(0);
  });

  test('a failing pre step skips main and post', async () => {
    const dir = await makeAction(
      'pre-fails',
      'name: p\ndescription: d\nruns: { using: node24, pre: dist/pre.js, main: dist/index.js, post: dist/post.js }\n',
      { 'dist/pre.js': 'process.exit(2)', 'dist/index.js': "console.log('main')", 'dist/post.js': "console.log('post')" },
    );
    const run = await runAction({ actionDir: dir });
    expect(run.exitCode).toBe(2);
    expect(run.phases.map((phase) => phase.phase)).toEqual(['pre']);
    expect(run.stdout).toBe('');
  });

  test('a timeout ends a step that never finishes', async () => {
    const dir = await makeAction('hangs', 'name: h\ndescription: d\nruns: { using: node24, main: dist/index.js, post: dist/post.js }\n', {
      'dist/index.js': "console.log('started'); setInterval(() => {}, 1000);",
      'dist/post.js': "console.log('post');",
    });
    const run = await runAction({ actionDir: dir, timeoutMs: 300 });
    expect(run.timedOut).toBe(true);
    expect(run.cancelled).toBe(false);
    expect(run.exitCode).toBeNull();
  });

  test('cancelling kills the whole process tree and skips the later phases', async () => {
    const pidFile = path.join(root, 'grandchild.pid');
    const dir = await makeAction('tree', 'name: t\ndescription: d\nruns: { using: node24, main: dist/index.js, post: dist/post.js }\n', {
      'dist/index.js': `
const { spawn } = require('child_process');
const code = ${JSON.stringify(`require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`)};
spawn(process.execPath, ['-e', code], { stdio: 'inherit' });
console.log('started');
setInterval(() => {}, 1000);`,
      'dist/post.js': "console.log('post');",
    });
    const controller = new AbortController();
    const pending = runAction({ actionDir: dir, signal: controller.signal });
    // Cancel only once the grandchild runs, however long a busy machine takes to start it.
    const grandchild = Number(await waitForFile(pidFile));
    controller.abort();
    const run = await pending;
    expect(run.cancelled).toBe(true);
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBeNull();
    expect(run.phases.map((phase) => phase.phase)).toEqual(['main']);
    expect(run.stdout).toBe('started\n');
    await waitUntilGone(grandchild);
  });

  test('a missing bundle is a clear error naming the file', async () => {
    const dir = path.join(root, 'unbuilt');
    await mkdir(dir);
    await writeFile(path.join(dir, 'action.yml'), 'name: u\ndescription: d\nruns: { using: node24, main: dist/index.js }\n');
    await expect(runAction({ actionDir: dir })).rejects.toThrow(/action\.yml: runs\.main file 'dist\/index\.js' does not exist/);
  });
});

describe('readActionManifest', () => {
  async function manifestError(yml: string): Promise<string> {
    const dir = await mkdtemp(path.join(root, 'manifest-'));
    await writeFile(path.join(dir, 'action.yml'), yml);
    return readActionManifest(dir).then(
      () => 'no error',
      (error: Error) => error.message,
    );
  }

  test('reads a valid manifest with typed defaults', async () => {
    const dir = await mkdtemp(path.join(root, 'manifest-'));
    await writeFile(
      path.join(dir, 'action.yml'),
      'name: n\ndescription: d\ninputs:\n  n: { description: x, default: 5 }\noutputs:\n  o: { description: y }\nruns: { using: node24, main: dist/index.js, post: dist/post.js }\n',
    );
    const manifest = await readActionManifest(dir);
    expect(manifest.inputs).toEqual({ n: { description: 'x', default: '5' } });
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js' });
  });

  test('bad manifests name the key and the file', async () => {
    expect(await manifestError('description: d\nruns: { using: node24, main: a.js }\n')).toMatch(/key 'name' in .*action\.yml/);
    expect(await manifestError('name: n\ndescription: d\nruns: { using: composite, steps: [] }\n')).toMatch(/key 'runs\.using'/);
    expect(await manifestError('name: n\ndescription: d\nruns: { using: node24 }\n')).toMatch(/key 'runs\.main'/);
    expect(
      await manifestError('name: n\ndescription: d\ninputs: { x: { description: d, requird: true } }\nruns: { using: node24, main: a.js }\n'),
    ).toMatch(/key 'inputs\.x'.*requird/s);
    expect(await manifestError('name: [unclosed\n')).toMatch(/action\.yml: not valid YAML/);
  });

  test('a directory without action.yml is an error naming it', async () => {
    await expect(readActionManifest(path.join(root, 'nowhere'))).rejects.toThrow(/action directory '.*nowhere'.*no action\.yml/);
  });
});

describe('webhookPayload', () => {
  test('returns a fresh copy of a real example', () => {
    const payload = webhookPayload('issues', 'labeled') as { action: string; issue: { number: number }; label: { name: string } };
    expect(payload.action).toBe('labeled');
    expect(typeof payload.issue.number).toBe('number');
    payload.label.name = 'changed';
    expect((webhookPayload('issues', 'labeled') as { label: { name: string } }).label.name).not.toBe('changed');
    expect(webhookPayload('schedule')).toMatchObject({ schedule: '*/15 * * * *', repository: expect.any(Object) });
  });

  test('unknown events and actions are errors listing what exists', () => {
    expect(() => webhookPayload('issuez')).toThrow(/event 'issuez': unknown event; known: .*issues/);
    expect(() => webhookPayload('issues', 'exploded')).toThrow(/no example with action 'exploded'.*labeled/);
  });
});
