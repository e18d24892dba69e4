/**
 * npm run demo — the whole delivery loop offline, on examples/sample-repo.
 *
 * A GitHub emulator holds the consumer repository; the consumer's copy of workflows-templates/agent-flow.yml runs
 * on the job-graph runner, calling this library's reusable workflows, whose jobs run the committed dist/ bundles.
 * Without OPENAI_API_KEY the model is SCRIPTED (fixed answers for this one issue); with it (and optionally
 * OPENAI_BASE_URL, AGENTS_MODEL) a real model answers.
 *
 * The run is kept in a folder named at the end (DEMO_DIR, or .demo/run-<time>): the consumer repository as the loop
 * left it (a git clone with every branch), the PR's diff, the plan, the report and the newest dossier.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit } from '@eternia/core';
import { readDossierFolder } from '@eternia/dossier';
import { Ledger, LedgerEntrySchema } from '@eternia/llm';
import { DISCOUNT_ISSUE, scriptDiscountModel, startSampleLoop } from '@eternia/testkit';
import { z } from 'zod';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line = '') => process.stdout.write(line + '\n');
const firstLine = (text: string | null | undefined) => (text ?? '').split('\n').find((l) => l.trim() && !l.startsWith('<!--')) ?? '';

async function main(): Promise<void> {
  const key = process.env.OPENAI_API_KEY;
  const live = key
    ? { apiKey: key, baseUrl: process.env.OPENAI_BASE_URL || 'https://api.openai.com/v1', model: process.env.AGENTS_MODEL || 'gpt-4.1' }
    : undefined;
  say(
    live
      ? `model: ${live.model} at ${live.baseUrl} (OPENAI_API_KEY is set)`
      : 'model: SCRIPTED — fixed answers for this demo issue (set OPENAI_API_KEY to use a real model)',
  );

  const loop = await startSampleLoop({
    libraryRoot: root,
    sampleDir: path.join(root, 'examples', 'sample-repo'),
    callerWorkflow: path.join(root, 'workflows-templates', 'agent-flow.yml'),
    ...(live ? { live } : { script: scriptDiscountModel }),
    ci: true,
    log: (line) => say(`  ${line}`),
  });
  const keep = path.resolve(process.env.DEMO_DIR || path.join(root, '.demo', `run-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  await mkdir(keep, { recursive: true });
  const clone = path.join(keep, 'repository');
  try {
    say(
      `GitHub emulator ${loop.github.url}: repository ${loop.repo.owner}/${loop.repo.repo} = examples/sample-repo + workflows-templates/agent-flow.yml`,
    );
    say(`maintainer files "${DISCOUNT_ISSUE.title}" and labels it agent:ready; the runner starts the consumer's agent-flow workflow:`);
    const { issue, run, wallMs } = await loop.deliver(DISCOUNT_ISSUE);
    say();
    const job = (id: string) => run.jobs.find((j) => j.id === id || j.id.endsWith(`/${id}`));
    const matrix = JSON.parse(job('supervise')?.outputs.matrix ?? '[]') as Array<{ pr: number; branch: string }>;
    if (run.conclusion !== 'success' || matrix.length === 0) {
      for (const j of run.jobs) for (const s of j.steps) if (s.conclusion === 'failure') say(`${j.id} / ${s.name}:\n${s.stdout}\n${s.stderr}`);
      throw new Error(`the workflow ended ${run.conclusion}`);
    }
    const { pr, branch } = matrix[0]!;
    const gh = createOctokit({ token: loop.maintainerToken, baseUrl: loop.github.url, fetch: globalThis.fetch });

    execFileSync('git', ['clone', '--quiet', loop.github.bareRepoPath(loop.repo.owner, loop.repo.repo), clone]);
    execFileSync('git', ['-C', clone, 'fetch', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*']);
    const testsAt = (sha: string) => {
      execFileSync('git', ['-C', clone, 'checkout', '--quiet', '--detach', sha]);
      return spawnSync('node', ['--test'], { cwd: clone, stdio: 'ignore' }).status === 0 ? 'tests PASS' : 'tests FAIL';
    };

    const { data: pull } = await gh.rest.pulls.get({ ...loop.repo, pull_number: pr });
    say(`issue #${issue} → Draft PR #${pr} "${pull.title}" (draft=${pull.draft}) on ${branch}`);
    say('PR timeline:');
    const { data: commits } = await gh.rest.pulls.listCommits({ ...loop.repo, pull_number: pr });
    const { data: comments } = await gh.rest.issues.listComments({ ...loop.repo, issue_number: pr });
    const events = [
      ...commits.map((c) => ({
        at: c.commit.committer?.date ?? '',
        text: `commit ${c.sha.slice(0, 7)} ${firstLine(c.commit.message)}${/^(test|feat|fix):/.test(c.commit.message) ? `  [${testsAt(c.sha)} at this commit]` : ''}`,
      })),
      ...comments.map((c) => ({ at: c.created_at, text: `comment by ${c.user?.login}: ${firstLine(c.body).slice(0, 110)}` })),
    ];
    for (const e of events.sort((a, b) => a.at.localeCompare(b.at))) say(`  ${e.text}`);
    const { data: checks } = await gh.rest.checks.listForRef({ ...loop.repo, ref: commits.at(-1)!.sha });
    say(`  CI on the head commit: ${checks.check_runs.map((c) => `${c.name} ${c.conclusion}`).join(', ') || 'none'}`);

    // Figures: REST calls of the run, wall time without the model's time, and prompt-cache reuse within a job.
    const artifacts = loop.results.store.list(undefined, { includeExpired: true }).filter((a) => /^dossier-pr-/.test(a.name));
    const latest = artifacts.sort((a, b) => b.id - a.id)[0]!;
    const dossierDir = path.join(loop.results.store.dir, String(latest.runId), latest.name);
    const dossier = await readDossierFolder(dossierDir);
    await cp(dossierDir, path.join(keep, 'dossier'), { recursive: true });
    const ledger = new Ledger(dossier.readJson('ledger.json', z.object({ entries: z.array(LedgerEntrySchema) }))?.entries ?? []);
    const modelMs = ledger.totals().latencyMs;
    const byRole = new Map<string, typeof ledger.entries>();
    for (const e of ledger.entries) byRole.set(e.role, [...(byRole.get(e.role) ?? []), e]);
    const later = [...byRole.values()].flatMap((calls) => calls.slice(1));
    const share = later.length ? later.reduce((n, e) => n + e.cachedTokens, 0) / later.reduce((n, e) => n + e.inputTokens, 0) : null;
    say();
    say(
      `REST calls by the run's token: ${loop.github.requests.filter((r) => r.token === loop.botToken).length}; OpenAPI violations: ${loop.github.violations.length}`,
    );
    say(`model calls: ${ledger.entries.length} (${ledger.entries.map((e) => e.role).join(', ')}); model time ${Math.round(modelMs)} ms`);
    say(
      `cached share of input tokens, second and later calls of a job: ${share === null ? 'n/a (one call per job)' : `${(share * 100).toFixed(1)}%`}`,
    );
    say(`wall time of the loop: ${wallMs} ms, ${Math.round(wallMs - modelMs)} ms without the model's time`);

    // What a maintainer reads on the PR: the plan, the change, the report with its timeline.
    const sticky = (key: string) => comments.find((c) => (c.body ?? '').includes(`<!-- eternia-agents:sticky:${key} -->`))?.body ?? '';
    const diff = execFileSync('git', ['-C', clone, 'diff', `${pull.base.sha}...origin/${branch}`], { encoding: 'utf8' });
    await writeFile(path.join(keep, 'pr.diff'), diff);
    await writeFile(path.join(keep, 'plan.md'), sticky('plan'));
    await writeFile(path.join(keep, 'report.md'), sticky('report'));
    for (const [title, text] of [
      ['The plan (PR comment)', sticky('plan')],
      [`The PR's diff (${pull.base.ref}...${branch})`, diff],
      ['The report (PR comment) with the timeline', sticky('report')],
    ] as const) {
      say();
      say(`──── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);
      say(text.replace(/<!--[\s\S]*?-->\n?/g, '').trimEnd() || '(none)');
    }
    say();
    say(`kept in ${keep}: repository/ (git clone, every branch), pr.diff, plan.md, report.md, dossier/`);
  } finally {
    await loop.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
