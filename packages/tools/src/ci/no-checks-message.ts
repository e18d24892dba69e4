/**
 * Why no check started, and what to do. The common cause is the token: events caused by the
 * workflow's GITHUB_TOKEN (a push included) start no new workflow runs, so a bot push made with it
 * never gets CI. docs/ci-app-token.md has the set-up.
 */
export function noChecksMessage(sha: string, graceMs: number): string {
  const seconds = Math.round(graceMs / 1000);
  return [
    `No check runs or commit statuses appeared for ${sha.slice(0, 12)} within ${seconds}s.`,
    "If this commit was pushed with the workflow's GITHUB_TOKEN, that is expected: events caused by GITHUB_TOKEN do not start new workflow runs (only workflow_dispatch and repository_dispatch are exempt), so the push triggered no CI.",
    'Push with a GitHub App installation token instead: create a GitHub App with contents and pull-requests write access, install it on the repository, store its id and private key as secrets, and mint the token with actions/create-github-app-token before checkout (see packages/tools/docs/ci-app-token.md).',
    'Otherwise check that the repository has workflows that run on push or pull_request for this branch, and that Actions is enabled.',
  ].join(' ');
}
