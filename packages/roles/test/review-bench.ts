/**
 * The delivery bench with a PR that has a real diff, the reviewer scripted on the OpenAI emulator, and the
 * quality publish job (a fresh clone, hardened git) against the GitHub emulator.
 */
import path from 'node:path';
import type { PolicyInput } from '@eternia/core';
import type { ScriptedRequest } from '@eternia/testkit';
import { RUBRIC_KEYS } from '../src/quality/proposals.js';
import { publishGits, runPublishQuality, type PublishQualityDeps, type PublishQualityResult } from '../src/publish/index.js';
import { BRANCH, git, OWNER, REPO, RUN_ID, startBench, TOKEN, type Bench } from './delivery-bench.js';

export type ModelFinding = {
  path: string;
  line: number;
  start_line: number | null;
  severity: 'blocking' | 'nit';
  title: string;
  body: string;
  suggestion: string | null;
};

export function rubric(score = 4, overrides: Partial<Record<(typeof RUBRIC_KEYS)[number], number>> = {}) {
  return Object.fromEntries(RUBRIC_KEYS.map((k) => [k, { score: overrides[k] ?? score, reason: `${k} looks ${overrides[k] ?? score}/5` }]));
}

export const finding = (f: Partial<ModelFinding> & Pick<ModelFinding, 'path' | 'line'>): ModelFinding => ({
  start_line: null,
  severity: 'nit',
  title: `look at ${f.path}:${f.line}`,
  body: 'Consider this.',
  suggestion: null,
  ...f,
});

/** The diff text of every reviewer request, in order. */
export function reviewedParts(b: Bench): string[] {
  return b.oai.requests
    .filter((r) => r.headers['x-eternia-role'] === 'reviewer')
    .map((r) => (r.body.messages as Array<{ role: string; content: string }>).filter((m) => m.role === 'user').at(-1)!.content);
}

/** The diff part a request shows (its last user message). */
export const lastUser = (req: ScriptedRequest): string => req.messages.filter((m) => m.role === 'user').at(-1)!.text;

/** `files` are the PR's change; `base`, when given, is the default branch's tree (the shop's by default). */
export async function startReviewBench(opts: { files: Record<string, string>; policy?: PolicyInput; base?: Record<string, string> }): Promise<Bench> {
  return startBench({
    branchFiles: opts.files,
    branchMessage: 'feat: the change under review',
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.base ? { files: opts.base } : {}),
  });
}

export async function publishQuality(b: Bench, overrides: Partial<PublishQualityDeps> = {}): Promise<PublishQualityResult & { checkout: string }> {
  const checkout = path.join(b.root, `quality-${Math.random().toString(36).slice(2, 8)}`);
  git(b.root, 'clone', '--quiet', '--branch', BRANCH, b.bare, checkout);
  const headSha = git(checkout, 'rev-parse', 'HEAD');
  const result = await runPublishQuality({
    octokit: b.octokit,
    repo: { owner: OWNER, repo: REPO },
    pull: { number: b.pr, issue: b.issue, branch: BRANCH, headSha, baseSha: b.baseSha },
    policy: b.policy,
    dossier: b.dossier,
    runId: RUN_ID,
    workspace: checkout,
    ...publishGits({ workspace: checkout, token: TOKEN, serverUrl: b.gh.url, tempDir: b.root }),
    outputDir: b.root,
    ...overrides,
  });
  return { ...result, checkout };
}
