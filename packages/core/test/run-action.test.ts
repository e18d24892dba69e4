import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestError } from '@octokit/request-error';
import { actionsCoreIO } from '../src/action-io.js';
import { ConfigurationError, GitHubApiError, TestsFailedError } from '../src/errors.js';
import { parseInputs } from '../src/inputs.js';
import { runAction } from '../src/run-action.js';
import { z } from 'zod';
import { memoryIO } from './memory-io.js';

describe('runAction', () => {
  test('a body that succeeds leaves the step green', async () => {
    const io = memoryIO({ inputs: { name: 'world' } });
    await runAction('greet', async (actionIO) => actionIO.setOutput('greeting', `hello ${actionIO.getInput('name')}`), io);
    expect(io.outputs).toEqual({ greeting: 'hello world' });
    expect(io.failed).toEqual([]);
    expect(io.summary).toEqual([]);
  });

  test('a ConfigurationError reads as a configuration failure naming the input', async () => {
    const io = memoryIO({ inputs: { 'max-issues': 'abc' } });
    await runAction(
      'supervisor',
      async (actionIO) => {
        parseInputs(z.object({ 'max-issues': z.number().int().min(1).max(100).default(5) }), actionIO.getInput);
      },
      io,
    );
    expect(io.failed).toEqual([`supervisor failed (configuration): input 'max-issues': expected a whole number from 1 to 100, got "abc"`]);
    expect(io.summary).toHaveLength(1);
    expect(io.summary[0]).toContain('## supervisor failed');
    expect(io.summary[0]).toContain('**Kind:** `configuration`');
    expect(io.summary[0]).toContain(`input 'max-issues': expected a whole number from 1 to 100, got "abc"`);
  });

  test('each error kind is named', async () => {
    const io = memoryIO();
    await runAction(
      'implement',
      async () => {
        throw new TestsFailedError('3 tests still fail after 3 attempts');
      },
      io,
    );
    await runAction(
      'supervisor',
      async () => {
        throw new GitHubApiError('GitHub 422 creating pull request: A pull request already exists for o:b', 422);
      },
      io,
    );
    expect(io.failed).toEqual([
      'implement failed (tests-failed): 3 tests still fail after 3 attempts',
      'supervisor failed (github): GitHub 422 creating pull request: A pull request already exists for o:b',
    ]);
  });

  test('a plain Error is an internal failure; its stack goes to debug only', async () => {
    const io = memoryIO();
    await runAction(
      'plan',
      async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
      io,
    );
    expect(io.failed).toEqual([`plan failed (internal): Cannot read properties of undefined (reading 'x')`]);
    const debug = io.logs
      .filter((l) => l.level === 'debug')
      .map((l) => l.message)
      .join('\n');
    expect(debug).toContain('TypeError');
    expect(debug).toContain('run-action.test.ts');
    expect(io.failed[0]).not.toContain('run-action.test.ts');
    expect(io.summary[0]).not.toContain('run-action.test.ts');
  });

  test.each([
    ['a string', 'disk full', 'disk full'],
    ['an empty string', '', 'an empty string was thrown'],
    ['a number', 42, 'a number was thrown: 42'],
    ['undefined', undefined, 'undefined was thrown (no error, no message)'],
    ['null', null, 'null was thrown (no error, no message)'],
    ['an object', { code: 7 }, 'a non-error object was thrown: {"code":7}'],
    ['an error-like object', { message: 'from another realm' }, 'from another realm'],
    ['a symbol', Symbol('s'), 'a symbol was thrown: Symbol(s)'],
  ])('anything thrown is reported: %s', async (_label, thrown, expected) => {
    const io = memoryIO();
    await expect(
      runAction(
        'scribe',
        async () => {
          throw thrown;
        },
        io,
      ),
    ).resolves.toBeUndefined();
    expect(io.failed).toEqual([`scribe failed (internal): ${expected}`]);
    expect(io.summary).toHaveLength(1);
  });

  test('a cyclic object thrown still gives a line', async () => {
    const io = memoryIO();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await runAction(
      'x',
      async () => {
        throw cyclic;
      },
      io,
    );
    expect(io.failed).toEqual(['x failed (internal): a non-error object was thrown: [object Object]']);
  });

  test('an AggregateError lists its errors', async () => {
    const io = memoryIO();
    await runAction(
      'x',
      async () => {
        throw new AggregateError([new Error('a broke'), 'b broke'], 'two things failed');
      },
      io,
    );
    expect(io.failed).toEqual(['x failed (internal): two things failed: a broke; b broke']);
  });

  test('an unwrapped octokit RequestError reads as a GitHub failure', async () => {
    const io = memoryIO();
    await runAction(
      'x',
      async () => {
        throw new RequestError('Not Found', 404, {
          request: { method: 'GET', url: 'https://api.github.com/repos/o/r', headers: {} },
          response: { status: 404, url: 'https://api.github.com/repos/o/r', headers: {}, data: { message: 'Not Found' } },
        });
      },
      io,
    );
    expect(io.failed).toEqual(['x failed (github): GitHub 404 calling the GitHub API: Not Found']);
  });

  test('secrets are redacted from the line, the summary and the debug stack', async () => {
    const pat = `github_pat_${'A1'.repeat(20)}`;
    const io = memoryIO({ env: { OPENAI_API_KEY: 'env-secret-value-123', PATH: '/usr/bin' } });
    await runAction(
      'x',
      async (actionIO) => {
        actionIO.setSecret('registered-mask');
        throw new ConfigurationError(`bad value registered-mask near env-secret-value-123 and ${pat} in /usr/bin`, "input 'token'");
      },
      io,
    );
    const everything = [...io.failed, ...io.summary, ...io.logs.map((l) => l.message)].join('\n');
    for (const secret of ['registered-mask', 'env-secret-value-123', pat]) expect(everything).not.toContain(secret);
    expect(io.failed).toEqual([`x failed (configuration): input 'token': bad value *** near *** and *** in /usr/bin`]);
  });

  test('a multi-line message gives one line; the summary has all of it', async () => {
    const io = memoryIO();
    await runAction(
      'x',
      async () => {
        throw new Error('first line\nsecond line\n```\nthird');
      },
      io,
    );
    expect(io.failed).toEqual(['x failed (internal): first line (more in the job summary)']);
    expect(io.summary[0]).toContain('second line');
    // The fence around the message is longer than any backtick run inside it.
    expect(io.summary[0]).toContain('````\nfirst line');
  });

  test('a very long message is cut', async () => {
    const io = memoryIO();
    await runAction(
      'x',
      async () => {
        throw new Error('y'.repeat(5000));
      },
      io,
    );
    expect(io.failed[0]!.length).toBeLessThanOrEqual(1000 + 'x failed (internal): '.length);
    expect(io.failed[0]!.endsWith('...')).toBe(true);
  });

  test('a summary that cannot be written does not hide the failure', async () => {
    const io = memoryIO({ summaryFails: true });
    await runAction(
      'x',
      async () => {
        throw new Error('the real problem');
      },
      io,
    );
    expect(io.failed).toEqual(['x failed (internal): the real problem']);
    expect(io.logs.some((l) => l.level === 'debug' && l.message.includes('summary file is read-only'))).toBe(true);
  });
});

