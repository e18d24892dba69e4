/**
 * A seeded sample repository for the security-scan tests and `npm run bench:security`: a base commit and a PR head
 * with planted secrets (made up here, random each run, never committed to this repository), vulnerable
 * dependencies, and the defects of fixtures/security/sample (which the committed eslint SARIF describes). Also the
 * scripted fixer the OpenAI emulator answers with: a good fix for some findings, a fix that does not clear its
 * finding for another, nothing for the rest.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGitHubEmulator, startOpenAIEmulator, type GitHubEmulator, type OpenAIEmulator, type ScriptedRequest } from '@eternia/testkit';
import { runSyncOrThrow } from '@eternia/testkit/process';

export const FIXTURES = fileURLToPath(new URL('./fixtures/security/', import.meta.url));

const gitEnv = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return runSyncOrThrow('git', args, { cwd, env: { ...process.env, ...gitEnv } }).trim();
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomChars(n: number): string {
  return [...randomBytes(n)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('');
}

const slackToken = (): string => `xoxb-${digits(12)}-${digits(13)}-${randomChars(24)}`;
const digits = (n: number): string => [...randomBytes(n)].map((b) => String(b % 10)).join('');

export type PlantedSecrets = { github: string; slack: string; github2: string; slack2: string; legacy: string };

/** Token-shaped made-up values (secretlint's github and slack rules match them). */
export function fakeSecrets(): PlantedSecrets {
  return {
    github: `ghp_${randomChars(36)}`,
    slack: slackToken(),
    github2: `ghp_${randomChars(36)}`,
    slack2: slackToken(),
    legacy: `ghp_${randomChars(36)}`,
  };
}

export interface SeededRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  secrets: PlantedSecrets;
  /** What was planted, by kind, and where (changed or not). */
  planted: Array<{ kind: 'secret' | 'dependency' | 'eslint'; path: string; line: number; changed: boolean }>;
}

export function seedSecurityRepo(dir: string): SeededRepo {
  mkdirSync(dir, { recursive: true });
  const secrets = fakeSecrets();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    `{\n  "name": "sample",\n  "version": "1.0.0",\n  "dependencies": {\n    "lodash": "4.17.20"\n  }\n}\n`,
  );
  writeFileSync(path.join(dir, 'src/legacy.js'), `export const legacyToken = "${secrets.legacy}";\n`);
  cpSync(path.join(FIXTURES, 'sample/src/util.js'), path.join(dir, 'src/util.js'));
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');

  git(dir, 'checkout', '--quiet', '-b', 'agent/9-feature');
  writeFileSync(
    path.join(dir, 'package.json'),
    `{\n  "name": "sample",\n  "version": "1.0.0",\n  "dependencies": {\n    "minimist": "1.2.5",\n    "lodash": "4.17.20"\n  }\n}\n`,
  );
  writeFileSync(path.join(dir, 'src/config.js'), `export const token = "${secrets.github}";\n`);
  writeFileSync(path.join(dir, 'src/notify.js'), `export const slack = "${secrets.slack}";\n`);
  // Two secrets in one file: fixing only one leaves a change that cannot be written without the other.
  writeFileSync(path.join(dir, 'src/keys.js'), `export const token = "${secrets.github2}";\nexport const slack = "${secrets.slack2}";\n`);
  writeFileSync(path.join(dir, 'src/legacy.js'), `export const legacyToken = "${secrets.legacy}";\n\nexport function legacy() {\n  return 1;\n}\n`);
  cpSync(path.join(FIXTURES, 'sample/src/handler.js'), path.join(dir, 'src/handler.js'));
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'feat: the PR');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  return {
    dir,
    baseSha,
    headSha,
    secrets,
    planted: [
      { kind: 'secret', path: 'src/config.js', line: 1, changed: true },
      { kind: 'secret', path: 'src/notify.js', line: 1, changed: true },
      { kind: 'secret', path: 'src/keys.js', line: 1, changed: true },
      { kind: 'secret', path: 'src/keys.js', line: 2, changed: true },
      { kind: 'secret', path: 'src/legacy.js', line: 1, changed: false },
      { kind: 'dependency', path: 'package.json', line: 5, changed: true },
      { kind: 'dependency', path: 'package.json', line: 6, changed: false },
      { kind: 'eslint', path: 'src/handler.js', line: 4, changed: true },
      { kind: 'eslint', path: 'src/handler.js', line: 5, changed: true },
    ],
  };
}

/** A committed SARIF fixture with its `file:///workspace/` URIs pointed at `dir`, written into `dir`. */
export function placeSarif(name: string, dir: string, as = name): string {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8').split('file:///workspace/').join(`file://${dir}/`);
  writeFileSync(path.join(dir, as), text);
  return as;
}

