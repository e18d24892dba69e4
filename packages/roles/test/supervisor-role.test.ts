import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runSupervisor, type SupervisorResult } from '../src/supervisor/index.js';
import { BOT, quietLog, supervisorFixture, type SupervisorFixture } from './supervisor-fixture.js';

let fx: SupervisorFixture;
let counter = 0;

beforeEach(async () => {
  fx = await supervisorFixture(`shop${++counter}`);
});
afterEach(async () => {
  // Every call the supervisor made is a valid GitHub REST request.
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
});

const supervise = (trigger: Parameters<typeof runSupervisor>[1], settings = fx.settings): Promise<SupervisorResult> =>
  runSupervisor({ octokit: fx.bot, repo: fx.repo, settings, log: quietLog }, trigger);

async function fileIssue(title: string, labels: string[] = ['agent:ready']): Promise<number> {
  const issue = await fx.emu.createIssue({ ...fx.repo, title, body: 'Please do it.', labels, user: 'maintainer' });
  return issue.number as number;
}

async function agentBranches(): Promise<string[]> {
  const { data } = await fx.human.rest.git.listMatchingRefs({ ...fx.repo, ref: 'heads/agent/' });
  return data.map((r) => r.ref);
}

async function botComments(issue: number) {
  const { data } = await fx.human.rest.issues.listComments({ ...fx.repo, issue_number: issue });
  return data.filter((c) => c.user?.login === BOT);
}

describe('supervisor on one labeled issue', () => {
  test('opens a branch from the default head, a Draft PR linking the issue, and one claim comment', async () => {
    const n = await fileIssue('Add a discount code to the cart!');
    const { data: main } = await fx.human.rest.git.getRef({ ...fx.repo, ref: 'heads/main' });
    const result = await supervise({ kind: 'issue', issueNumber: n, source: 'test' });

    const branch = `agent/${n}-add-a-discount-code-to-the-cart`;
    expect(result.matrix).toEqual([{ issue: n, pr: expect.any(Number), branch }]);
    const { data: pr } = await fx.human.rest.pulls.get({ ...fx.repo, pull_number: result.matrix[0]!.pr });
    expect(pr.draft).toBe(true);
    expect(pr.head.ref).toBe(branch);
    expect(pr.base.ref).toBe('main');
    expect(pr.body).toContain(`Closes #${n}`);
    // The branch starts from the default branch head: its first commit's parent is main.
    const { data: start } = await fx.human.rest.git.getCommit({ ...fx.repo, commit_sha: pr.head.sha });
    expect(start.parents.map((p) => p.sha)).toEqual([main.object.sha]);
    const comments = await botComments(n);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`Draft PR #${pr.number}`);
  });

  test('the same event delivered twice leaves one branch, one PR and one claim comment', async () => {
    const n = await fileIssue('Fix rounding');
    const first = await supervise({ kind: 'issue', issueNumber: n, source: 'test' });
    const second = await supervise({ kind: 'issue', issueNumber: n, source: 'test' });
    expect(first.matrix).toHaveLength(1);
    expect(second.matrix).toEqual([]);
    expect(second.skipped[0]!.reason).toMatch(new RegExp(`already has agent PR #${first.matrix[0]!.pr}`));
    expect(await agentBranches()).toEqual([`refs/heads/agent/${n}-fix-rounding`]);
    const { data: pulls } = await fx.human.rest.pulls.list({ ...fx.repo, state: 'all' });
    expect(pulls).toHaveLength(1);
    expect(await botComments(n)).toHaveLength(1);
  });

  test('two supervisors at once converge on one branch, one PR and one claim comment', async () => {
    const n = await fileIssue('Concurrent work');
    const results = await Promise.all([1, 2, 3].map(() => supervise({ kind: 'issue', issueNumber: n, source: 'test' })));
    const claimed = results.flatMap((r) => r.matrix);
    const { data: pulls } = await fx.human.rest.pulls.list({ ...fx.repo, state: 'all' });
    expect(pulls).toHaveLength(1);
    // Exactly one run owns the follow-up jobs; the others say why they stood back.
    expect(claimed).toEqual([{ issue: n, pr: pulls[0]!.number, branch: `agent/${n}-concurrent-work` }]);
    expect(await agentBranches()).toHaveLength(1);
    expect(await botComments(n)).toHaveLength(1);
  });

  test('a marker comment seeded by someone else is not adopted', async () => {
    const n = await fileIssue('Seeded marker');
    await fx.emu.createComment({ ...fx.repo, issueNumber: n, body: '<!-- eternia-agents:sticky:claim -->\nfake claim', user: 'mallory' });
    await supervise({ kind: 'issue', issueNumber: n, source: 'test' });
    const { data } = await fx.human.rest.issues.listComments({ ...fx.repo, issue_number: n });
    expect(data.find((c) => c.user?.login === 'mallory')!.body).toContain('fake claim');
    expect(await botComments(n)).toHaveLength(1);
  });

  test('the freeze label, a closed issue and a pull request are skipped with the reason, nothing written', async () => {
    const frozen = await fileIssue('Frozen', ['agent:ready', 'needs-human-review']);
    const result = await supervise({ kind: 'issue', issueNumber: frozen, source: 'test' });
    expect(result.matrix).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/needs-human-review/);
    expect(await agentBranches()).toEqual([]);
    expect(await botComments(frozen)).toEqual([]);
  });

  test('red-mode takes fix work only', async () => {
    await fileIssue('Production is down', ['red-mode']);
    const feature = await fileIssue('New feature');
    const fix = await fileIssue('Broken total', ['agent:ready', 'bug']);
    const result = await supervise({ kind: 'poll', source: 'test' });
    expect(result.redMode.active).toBe(true);
    expect(result.matrix.map((m) => m.issue)).toEqual([fix]);
    expect(result.skipped.find((s) => s.issue === feature)!.reason).toMatch(/red-mode is active/);
  });

  test('an ignored trigger does nothing at all', async () => {
    const before = fx.emu.requests.length;
    const result = await supervise({ kind: 'ignore', reason: 'label bug was added' });
    expect(result.skipped).toEqual([{ issue: null, reason: 'label bug was added' }]);
    expect(fx.emu.requests.length).toBe(before);
  });
});