describe('actionsCoreIO (the real runner contract)', () => {
  const saved = { ...process.env };
  let dir: string | undefined;
  afterEach(async () => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('reads INPUT_*, writes GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, masks, and fails the step', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'eternia-io-'));
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    await writeFile(output, '');
    await writeFile(summary, '');
    process.env['INPUT_MAX-ISSUES'] = '3';
    process.env.GITHUB_OUTPUT = output;
    process.env.GITHUB_STEP_SUMMARY = summary;
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    await runAction(
      'demo',
      async (io) => {
        expect(io.getInput('max-issues')).toBe('3');
        expect(io.getInput('absent')).toBe('');
        io.setOutput('count', 3);
        io.setSecret('s3cret-value');
        throw new Error('boom with s3cret-value');
      },
      actionsCoreIO(process.env),
    );

    expect(process.exitCode).toBe(1);
    const log = written.join('');
    expect(log).toContain('::add-mask::s3cret-value');
    expect(log).toContain('::error::demo failed (internal): boom with ***');
    expect(await readFile(output, 'utf8')).toMatch(/^count<<ghadelimiter_[\w-]+\n3\n/);
    const md = await readFile(summary, 'utf8');
    expect(md).toContain('## demo failed');
    expect(md).not.toContain('s3cret-value');
  });

  test('without GITHUB_STEP_SUMMARY the summary is skipped, not an error', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    const written: string[] = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    await actionsCoreIO(process.env).appendSummary('# hi');
    expect(written.join('')).toContain('GITHUB_STEP_SUMMARY is not set');
  });
});
