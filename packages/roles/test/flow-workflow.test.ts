import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

/**
 * The structure of the reusable delivery-loop workflow and its templates, read as written. (The
 * end-to-end run of these files over the job-graph runner lives with the full flow test.)
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
type Job = {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  'timeout-minutes'?: number;
  'runs-on'?: string;
  uses?: string;
  with?: Record<string, unknown>;
  outputs?: Record<string, string>;
  strategy?: { matrix?: { include?: string } };
  steps?: Array<{
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    if?: string;
    id?: string;
    'continue-on-error'?: boolean;
  }>;
};
type Workflow = { on: Record<string, any>; permissions?: unknown; jobs: Record<string, Job> };
const load = (file: string): Workflow => parse(readFileSync(`${root}${file}`, 'utf8')) as Workflow;
const source = (file: string): string => readFileSync(`${root}${file}`, 'utf8');

const flow = load('.github/workflows/agent-flow.yml');
const ROLE_OF: Record<string, string> = {
  plan: 'plan',
  'write-tests': 'write-tests',
  'publish-tests': 'publish',
  implement: 'implement',
  'publish-implementation': 'publish',
  verify: 'ci',
  review: 'review',
  'security-scan': 'security-scan',
  scribe: 'scribe',
  'publish-quality': 'publish',
  report: 'report',
};
/** The jobs that run repository or model-written code, and the only jobs that may write contents. */
const RUNS_CODE = ['write-tests', 'implement'];
/** The jobs that talk to the model (or run scanners) and leave a proposal: no write token either. */
const QUALITY = ['review', 'security-scan', 'scribe'];
const PUBLISHES = ['publish-tests', 'publish-implementation', 'publish-quality'];
/** Behind the model proxy: the jobs that run repository code (scanner configuration counts). */
const PROXIED = [...RUNS_CODE, 'security-scan'];
const UPLOAD_SARIF = 'github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e';
const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';
const SETUP_NODE = 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020';
const SETUP_PYTHON = 'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97';
const APP_TOKEN = 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3';
const CACHE = 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae';
const CACHE_RESTORE = 'actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae';
const needsOf = (job: Job): string[] => [job.needs ?? []].flat();
const text = source('.github/workflows/agent-flow.yml');

