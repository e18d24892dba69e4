import { describe, expect, test } from '@jest/globals';
import type { ExecOutput } from '@actions/exec';
import { Git } from '@eternia/git';

const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ012345';
const URL_WITH_TOKEN = `https://x-access-token:${TOKEN}@github.com/acme/shop.git`;

/** A git whose every call answers from `answers` by subcommand, so failures can carry a token in their output. */
function fakeGit(answers: Record<string, ExecOutput>): Git {
  return new Git({
    cwd: '/nowhere',
    exec: async (_cmd, args = []) => {
      const sub = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? '';
      const key = sub === 'rebase' && args.includes('--abort') ? 'rebase --abort' : sub;
      return answers[key] ?? { exitCode: 0, stdout: '', stderr: '' };
    },
  });
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const e = error as Error & { stderr?: string; args?: readonly string[] };
  return [e.message, e.stderr ?? '', ...(e.args ?? [])].join('\n');
}

describe('credentials never reach an error from the history operations', () => {
  const sha = 'a'.repeat(40);

  test('a rebase that fails and cannot be aborted', async () => {
    const git = fakeGit({
      rebase: { exitCode: 128, stdout: '', stderr: `fatal: unable to access '${URL_WITH_TOKEN}': could not resolve host` },
      'rebase --abort': { exitCode: 128, stdout: '', stderr: 'fatal: no rebase in progress' },
    });
    const text = await messageOf(git.rebase(sha));
    expect(text).toContain('could not be aborted');
    expect(text).not.toContain(TOKEN);
  });

  test.each([
    ['commitsSince', (git: Git) => git.commitsSince(sha), 'log'],
    ['filesOfCommit', (git: Git) => git.filesOfCommit(sha), 'diff-tree'],
    ['trackedFiles', (git: Git) => git.trackedFiles(), 'ls-files'],
    ['discardChanges', (git: Git) => git.discardChanges(sha), 'reset'],
  ])('%s: a token in git stderr, bare or in an auth header', async (_name, call, sub) => {
    const stderr = `error: ${TOKEN} rejected\nhttp.extraheader AUTHORIZATION: basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}\n${URL_WITH_TOKEN}`;
    const text = await messageOf(call(fakeGit({ [sub]: { exitCode: 128, stdout: '', stderr } })));
    expect(text).toContain(`git ${sub} failed`);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(`x:${TOKEN}`).toString('base64'));
  });
});