describe('supervisor polling', () => {
  test('takes ready issues oldest first, across pages, at most max-issues per run', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 4; i++) numbers.push(await fileIssue(`Task ${i}`));
    await fileIssue('Unrelated', ['bug']);
    const first = await supervise({ kind: 'poll', source: 'test' }, { ...fx.settings, maxIssues: 3 });
    expect(first.matrix.map((m) => m.issue)).toEqual(numbers.slice(0, 3));
    expect(first.skipped.at(-1)!.reason).toMatch(/max-issues \(3\)/);
    const second = await supervise({ kind: 'poll', source: 'test' }, { ...fx.settings, maxIssues: 3 });
    expect(second.matrix.map((m) => m.issue)).toEqual([numbers[3]]);
  });

  test('pages through more ready issues than one page holds', async () => {
    for (let i = 0; i < 55; i++) await fileIssue(`Bulk ${i}`, ['agent:ready', 'needs-human-review']);
    const last = await fileIssue('The one to take');
    const result = await supervise({ kind: 'poll', source: 'test' });
    expect(result.matrix.map((m) => m.issue)).toEqual([last]);
    expect(result.skipped).toHaveLength(55);
    const pages = fx.emu.requests.filter((r) => r.method === 'GET' && /\/issues\?/.test(r.path));
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  test('labels the policy names that the repository lacks are created once, with a notice; later polls only list them', async () => {
    const settings = { ...fx.settings, readyLabel: 'bot: go', freezeLabel: 'hands-off', botPrLabel: 'bot-pr' };
    const first = await supervise({ kind: 'poll', source: 'test' }, settings);
    expect(first.labelsCreated.sort()).toEqual(['bot-pr', 'bot: go', 'hands-off']);
    expect(first.notices).toEqual([expect.stringContaining("created the missing labels 'bot: go', 'hands-off', 'bot-pr'")]);
    const { data: labels } = await fx.human.rest.issues.listLabelsForRepo({ ...fx.repo, per_page: 100 });
    expect(labels.find((l) => l.name === 'hands-off')).toMatchObject({ color: 'b60205' });

    const creates = () => fx.emu.requests.filter((r) => r.method === 'POST' && /\/labels$/.test(r.path)).length;
    const before = creates();
    const second = await supervise({ kind: 'poll', source: 'test' }, settings);
    expect(second.labelsCreated).toEqual([]);
    expect(second.notices).toEqual([]);
    expect(creates()).toBe(before);
  });

  test('a token that may not create labels: no failure on any poll, a notice naming the policy key, nothing polled for a label that cannot exist', async () => {
    fx.emu.faults.add({ method: 'POST', path: /\/labels$/, status: 403, forbidden: true, times: Infinity });
    const warnings: string[] = [];
    const log = { info: () => {}, warning: (m: string) => warnings.push(m) };
    const settings = { ...fx.settings, readyLabel: 'agent:go' };
    for (let poll = 0; poll < 2; poll++) {
      const result = await runSupervisor({ octokit: fx.bot, repo: fx.repo, settings, log }, { kind: 'poll', source: 'test' });
      expect(result.matrix).toEqual([]);
      expect(result.skipped).toEqual([{ issue: null, reason: expect.stringContaining("policy key 'labels.ready'") }]);
      expect(result.notices).toEqual(expect.arrayContaining([expect.stringContaining("label 'agent:go' (policy key 'labels.ready')")]));
    }
    expect(warnings.filter((w) => w.includes('agent:go'))).toHaveLength(2);
    expect(fx.emu.requests.filter((r) => r.method === 'GET' && /\/issues\?.*labels=agent/.test(r.path))).toHaveLength(0);
  });

  test("the Draft PR carries the policy's bot-pr label", async () => {
    const n = await fileIssue('Label my PR');
    const result = await supervise({ kind: 'issue', issueNumber: n, source: 'test' }, { ...fx.settings, botPrLabel: 'made-by-bot' });
    const { data: pr } = await fx.human.rest.pulls.get({ ...fx.repo, pull_number: result.matrix[0]!.pr });
    expect(pr.labels.map((l) => l.name)).toEqual(['made-by-bot']);
  });

  test('survives a 502 and a secondary rate limit on the way', async () => {
    const n = await fileIssue('Flaky API');
    fx.emu.faults.add({ method: 'POST', path: /\/pulls$/, status: 502, times: 1 });
    fx.emu.faults.add({ method: 'POST', path: /\/git\/refs$/, status: 403, secondaryRateLimit: true, retryAfter: 1, times: 1 });
    const result = await supervise({ kind: 'issue', issueNumber: n, source: 'test' });
    expect(result.matrix).toHaveLength(1);
    const { data: pulls } = await fx.human.rest.pulls.list({ ...fx.repo, state: 'all' });
    expect(pulls).toHaveLength(1);
  });
});