describe('agent-flow.yml', () => {
  test('is reusable, with the documented inputs and secrets', () => {
    const call = flow.on.workflow_call;
    expect(Object.keys(flow.on)).toEqual(['workflow_call']);
    expect(call.inputs.pr).toMatchObject({ type: 'number', required: true });
    expect(call.inputs.branch).toMatchObject({ type: 'string', required: true });
    expect(call.inputs.issue.type).toBe('number');
    expect(call.inputs['openai-base-url']).toMatchObject({ type: 'string', default: '' });
    expect(call.inputs['app-id']).toMatchObject({ type: 'string', default: '' });
    expect(call.inputs.steps.default).toBe('plan,write-tests,implement,ci,review,security-scan,scribe,report');
    for (const secret of ['openai-api-key', 'agent-token', 'app-private-key']) expect(call.secrets[secret].required).toBe(false);
    // Workflow-level permissions are none; each job asks for its own.
    expect(flow.permissions).toEqual({});
  });

  test('jobs run plan → write-tests → publish → implement → publish → verify → review ∥ security-scan → scribe → publish → report', () => {
    expect(Object.keys(flow.jobs)).toEqual([
      'plan',
      'write-tests',
      'publish-tests',
      'implement',
      'publish-implementation',
      'verify',
      'review',
      'security-scan',
      'scribe',
      'publish-quality',
      'report',
    ]);
    expect(needsOf(flow.jobs.plan!)).toEqual([]);
    expect(needsOf(flow.jobs['write-tests']!)).toEqual(['plan']);
    expect(needsOf(flow.jobs['publish-tests']!)).toEqual(['write-tests']);
    expect(needsOf(flow.jobs.implement!)).toEqual(['plan', 'write-tests', 'publish-tests']);
    expect(needsOf(flow.jobs['publish-implementation']!)).toEqual(['implement']);
    expect(needsOf(flow.jobs.verify!)).toEqual(['plan', 'write-tests', 'publish-tests', 'implement', 'publish-implementation']);
    const upToVerify = ['plan', 'write-tests', 'publish-tests', 'implement', 'publish-implementation', 'verify'];
    // review and security-scan side by side: neither needs the other.
    expect(needsOf(flow.jobs.review!)).toEqual(upToVerify);
    expect(needsOf(flow.jobs['security-scan']!)).toEqual(upToVerify);
    expect(needsOf(flow.jobs.scribe!)).toEqual(['review', 'security-scan']);
    expect(needsOf(flow.jobs['publish-quality']!)).toEqual(['review', 'security-scan', 'scribe']);
    expect(needsOf(flow.jobs.report!)).toEqual([...upToVerify, 'review', 'security-scan', 'scribe', 'publish-quality']);
  });

  test('a frozen, escalated or failed stage stops the later ones; publish runs only on a proposal; the report always runs', () => {
    const ifOf = (id: string) => String(flow.jobs[id]!.if).replace(/\s+/g, ' ');
    for (const id of ['write-tests', 'implement', 'verify', 'review', 'security-scan', 'scribe']) {
      expect(ifOf(id)).toMatch(/^!cancelled\(\)/);
      for (const before of needsOf(flow.jobs[id]!)) expect(ifOf(id)).toContain(`contains(fromJSON('["success","skipped"]'), needs.${before}.result)`);
    }
    expect(ifOf('write-tests')).toContain("needs.plan.outputs.frozen != 'true'");
    expect(ifOf('implement')).toContain("needs.write-tests.outputs.frozen != 'true'");
    expect(ifOf('implement')).toContain("needs.publish-tests.outputs.frozen != 'true'");
    expect(ifOf('publish-tests')).toContain("needs.write-tests.outputs.status == 'proposed'");
    expect(ifOf('publish-implementation')).toContain(`contains(fromJSON('["green","escalated"]'), needs.implement.outputs.status)`);
    expect(ifOf('verify')).toContain("needs.implement.outputs.status != 'escalated'");
    expect(ifOf('verify')).toContain("needs.implement.outputs.status != 'frozen'");
    expect(ifOf('verify')).toContain("needs.publish-implementation.outputs.status != 'frozen'");
    for (const id of ['review', 'security-scan']) {
      expect(ifOf(id)).toContain("needs.implement.outputs.status != 'escalated'");
      expect(ifOf(id)).toContain("needs.verify.outputs.frozen != 'true'");
    }
    expect(ifOf('publish-quality')).toMatch(/^!cancelled\(\) && \(needs\.review\.result == 'success' \|\| /);
    expect(ifOf('report')).toMatch(/^always\(\) && /);
    // Each proposing or reading job honours the `steps` input, by its role name; publish follows its proposer.
    for (const [id, role] of Object.entries(ROLE_OF)) if (!PUBLISHES.includes(id)) expect(ifOf(id)).toContain(`',${role},'`);
  });

  test('least permissions: only the publish jobs write contents; the jobs that run code can write nothing', () => {
    const perms = Object.fromEntries(Object.entries(flow.jobs).map(([id, job]) => [id, job.permissions]));
    expect(perms).toEqual({
      plan: { contents: 'read', issues: 'read', 'pull-requests': 'write', actions: 'read' },
      'write-tests': { contents: 'read', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      'publish-tests': { contents: 'write', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      implement: { contents: 'read', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      'publish-implementation': { contents: 'write', issues: 'read', 'pull-requests': 'write', actions: 'read' },
      verify: { contents: 'read', checks: 'read', statuses: 'read', actions: 'read', issues: 'read', 'pull-requests': 'read' },
      review: { contents: 'read', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      'security-scan': { contents: 'read', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      scribe: { contents: 'read', issues: 'read', 'pull-requests': 'read', actions: 'read' },
      'publish-quality': { contents: 'write', issues: 'read', 'pull-requests': 'write', actions: 'read', 'security-events': 'write' },
      report: { contents: 'read', issues: 'read', 'pull-requests': 'write', actions: 'read' },
    });
    for (const [id, job] of Object.entries(flow.jobs)) {
      expect(PUBLISHES.includes(id) || job.permissions!.contents === 'read').toBe(true);
      if ([...RUNS_CODE, ...QUALITY].includes(id)) expect(Object.values(job.permissions!)).not.toContain('write');
      for (const scope of Object.keys(job.permissions!))
        expect([
          'contents',
          'issues',
          'pull-requests',
          'actions',
          'checks',
          'statuses',
          ...(id === 'publish-quality' ? ['security-events'] : []),
        ]).toContain(scope);
    }
  });

  test('the jobs that run code or talk to the model (review included) never see the agent token, the app key or a write token', () => {
    const blocks = text.split(/\n {2}(?=[a-z-]+:\n)/);
    for (const id of [...RUNS_CODE, ...QUALITY]) {
      const block = blocks.find((b) => b.startsWith(`${id}:\n`))!;
      expect(block).toBeDefined();
      expect(block).not.toContain('secrets.agent-token');
      expect(block).not.toContain('app-private-key');
      expect(block).not.toContain('create-github-app-token');
      const role = flow.jobs[id]!.steps!.find((s) => s.id === 'role')!;
      expect(role.with!['github-token']).toBe('${{ github.token }}');
    }
  });

  test('one concurrency group per PR, never cancelling a running job; a timeout and ubuntu-latest everywhere', () => {
    for (const job of Object.values(flow.jobs)) {
      expect(job.concurrency).toEqual({ group: 'agent-flow-${{ github.repository }}-pr-${{ inputs.pr }}', 'cancel-in-progress': false });
      expect(job['runs-on']).toBe('ubuntu-latest');
      expect(job['timeout-minutes']).toBeGreaterThan(0);
      expect(job['timeout-minutes']).toBeLessThanOrEqual(60);
    }
  });

  test('library actions are referenced with $/ (never ./, which is the caller workspace), third-party ones by SHA', () => {
    for (const [id, job] of Object.entries(flow.jobs)) {
      const uses = job.steps!.map((s) => s.uses).filter((u): u is string => Boolean(u));
      const library = uses.filter((u) => !u.startsWith('actions/') && u !== UPLOAD_SARIF);
      // plan refreshes the repo atlas first (restored with actions/cache), and goes on without it when that fails.
      const before = PROXIED.includes(id) ? ['$/actions/model-proxy'] : id === 'plan' ? ['$/actions/repo-atlas'] : [];
      expect(library).toEqual([...before, `$/actions/${ROLE_OF[id]}`]);
      for (const step of job.steps!.filter((s) => s.uses === CACHE || s.uses === '$/actions/repo-atlas')) {
        expect(id).toBe('plan');
        expect(step['continue-on-error']).toBe(true);
      }
      // The jobs that read the atlas restore plan's (never save: write-tests and implement run the model's code).
      const restore = job.steps!.filter((s) => s.uses === CACHE_RESTORE);
      expect([id, restore.length]).toEqual([id, ['write-tests', 'implement', 'review'].includes(id) ? 1 : 0]);
      for (const step of restore) {
        const saved = flow.jobs.plan!.steps!.find((s) => s.uses === CACHE)!;
        expect(step['continue-on-error']).toBe(true);
        expect(step.with).toEqual(saved.with);
        expect(job.steps!.indexOf(step)).toBeGreaterThan(job.steps!.findIndex((s) => s.uses === CHECKOUT));
      }
      expect(uses.filter((u) => u.startsWith('./'))).toEqual([]);
      for (const u of uses.filter((x) => x.startsWith('actions/')))
        expect([CHECKOUT, SETUP_NODE, SETUP_PYTHON, APP_TOKEN, CACHE, CACHE_RESTORE]).toContain(u);
      if (uses.includes(UPLOAD_SARIF)) expect(id).toBe('publish-quality');
    }
    // The GHES fallback is documented beside every $/ step.
    for (const role of [...Object.values(ROLE_OF), 'model-proxy', 'repo-atlas'])
      expect(text).toContain(`# GHES: eternia/agents/actions/${role}@<same tag>`);
  });

  test('the repo atlas lives under runner.temp, never in the checkout, and each role that reads it is given that very path', () => {
    const atlasPath = '${{ runner.temp }}/repo-atlas/repo_atlas.json';
    const plan = flow.jobs.plan!.steps!;
    expect(plan.find((s) => s.uses === CACHE)!.with!.path).toBe(atlasPath);
    expect(plan.find((s) => s.uses === '$/actions/repo-atlas')!.with!.output).toBe(atlasPath);
    for (const [id, job] of Object.entries(flow.jobs)) {
      const role = job.steps!.find((s) => s.uses === `$/actions/${ROLE_OF[id]}`)!;
      const reads = ['plan', 'write-tests', 'implement', 'review'].includes(id);
      expect([id, role.with?.['repo-atlas']]).toEqual([id, reads ? atlasPath : undefined]);
      for (const step of job.steps!.filter((s) => s.uses === CACHE || s.uses === CACHE_RESTORE)) expect(step.with!.path).toBe(atlasPath);
    }
    expect(text).not.toMatch(/^\s*(path|output|repo-atlas): repo_atlas\.json$/m);
  });

  test('checkout of the agent branch with the read-only job token, full history where git history is read, never persisted credentials', () => {
    for (const [id, job] of Object.entries(flow.jobs)) {
      const checkout = job.steps!.find((s) => s.uses === CHECKOUT);
      if (id === 'verify' || id === 'report') {
        // They read the API only; the policy comes from the default branch through it.
        expect(checkout).toBeUndefined();
        continue;
      }
      expect(checkout!.with).toMatchObject({ ref: '${{ inputs.branch }}', token: '${{ github.token }}' });
      expect(checkout!.with!['fetch-depth']).toBe(id === 'plan' ? undefined : 0);
      expect(checkout!.with!['persist-credentials']).toBe(false);
    }
    for (const line of text.split('\n').filter((l) => l.includes(CHECKOUT))) expect(line).toContain('# v7.0.1');
    for (const line of text.split('\n').filter((l) => l.includes(SETUP_PYTHON))) expect(line).toContain('# v7.0.0');
  });

  test('publish mints its own GitHub App token when asked, else uses the agent token, else the job token', () => {
    for (const id of PUBLISHES) {
      const [app] = flow.jobs[id]!.steps!;
      expect(app!.uses).toBe(APP_TOKEN);
      expect(app!.if).toBe("inputs.app-id != ''");
      expect(app!.with).toMatchObject({
        'app-id': '${{ inputs.app-id }}',
        'private-key': '${{ secrets.app-private-key }}',
        'permission-contents': 'write',
      });
      const role = flow.jobs[id]!.steps!.find((s) => s.id === 'role')!;
      expect(role.with).toMatchObject({
        'github-token': '${{ steps.app-token.outputs.token || secrets.agent-token || github.token }}',
        proposal: { 'publish-tests': 'tests', 'publish-implementation': 'implement', 'publish-quality': 'quality' }[id],
      });
      // Publish runs no repository code: no toolchain, no install, no run: step.
      expect(flow.jobs[id]!.steps!.some((s) => s.uses === SETUP_NODE || s.uses === SETUP_PYTHON || s.run)).toBe(false);
    }
  });

  test('the role step gets the shared inputs; the install command goes to the sandboxed role, no expression is inside a run script', () => {
    for (const [id, job] of Object.entries(flow.jobs)) {
      const role = job.steps!.find((s) => s.id === 'role')!;
      expect(role.with).toMatchObject({ pr: '${{ inputs.pr }}', 'policy-file': '${{ inputs.policy-file }}' });
      if (id === 'plan') expect(role.with!['openai-api-key']).toBe('${{ secrets.openai-api-key }}');
      if (PROXIED.includes(id)) {
        // The model key goes to the proxy step only; the role, whose job runs model-written code, gets a job-local token.
        const proxy = job.steps!.find((s) => s.id === 'model')!;
        expect(proxy.uses).toBe('$/actions/model-proxy');
        expect(proxy.with!['openai-api-key']).toBe('${{ secrets.openai-api-key }}');
        expect(role.with).toMatchObject({
          'openai-api-key': '${{ steps.model.outputs.access-token }}',
          'openai-base-url': '${{ steps.model.outputs.base-url }}',
        });
        expect(job.steps!.indexOf(proxy)).toBeLessThan(job.steps!.indexOf(role));
      }
      if (RUNS_CODE.includes(id)) expect(role.with!['install-command']).toBe('${{ inputs.install-command }}');
      for (const step of job.steps!) {
        expect(step.run).toBeUndefined();
        if (step.uses === SETUP_NODE) expect(step.if).toBe("inputs.node-version != ''");
        if (step.uses === SETUP_PYTHON) expect(step.if).toBe("inputs.python-version != ''");
      }
      // The toolchains are set up where repository code runs, and only there, before the role.
      const python = job.steps!.findIndex((s) => s.uses === SETUP_PYTHON);
      if (RUNS_CODE.includes(id)) {
        expect(job.steps![python]!.with).toEqual({ 'python-version': '${{ inputs.python-version }}' });
        expect(python).toBeLessThan(job.steps!.indexOf(role));
      } else {
        expect(python).toBe(-1);
      }
    }
    expect(flow.jobs.report!.steps!.at(-1)!.with!.jobs).toBe('${{ toJSON(needs) }}');
    expect(flow.jobs.verify!.steps!.at(-1)!.with!['timeout-minutes']).toBe('${{ inputs.ci-timeout-minutes }}');
  });

  test('job outputs carry the role outputs the report and callers read', () => {
    expect(flow.jobs.plan!.outputs).toHaveProperty('frozen', '${{ steps.role.outputs.frozen }}');
    expect(flow.jobs['write-tests']!.outputs).toHaveProperty('frozen');
    expect(flow.jobs['publish-tests']!.outputs).toHaveProperty('commit', '${{ steps.role.outputs.commit }}');
    expect(flow.jobs.implement!.outputs).toHaveProperty('status', '${{ steps.role.outputs.status }}');
    expect(flow.jobs.verify!.outputs).toHaveProperty('state', '${{ steps.role.outputs.state }}');
    const outputs = flow.on.workflow_call.outputs as Record<string, { value: string }>;
    for (const { value } of Object.values(outputs)) {
      const [, job, output] = /^\$\{\{ jobs\.([a-z-]+)\.outputs\.([a-z-]+) \}\}$/.exec(value)!;
      expect(flow.jobs[job!]!.outputs).toHaveProperty(output!);
    }
  });
});

describe('workflow templates', () => {
  test('agent-flow.yml: the supervisor triggers, then the flow over its matrix, skipped when nothing was claimed', () => {
    const t = load('workflows-templates/agent-flow.yml');
    expect(t.on.issues).toEqual({ types: ['labeled'] });
    expect(t.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect(t.on).toHaveProperty('workflow_dispatch');
    expect(t.jobs.supervise!.uses).toBe('eternia/agents/.github/workflows/agent-supervisor.yml@v1');
    const run = t.jobs.flow!;
    expect(run.uses).toBe('eternia/agents/.github/workflows/agent-flow.yml@v1');
    expect(needsOf(run)).toEqual(['supervise']);
    expect(run.if).toBe("needs.supervise.outputs.count != '0'");
    expect(run.strategy!.matrix!.include).toBe('${{ fromJSON(needs.supervise.outputs.matrix) }}');
    expect(run.with).toMatchObject({ pr: '${{ matrix.pr }}', branch: '${{ matrix.branch }}', issue: '${{ matrix.issue }}' });
    // The caller grants at least what the called jobs ask for.
    const union: Record<string, string> = {};
    for (const job of Object.values(flow.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions!)) if (union[scope] !== 'write') union[scope] = level;
    }
    expect(run.permissions).toEqual(union);
  });

  test('the supervisor starts on any added label (it reads labels.ready from the policy), never on a hard-coded name', () => {
    for (const file of ['workflows-templates/agent-flow.yml', 'workflows-templates/agent-supervisor.yml']) {
      const t = load(file);
      expect(t.on.issues).toEqual({ types: ['labeled'] });
      expect(t.jobs.supervise!.if).toBeUndefined();
      expect(readFileSync(`${root}${file}`, 'utf8')).not.toMatch(/label\.name\s*==/);
    }
    // Runs are grouped per issue, so a label added to one issue never replaces the pending ready event of another.
    const supervisor = load('.github/workflows/agent-supervisor.yml');
    expect(supervisor.jobs.supervise!.concurrency).toEqual({
      group: "agent-supervisor-${{ github.repository }}-${{ github.event.issue.number || inputs.issue || 'poll' }}",
      'cancel-in-progress': false,
    });
  });

  test('agent-step.yml: one chosen step on a PR, continuing from the newest dossier', () => {
    const t = load('workflows-templates/agent-step.yml');
    const inputs = t.on.workflow_dispatch.inputs;
    expect(inputs.step.options).toEqual(['plan', 'write-tests', 'implement', 'ci', 'review', 'security-scan', 'scribe', 'report']);
    expect(inputs.pr).toMatchObject({ type: 'number', required: true });
    expect(t.jobs.locate!.steps![0]!.uses).toBe('eternia/agents/actions/find-dossier@v1');
    expect(t.jobs.locate!.permissions).toMatchObject({ actions: 'read' });
    expect(t.jobs.step!.uses).toBe('eternia/agents/.github/workflows/agent-flow.yml@v1');
    expect(t.jobs.step!.with).toMatchObject({
      pr: '${{ inputs.pr }}',
      branch: '${{ needs.locate.outputs.branch }}',
      steps: '${{ inputs.step }}',
      'dossier-run-id': '${{ needs.locate.outputs.run-id }}',
    });
  });
});
