import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startResultsService, type ResultsService } from '../artifacts/index.js';
import { startGitHubEmulator, type GitHubEmulator } from '../github/index.js';
import { startOpenAIEmulator, type OpenAIEmulator } from '../openai/index.js';
import { webhookPayload } from '../runner/index.js';
import { runWorkflow, type WorkflowRun } from '../workflow/index.js';

/** A real model instead of the scripted one: any OpenAI-compatible endpoint. */
export interface LiveModel {
  apiKey: string;
  baseUrl: string;
  model?: string;
}

export interface SampleLoopOptions {
  /** This library's checkout (actions, dist, workflows). */
  libraryRoot: string;
  /** The consumer repository's files (examples/sample-repo). */
  sampleDir: string;
  /** The caller workflow the consumer copies (workflows-templates/agent-flow.yml). */
  callerWorkflow: string;
  /** Scripts the OpenAI emulator; ignored with a live model. */
  script?: (openai: OpenAIEmulator) => void;
  live?: LiveModel;
  /** Emulate the consumer's CI: every push to an agent branch runs the project's tests (`npm test`) at the pushed commit. */
  ci?: boolean;
  log?: (line: string) => void;
}

export interface SampleLoop {
  github: GitHubEmulator;
  openai: OpenAIEmulator | null;
  results: ResultsService;
  repo: { owner: string; repo: string };
  /** github.token of the runs: an installation token, like GITHUB_TOKEN. */
  botToken: string;
  maintainerToken: string;
  /** Files an issue as the maintainer and labels it, then runs the consumer's workflow for that issues.labeled event. */
  deliver(issue: { title: string; body: string }, label?: string): Promise<{ issue: number; run: WorkflowRun; wallMs: number }>;
  close(): Promise<void>;
}

/** Checks the commit out of the bare repository and runs its tests, as the consumer's CI workflow would. */
async function runProjectTests(bareDir: string, sha: string): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sample-ci-'));
  try {
    await exec('git', ['clone', '--quiet', bareDir, dir]);
    await exec('git', ['-C', dir, 'checkout', '--quiet', sha]);
    const run = await exec('npm', ['test', '--silent'], { cwd: dir, allowFailure: true });
    return { ok: run.code === 0, output: run.output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function exec(cmd: string, args: string[], opts: { cwd?: string; allowFailure?: boolean } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      if (code !== 0 && !opts.allowFailure) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr}`));
      else resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** With a live model, the consumer's policy names it for every role. */
async function pinModel(consumerDir: string, model: string): Promise<void> {
  const file = path.join(consumerDir, '.github', 'agents.yml');
  const policy = (parse(await readFile(file, 'utf8')) ?? {}) as Record<string, unknown>;
  policy.models = { default: model, implement: model };
  await writeFile(file, stringify(policy));
}

const OWNER = 'acme';
const NAME = 'sample-shop';

/**
 * The whole delivery loop offline: a GitHub emulator holding the consumer repository (the sample files plus the
 * caller workflow), the Actions results service for artifacts, an OpenAI-compatible emulator (or a live model),
 * and the job-graph runner executing the caller workflow, which calls this library's reusable workflows.
 */
export async function startSampleLoop(opts: SampleLoopOptions): Promise<SampleLoop> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'sample-loop-'));
  const results = await startResultsService({ dir: path.join(scratch, 'artifacts') });
  const github = await startGitHubEmulator({ catalog: results.catalog });
  const openai = opts.live ? null : await startOpenAIEmulator({ apiKey: 'sk-scripted-model' });
  if (openai && opts.script) opts.script(openai);

  const botToken = 'ghs_flowjobtoken0000000000000000000000';
  const maintainerToken = 'maintainer-token';
  github.addToken(botToken, 'github-actions[bot]', { type: 'Bot' });
  github.addToken(maintainerToken, 'maintainer');

  // The consumer repository: the sample project plus the starter workflow it copied from this library.
  const consumerDir = path.join(scratch, 'consumer');
  await cp(opts.sampleDir, consumerDir, { recursive: true });
  await mkdir(path.join(consumerDir, '.github', 'workflows'), { recursive: true });
  await cp(opts.callerWorkflow, path.join(consumerDir, '.github', 'workflows', 'agent-flow.yml'));
  await github.createRepo({ owner: OWNER, name: NAME, fromDir: consumerDir });
  const repo = { owner: OWNER, repo: NAME };
  for (const name of ['agent:ready', 'needs-human-review', 'red-mode', 'bug']) await github.createLabel({ ...repo, name });

  if (opts.ci) {
    github.simulateCi({
      ...repo,
      name: 'test',
      branches: 'agent/**',
      conclude: async (push) => ((await runProjectTests(github.bareRepoPath(OWNER, NAME), push.after)).ok ? 'success' : 'failure'),
      log: () => 'npm test',
    });
  }
  if (opts.live?.model) await pinModel(consumerDir, opts.live.model);

  const api = async (method: string, route: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${github.url}${route}`, {
      method,
      headers: { authorization: `token ${maintainerToken}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  return {
    github,
    openai,
    results,
    repo,
    botToken,
    maintainerToken,
    async deliver(issue, label = 'agent:ready') {
      const created = await api('POST', `/repos/${OWNER}/${NAME}/issues`, { title: issue.title, body: issue.body });
      await api('POST', `/repos/${OWNER}/${NAME}/issues/${created.number}/labels`, { labels: [label] });
      const example = webhookPayload('issues', 'labeled') as Record<string, any>;
      const payload = {
        ...example,
        action: 'labeled',
        label: { ...example.label, name: label },
        issue: { ...example.issue, number: created.number, title: issue.title, body: issue.body, labels: [{ name: label }] },
        repository: {
          ...example.repository,
          name: NAME,
          full_name: `${OWNER}/${NAME}`,
          owner: { ...example.repository.owner, login: OWNER },
          default_branch: 'main',
        },
        sender: { ...example.sender, login: 'maintainer' },
      };
      const started = Date.now();
      const run = await runWorkflow({
        workflowFile: path.join(consumerDir, '.github', 'workflows', 'agent-flow.yml'),
        repoRoot: consumerDir,
        libraryRoot: opts.libraryRoot,
        libraryRepository: 'eternia/agents',
        event: { name: 'issues', payload },
        repository: `${OWNER}/${NAME}`,
        apiUrl: github.url,
        gitRemote: github.bareRepoPath(OWNER, NAME),
        token: botToken,
        secrets: { OPENAI_API_KEY: opts.live?.apiKey ?? 'sk-scripted-model' },
        vars: { OPENAI_BASE_URL: opts.live?.baseUrl ?? openai!.url },
        resultsService: results,
        artifactsDir: path.join(scratch, 'artifacts'),
        ...(opts.log ? { log: opts.log } : {}),
      });
      return { issue: created.number as number, run, wallMs: Date.now() - started };
    },
    async close() {
      await github.close();
      await openai?.close();
      await results.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