/** The npm audit fixture, copied into the workspace (untracked, like a workflow step's output). */
export function placeNpmAudit(dir: string): string {
  cpSync(path.join(FIXTURES, 'npm-audit.json'), path.join(dir, 'npm-audit.json'));
  return 'npm-audit.json';
}

const FINDING = /Finding: (.+?) rule (.+?) \((\w+)\) at ([^:\s]+):(\d+)/;

/** The file as the prompt showed it (placeholders and all). */
function shownFile(req: ScriptedRequest): string[] {
  const text = req.messages.map((m) => m.text).join('\n');
  const m = /\(current content, numbered from line 1\) \(untrusted data[^\n]*\n(`{3,})text\n([\s\S]*?)\n\1(?:\n|$)/.exec(text);
  return (m?.[2] ?? '').split('\n');
}

function replaceLine(file: string, line: number, shown: string, replacement: string[]): string {
  return [
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${line},1 +${line},${replacement.length} @@`,
    `-${shown}`,
    ...replacement.map((r) => `+${r}`),
    '',
  ].join('\n');
}

/**
 * The scripted security fixer: env var for the GitHub token (clears it), a comment above the Slack token (does
 * not), the fixed minimist version (clears it), and no patch for anything else.
 */
export function scriptedFixer(req: ScriptedRequest): object {
  const text = req.messages.map((m) => m.text).join('\n');
  const m = FINDING.exec(text);
  if (!m) return { patch: '', summary: 'nothing', explanation: 'no finding in the request' };
  const [, , rule, , file, lineText] = m as unknown as [string, string, string, string, string, string];
  const line = Number(lineText);
  const shown = shownFile(req)[line - 1] ?? '';
  if (rule.includes('github')) {
    return {
      patch: replaceLine(file, line, shown, ['export const token = process.env.GITHUB_TOKEN;']),
      summary: 'read the GitHub token from the environment',
      explanation: 'A token in the source is readable by anyone with the repository; rotate it and read it from the environment.',
    };
  }
  if (rule.includes('slack')) {
    return {
      patch: [`--- a/${file}`, `+++ b/${file}`, `@@ -${line},1 +${line},2 @@`, '+// TODO: move this token out of the source', ` ${shown}`, ''].join(
        '\n',
      ),
      summary: 'flag the Slack token',
      explanation: 'The Slack token should move to a secret store.',
    };
  }
  if (rule.startsWith('vulnerable-dependency') && shown.includes('"minimist"')) {
    return {
      patch: replaceLine(file, line, shown, [shown.replace('1.2.5', '1.2.8')]),
      summary: 'bump minimist to 1.2.8',
      explanation: 'minimist before 1.2.6 allows prototype pollution.',
    };
  }
  return { patch: '', summary: 'no safe fix', explanation: 'This needs a change a reviewer should decide on.' };
}

export interface SecurityPr {
  gh: GitHubEmulator;
  oai: OpenAIEmulator;
  repo: SeededRepo;
  bareDir: string;
  pr: number;
  close(): Promise<void>;
}

/** The seeded repository behind the GitHub emulator (main at the base, the agent branch and its Draft PR), and the scripted fixer. */
export async function startSecurityPr(temp: string): Promise<SecurityPr> {
  const gh = await startGitHubEmulator();
  gh.addToken('ghs_bot', 'github-actions[bot]', { type: 'Bot' });
  const oai = await startOpenAIEmulator();
  oai.script({ match: { schemaName: 'security_fix' }, reply: scriptedFixer });
  const { bareDir } = await gh.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  const repo = seedSecurityRepo(path.join(temp, 'seed'));
  git(repo.dir, 'push', '--quiet', '--force', bareDir, `${repo.baseSha}:refs/heads/main`, 'agent/9-feature:agent/9-feature');
  const issue = (await gh.createIssue({ owner: 'acme', repo: 'shop', title: 'Feature', body: 'Add it.' })).number as number;
  const pull = await gh.createPullRequest({
    owner: 'acme',
    repo: 'shop',
    title: `Agent: #${issue}`,
    head: 'agent/9-feature',
    body: `<!-- eternia-agents:issue:${issue} -->\nCloses #${issue}`,
    draft: true,
    user: 'github-actions[bot]',
  });
  return {
    gh,
    oai,
    repo,
    bareDir,
    pr: pull.number as number,
    close: async () => {
      await oai.close();
      await gh.close();
    },
  };
}

/** A checkout of the agent branch with history (actions/checkout with fetch-depth 0), with the scanners' reports in it. */
export function securityWorkspace(pr: SecurityPr, dir: string): string {
  git(path.dirname(dir), 'clone', '--quiet', '--branch', 'agent/9-feature', pr.bareDir, dir);
  placeSarif('eslint.sarif', dir);
  placeNpmAudit(dir);
  return dir;
}
