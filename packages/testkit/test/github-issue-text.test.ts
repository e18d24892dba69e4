import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit, type Octokit } from '@eternia/core';
import { type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';

const QUERY =
  'query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { issue(number: $number) { lastEditedAt } } }';

describe('GitHub emulator: what tells when issue text changed (events, edits, GraphQL, clock)', () => {
  let emu: GitHubEmulator;
  let alice: Octokit;
  let now = Date.parse('2026-05-01T08:00:00Z');
  const tick = (seconds: number) => {
    now += seconds * 1000;
  };
  const repo = { owner: 'acme', repo: 'widgets' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ validateResponses: true, clock: () => new Date(now) });
    emu.addToken('alice-token', 'alice');
    emu.addToken('mallory-token', 'mallory');
    await emu.createRepo({ owner: 'acme', name: 'widgets' });
    // mallory is no collaborator: the write access every token's user gets is taken back.
    emu.state.repo('acme', 'widgets')!.collaborators.delete('mallory');
    alice = createOctokit({ token: 'alice-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
  });
  afterAll(async () => {
    const violations = emu.violations.filter((v) => v.operationId !== 'graphql');
    await emu.close();
    expect(violations).toEqual([]);
  });

  test('labeled and unlabeled events carry the clock time, for labels given at creation and every later change', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 't', body: 'b', labels: ['bug'] });
    tick(60);
    await alice.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['agent:ready'] });
    tick(60);
    await alice.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'agent:ready' });
    tick(1);
    await alice.rest.issues.setLabels({ ...repo, issue_number: issue.number, labels: ['agent:ready'] });
    tick(1);
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, title: 't2' });
    const { data: events } = await alice.rest.issues.listEvents({ ...repo, issue_number: issue.number });
    expect(events.map((e) => [e.event, 'label' in e ? e.label.name : 'rename' in e ? e.rename.to : null, e.created_at, e.actor?.login])).toEqual([
      ['labeled', 'bug', '2026-05-01T08:00:00Z', 'alice'],
      ['labeled', 'agent:ready', '2026-05-01T08:01:00Z', 'alice'],
      ['unlabeled', 'agent:ready', '2026-05-01T08:02:00Z', 'alice'],
      ['labeled', 'agent:ready', '2026-05-01T08:02:01Z', 'alice'],
      ['unlabeled', 'bug', '2026-05-01T08:02:01Z', 'alice'],
      ['renamed', 't2', '2026-05-01T08:02:02Z', 'alice'],
    ]);
    await expect(alice.rest.issues.listEvents({ ...repo, issue_number: 999 })).rejects.toMatchObject({ status: 404 });
  });

  test('comments: created_at and updated_at from the clock, author_association by access', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 'c' });
    const mallory = createOctokit({ token: 'mallory-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    const { data: mine } = await alice.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'first' });
    const { data: theirs } = await mallory.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hi' });
    tick(30);
    const { data: edited } = await alice.rest.issues.updateComment({ ...repo, comment_id: mine.id, body: 'second' });
    expect([mine.created_at, edited.updated_at]).toEqual([
      new Date(now - 30_000).toISOString().replace('.000', ''),
      new Date(now).toISOString().replace('.000', ''),
    ]);
    expect([mine.author_association, theirs.author_association]).toEqual(['COLLABORATOR', 'NONE']);
  });

  test('GraphQL lastEditedAt: null until the body changes, then the time of the last body edit', async () => {
    const { data: issue } = await alice.rest.issues.create({ ...repo, title: 'e', body: 'v1' });
    const ask = () =>
      alice.graphql<{ repository: { issue: { lastEditedAt: string | null } } }>(QUERY, { owner: 'acme', name: 'widgets', number: issue.number });
    expect((await ask()).repository.issue.lastEditedAt).toBeNull();
    tick(10);
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, title: 'title only' });
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, body: 'v1' });
    expect((await ask()).repository.issue.lastEditedAt).toBeNull();
    await alice.rest.issues.update({ ...repo, issue_number: issue.number, body: 'v2' });
    const editedAt = new Date(now).toISOString().replace('.000', '');
    tick(10);
    expect((await ask()).repository.issue).toEqual({ lastEditedAt: editedAt });
    // Literal arguments, an operation name and more fields are fine too.
    const literal = await alice.graphql<{ repository: { issue: Record<string, unknown> } }>(
      `query When { repository(owner: "acme", name: "widgets") { issue(number: ${issue.number}) { number lastEditedAt createdAt } } }`,
    );
    expect(literal.repository.issue).toEqual({ number: issue.number, lastEditedAt: editedAt, createdAt: expect.any(String) });
  });

  test('GraphQL: what it cannot answer is a 400 in GitHub’s error shape and a violation; unknown issues are NOT_FOUND', async () => {
    const post = (body: unknown) =>
      fetch(`${emu.url}/graphql`, {
        method: 'POST',
        headers: { authorization: 'bearer alice-token', 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const refused = [
      '{not json',
      { variables: {} },
      { query: 'mutation { addComment(input: {}) { clientMutationId } }' },
      { query: 'query { viewer { login } }' },
      { query: QUERY.replace('lastEditedAt', 'body') },
      { query: QUERY.replace('issue(number', 'x: issue(number') },
      { query: QUERY, variables: { owner: 'acme', name: 'widgets', number: '1' } },
      { query: QUERY.replace('$number: Int!', '$number: String!'), variables: { owner: 'acme', name: 'widgets', number: 1 } },
      { query: `${QUERY} }` },
    ];
    for (const body of refused) {
      const res = await post(body);
      expect([res.status, await res.json()]).toEqual([400, { message: expect.any(String), documentation_url: 'https://docs.github.com/graphql' }]);
    }
    expect(emu.violations.filter((v) => v.operationId === 'graphql')).toHaveLength(refused.length);

    const unauthenticated = await fetch(`${emu.url}/graphql`, { method: 'POST', body: JSON.stringify({ query: QUERY }) });
    expect(unauthenticated.status).toBe(401);
    const missing = await post({ query: QUERY, variables: { owner: 'acme', name: 'widgets', number: 4242 } });
    expect(await missing.json()).toEqual({
      data: { repository: { issue: null } },
      errors: [expect.objectContaining({ type: 'NOT_FOUND', message: 'Could not resolve to an Issue with the number of 4242.' })],
    });
    await expect(alice.graphql(QUERY, { owner: 'acme', name: 'nope', number: 1 })).rejects.toThrow(/Could not resolve to a Repository/);
  });
});
