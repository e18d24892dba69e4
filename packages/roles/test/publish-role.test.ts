/**
 * publish: the only writer. Whatever the proposing job left in the dossier is re-checked here, in a fresh
 * checkout, with git that runs nothing of the repository.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentError, ConfigurationError, PatchRefusedError } from '@eternia/core';
import { PROPOSAL_FILES, TestsProposalSchema, type TestsProposal } from '../src/delivery/index.js';
import { runWriteTests } from '../src/write-tests/index.js';
import { DISCOUNT_TEST_PATCH, RUN_ID, git, startBench, type Bench } from './delivery-bench.js';

// Each test starts emulators, clones and runs real test processes several times: slow on a loaded 2-core machine.
jest.setTimeout(180_000);

let bench: Bench | undefined;
afterEach(async () => {
  if (bench) expect(bench.gh.violations).toEqual([]);
  await bench?.close();
  bench = undefined;
});

/** A bench whose dossier holds a genuine tests proposal of this run; returns it for tampering. */
async function proposed(): Promise<{ b: Bench; proposal: TestsProposal }> {
  const b = await startBench();
  b.oai.script({ match: { role: 'test-author' }, reply: { patch: DISCOUNT_TEST_PATCH, summary: 'cover applyDiscount', covers: ['AC1'] } });
  await runWriteTests(b.deps());
  return { b, proposal: b.dossier.readJson(PROPOSAL_FILES.tests, TestsProposalSchema)! };
}

function tamper(b: Bench, proposal: TestsProposal, change: Partial<TestsProposal>): void {
  b.dossier.writeJson(PROPOSAL_FILES.tests, { ...proposal, ...change }, TestsProposalSchema);
}

describe('publish', () => {
  test('a proposal of another workflow run is refused, nothing pushed', async () => {
    const { b, proposal } = await proposed();
    bench = b;
    tamper(b, proposal, { runId: RUN_ID + 1 });
    const before = b.remoteHead();
    const error = await b.publish('tests').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/proposal-tests\.json in the dossier: was made by workflow run 4243, not by this run \(4242\)/);
    expect(b.remoteHead()).toBe(before);
  });

  test("the patch is re-validated against the policy it is given (the default branch's): the agents policy file is never writable", async () => {
    const { b, proposal } = await proposed();
    bench = b;
    const widen = `--- /dev/null\n+++ b/.github/agents.yml\n@@ -0,0 +1 @@\n+labels: { freeze: nobody-uses-this }\n`;
    tamper(b, proposal, { patch: `${proposal.patch}${widen}`, files: ['.github/agents.yml', 'test/discount.test.js'] });
    const before = b.remoteHead();
    const error = await b.publish('tests').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatchRefusedError);
    expect((error as Error).message).toContain('.github/agents.yml');
    expect(b.remoteHead()).toBe(before);
  });

  test('a proposal whose file list does not match its patch is refused', async () => {
    const { b, proposal } = await proposed();
    bench = b;
    tamper(b, proposal, { files: ['test/other.test.js'] });
    const error = await b.publish('tests').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toMatch(/names the files test\/other\.test\.js but its patch writes test\/discount\.test\.js/);
  });

  test('a proposal based on a commit that is not on the branch is refused (a rebase would carry foreign commits)', async () => {
    const { b, proposal } = await proposed();
    bench = b;
    const foreign = await b.pushFromElsewhere('README.md', '# elsewhere\n', 'docs: elsewhere');
    // Move the branch back so that commit is no longer on it.
    git(b.bare, 'update-ref', 'refs/heads/agent/1-discount', proposal.baseSha);
    tamper(b, proposal, { baseSha: foreign });
    const error = await b.publish('tests').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is not a commit of agent\/1-discount; nothing was pushed/);
    expect(b.remoteHead()).toBe(proposal.baseSha);
  });

  test('anything else in the tree besides the patch refuses the commit: only validated files are ever staged', async () => {
    const { b } = await proposed();
    bench = b;
    const before = b.remoteHead();
    const error = await b
      .publish('tests', {}, async (checkout) => {
        await writeFile(path.join(checkout, 'src', 'backdoor.js'), 'export const pwned = 1;\n');
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /the tree changed in src\/backdoor\.js, test\/discount\.test\.js, not exactly in test\/discount\.test\.js/,
    );
    expect(b.remoteHead()).toBe(before);
  });

  test('git runs no hook of the checkout and no git found on PATH, and the token reaches neither', async () => {
    const { b } = await proposed();
    bench = b;
    const loot = path.join(b.root, 'loot.txt');
    const trap = `#!/bin/sh\nenv >> ${loot}\n`;
    const fakeBin = path.join(b.root, 'fake-bin');
    await mkdir(fakeBin, { recursive: true });
    await writeFile(path.join(fakeBin, 'git'), `${trap}exec /usr/bin/git "$@"\n`);
    await chmod(path.join(fakeBin, 'git'), 0o755);
    const savedPath = process.env.PATH;
    try {
      const published = await b.publish('tests', {}, async (checkout) => {
        for (const hook of ['pre-commit', 'post-commit', 'pre-push', 'reference-transaction']) {
          await writeFile(path.join(checkout, '.git', 'hooks', hook), trap);
          await chmod(path.join(checkout, '.git', 'hooks', hook), 0o755);
        }
        // As an earlier step's $GITHUB_PATH would: a `git` of its own first on PATH.
        process.env.PATH = `${fakeBin}:${savedPath}`;
      });
      expect(published.status).toBe('pushed');
    } finally {
      process.env.PATH = savedPath;
    }
    expect(await readFile(loot, 'utf8').catch(() => 'nothing ran')).toBe('nothing ran');
  });
});
