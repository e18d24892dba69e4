/** A `run:` step: the script written to a file and run by its shell, with the step files and the step env. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { interpolate } from './expressions.js';
import { processEnv, stepScope } from './process-env.js';
import { applyMasks, createStepFiles, parseWorkflowCommands, readStepFiles } from './step-files.js';
import type { StepFrame } from './run-context.js';
import type { StepDef } from './workflow-file.js';

/** Shell names as the runner expands them (docs: "jobs.<job_id>.steps[*].shell"). */
const SHELLS: Record<string, { template: string; ext: string }> = {
  bash: { template: 'bash --noprofile --norc -eo pipefail {0}', ext: '.sh' },
  sh: { template: 'sh -e {0}', ext: '.sh' },
  python: { template: 'python3 {0}', ext: '.py' },
  node: { template: 'node {0}', ext: '.js' },
};
const DEFAULT_SHELL = { template: 'bash -e {0}', ext: '.sh' };

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function runProcess(argv: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const [command, ...args] = argv as [string, ...string[]];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // detached: the script gets its own process group, so a timeout kills what it started too.
    const timer = setTimeout(
      () => {
        timedOut = true;
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      },
      Math.max(1, timeoutMs),
    );
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, stdout, stderr: `${stderr}${error.message}\n`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? null : code, stdout, stderr, timedOut });
    });
  });
}

export function workingDirectory(frame: StepFrame, requested: string | undefined): string {
  const dir = requested ?? frame.job.defaults.workingDirectory;
  if (!dir) return frame.job.workspace;
  const full = isAbsolute(dir) ? dir : join(frame.job.workspace, dir);
  if (!existsSync(full)) throw new ConfigurationError(`working directory '${full}' does not exist`, 'working-directory');
  return full;
}

export interface ShellStepResult {
  ok: boolean;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  summary: string;
  error?: string;
}

export async function runShellStep(
  def: StepDef,
  frame: StepFrame,
  stepEnv: Record<string, string>,
  actionName: string,
  timeoutMs: number,
): Promise<ShellStepResult> {
  const scope = stepScope(frame, stepEnv);
  const script = interpolate(String(def.run), scope);
  const shellName = def.shell ?? (frame.actionPath ? undefined : frame.job.defaults.shell);
  if (frame.actionPath && !def.shell) throw new ConfigurationError("a run step in a composite action needs 'shell'", `step in ${frame.actionPath}`);
  const shell =
    shellName === undefined ? DEFAULT_SHELL : (SHELLS[shellName] ?? (shellName.includes('{0}') ? { template: shellName, ext: '' } : undefined));
  if (!shell) throw new ConfigurationError(`unknown shell '${shellName}' (bash, sh, python, node or a command with {0})`, 'shell');
  const scriptFile = join(frame.job.runnerTemp, `${randomUUID()}${shell.ext}`);
  writeFileSync(scriptFile, script);
  const files = createStepFiles(frame.job.runnerTemp);
  const env = { ...processEnv(frame, stepEnv, actionName), ...files.env };
  const argv = shell.template.split(/\s+/).map((part) => (part === '{0}' ? scriptFile : part));
  const result = await runProcess(argv, workingDirectory(frame, def['working-directory']), env, timeoutMs);
  const commands = parseWorkflowCommands(result.stdout);
  frame.job.masks.push(...commands.masks);
  const fileResults = readStepFiles(files);
  Object.assign(frame.job.env, fileResults.env);
  frame.job.path.unshift(...fileResults.path);
  const masks = frame.job.masks;
  return {
    ok: result.exitCode === 0,
    outputs: { ...commands.outputs, ...fileResults.outputs },
    stdout: applyMasks(result.stdout, masks),
    stderr: applyMasks(result.stderr, masks),
    summary: applyMasks(fileResults.summary, masks),
    error: result.timedOut
      ? `timed out after ${Math.round(timeoutMs / 1000)}s`
      : result.exitCode === 0
        ? undefined
        : `Process completed with exit code ${result.exitCode}.`,
  };
}
