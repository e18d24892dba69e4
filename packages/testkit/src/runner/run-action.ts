import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { readActionManifest, type ActionManifest } from './action-manifest.js';
import { runChild } from './child-process.js';
import { parseKeyValueFile, parsePathFile } from './file-commands.js';
import { evaluateTemplate, inputEnvName } from './input-env.js';
import { buildRunnerContext } from './runner-context.js';
import { MaskTracker } from './secret-leaks.js';
import { webhookPayload } from './webhook-payload.js';
import { CommandStream, type WorkflowCommand } from './workflow-commands.js';

export interface RunActionOptions {
  actionDir: string;
  inputs?: Record<string, string>;
  /** Step `env:`; also overrides any GITHUB_* / RUNNER_* default. */
  env?: Record<string, string>;
  event?: { name: string; payload: object };
  workspace?: string;
  /** owner/name; defaults to the payload's repository. */
  repository?: string;
  apiUrl?: string;
  serverUrl?: string;
  /** The value of `${{ github.token }}` for input defaults; masked like the job token. Not set anywhere else. */
  token?: string;
  /** Values masked from the start, as GitHub masks every `secrets.*` value. */
  secrets?: string[];
  timeoutMs?: number;
  /** Cancels the run as GitHub cancels a job: the running phase's process group is killed and later phases are skipped. */
  signal?: AbortSignal;
  nodePath?: string;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice' | 'debug';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export type Phase = 'pre' | 'main' | 'post';

/** An action whose pre and main have run; its post waits, as on GitHub, until the end of the job. */
export interface StartedAction {
  /** The record after pre and main; `finish` adds the post phase to it. */
  run: ActionRun;
  /** Whether `finish` will run a post phase (the action has one and its main ran). */
  hasPost: boolean;
  /** Runs the post phase (unless `runPost` is false: its post-if said no) and removes the runner's files; call it exactly once. */
  finish(options?: { runPost?: boolean }): Promise<ActionRun>;
}

export interface ActionRun {
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Each phase that ran, with what it printed and wrote to the job summary. */
  phases: Array<{ phase: Phase; exitCode: number | null; durationMs: number; stdout: string; stderr: string; summary: string }>;
  outputs: Record<string, string>;
  /** Variables written to GITHUB_ENV. */
  env: Record<string, string>;
  state: Record<string, string>;
  /** Directories written to GITHUB_PATH, first = highest precedence. */
  path: string[];
  summary: string;
  annotations: Annotation[];
  /** What the runner itself would warn about: unexpected or missing required inputs, disabled commands. */
  runnerWarnings: string[];
  masks: string[];
  /** Masked values that appeared later in stdout/stderr/summary/outputs. */
  leakedSecrets: string[];
  stdout: string;
  stderr: string;
  /** ms epoch, just before the first spawn. */
  startedAt: number;
  durationMs: number;
}

/** The record of an action before any phase ran: nothing printed, written or exported. */
export function emptyActionRun(): ActionRun {
  return {
    exitCode: null,
    timedOut: false,
    cancelled: false,
    phases: [],
    outputs: {},
    env: {},
    state: {},
    path: [],
    summary: '',
    annotations: [],
    runnerWarnings: [],
    masks: [],
    leakedSecrets: [],
    stdout: '',
    stderr: '',
    startedAt: 0,
    durationMs: 0,
  };
}

const inheritedVariables = ['PATH', 'HOME', 'LANG'];

function resolveInputs(manifest: ActionManifest, given: Record<string, string>, expressions: Record<string, unknown>, warnings: string[]) {
  const declared = manifest.inputs ?? {};
  const values: Record<string, string> = {};
  const unexpected = Object.keys(given).filter((name) => !(name in declared));
  if (unexpected.length > 0) {
    warnings.push(`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`);
  }
  for (const [name, value] of Object.entries(given)) values[name] = value;
  for (const [name, input] of Object.entries(declared)) {
    if (name in given) continue;
    if (input.default !== undefined) {
      values[name] = evaluateTemplate(input.default, expressions, `default of input '${name}' in ${manifest.file}`);
    } else if (input.required) {
      warnings.push(`Input required and not supplied: ${name}`);
    }
  }
  return values;
}

async function readIfPresent(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** Runs an action directory the way GitHub's runner runs a `node2x` action: pre, main, post as child processes. */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  return (await startAction(opts)).finish();
}

/**
 * Runs pre and main and leaves post for later: GitHub runs every post at the end of the job, after the
 * job's later steps and in reverse order, so a later step can still use what main started.
 */
export async function startAction(opts: RunActionOptions): Promise<StartedAction> {
  const actionDir = path.resolve(opts.actionDir);
  const manifest = await readActionManifest(actionDir);
  const root = await mkdtemp(path.join(os.tmpdir(), 'action-run-'));
  let finished = false;
  const cleanUp = () => rm(root, { recursive: true, force: true });
  try {
    const runnerTemp = path.join(root, 'temp');
    const toolCache = path.join(root, 'tool-cache');
    const fileCommands = path.join(root, 'file-commands');
    const workspace = path.resolve(opts.workspace ?? path.join(root, 'workspace'));
    await Promise.all([runnerTemp, toolCache, fileCommands, workspace].map((dir) => mkdir(dir, { recursive: true })));

    const event = opts.event ?? { name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') };
    const eventPath = path.join(root, 'event.json');
    await writeFile(eventPath, JSON.stringify(event.payload, null, 2));

    const context = buildRunnerContext({
      eventName: event.name,
      payload: event.payload as Record<string, unknown>,
      workspace,
      runnerTemp,
      toolCache,
      actionPath: actionDir,
      repository: opts.repository,
      serverUrl: opts.serverUrl,
      apiUrl: opts.apiUrl,
      token: opts.token,
    });
    const runnerWarnings: string[] = [];
    const inputs = resolveInputs(manifest, opts.inputs ?? {}, { ...context.expressions, env: opts.env ?? {} }, runnerWarnings);

    const masks = new MaskTracker();
    for (const secret of [opts.token ?? '', ...(opts.secrets ?? [])]) masks.add(secret);

    const baseEnv: Record<string, string> = {};
    for (const name of inheritedVariables) {
      const value = process.env[name];
      if (value !== undefined) baseEnv[name] = value;
    }
    Object.assign(baseEnv, context.env, { GITHUB_EVENT_PATH: eventPath });
    for (const [name, value] of Object.entries(inputs)) baseEnv[inputEnvName(name)] = value;
    Object.assign(baseEnv, opts.env ?? {});

    const run: ActionRun = { ...emptyActionRun(), runnerWarnings, masks: masks.masks };

    /** Runs one phase; true when it failed. */
    const runPhase = async (phase: Phase, entry: string): Promise<boolean> => {
      const script = path.join(actionDir, entry);
      await stat(script).catch((error: unknown) => {
        throw new ConfigurationError(`runs.${phase} file '${entry}' does not exist (was the action built?)`, manifest.file, { cause: error });
      });
      const files = {
        GITHUB_OUTPUT: path.join(fileCommands, `${phase}-output`),
        GITHUB_ENV: path.join(fileCommands, `${phase}-env`),
        GITHUB_STATE: path.join(fileCommands, `${phase}-state`),
        GITHUB_PATH: path.join(fileCommands, `${phase}-path`),
        GITHUB_STEP_SUMMARY: path.join(fileCommands, `${phase}-summary`),
      };
      await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
      const stateEnv = Object.fromEntries(Object.entries(run.state).map(([name, value]) => [`STATE_${name}`, value]));
      const env: Record<string, string> = { ...baseEnv, ...run.env, ...stateEnv, ...files };
      if (run.path.length > 0) env.PATH = [...run.path, env.PATH ?? ''].join(path.delimiter);

      const commands = new CommandStream();
      const phaseOutputs: Record<string, string> = {};
      const phaseState: Record<string, string> = {};
      const onCommand = (command: WorkflowCommand) => {
        switch (command.name) {
          case 'error':
          case 'warning':
          case 'notice':
          case 'debug': {
            const { file, line, col, title } = command.properties;
            run.annotations.push({
              level: command.name,
              message: command.message,
              ...(file !== undefined && { file }),
              ...(line !== undefined && { line: Number(line) }),
              ...(col !== undefined && { col: Number(col) }),
              ...(title !== undefined && { title }),
            });
            break;
          }
          case 'add-mask':
            if (command.message.trim() === '') runnerWarnings.push("Can't add secret mask for empty string in ##[add-mask] command.");
            masks.add(command.message);
            break;
          case 'set-output':
            runnerWarnings.push('The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.');
            if (command.properties.name) phaseOutputs[command.properties.name] = command.message;
            break;
          case 'save-state':
            runnerWarnings.push('The `save-state` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.');
            if (command.properties.name) phaseState[command.properties.name] = command.message;
            break;
          case 'set-env':
          case 'add-path':
            runnerWarnings.push(`The \`${command.name}\` command is disabled. Please upgrade to using Environment Files.`);
            break;
          default:
            break;
        }
      };

      const started = Date.now();
      let phaseStdout = '';
      let phaseStderr = '';
      if (run.startedAt === 0) run.startedAt = started;
      const result = await runChild({
        command: opts.nodePath ?? process.execPath,
        args: [script],
        cwd: workspace,
        env,
        timeoutMs: opts.timeoutMs ?? 60_000,
        ...(opts.signal ? { signal: opts.signal } : {}),
        onStdoutLine: (line) => {
          run.stdout += `${line}\n`;
          phaseStdout += `${line}\n`;
          const command = commands.next(line);
          // The add-mask line itself is where the secret is registered, not a leak.
          if (command?.name !== 'add-mask') masks.scan(line);
          if (command) onCommand(command);
        },
        onStderrLine: (line) => {
          run.stderr += `${line}\n`;
          phaseStderr += `${line}\n`;
          masks.scan(line);
        },
      });
      run.timedOut ||= result.timedOut;
      run.cancelled ||= result.cancelled;

      Object.assign(phaseOutputs, parseKeyValueFile(await readIfPresent(files.GITHUB_OUTPUT), files.GITHUB_OUTPUT));
      Object.assign(phaseState, parseKeyValueFile(await readIfPresent(files.GITHUB_STATE), files.GITHUB_STATE));
      Object.assign(run.env, parseKeyValueFile(await readIfPresent(files.GITHUB_ENV), files.GITHUB_ENV));
      run.path = [...parsePathFile(await readIfPresent(files.GITHUB_PATH)), ...run.path];
      Object.assign(run.state, phaseState);
      const summary = await readIfPresent(files.GITHUB_STEP_SUMMARY);
      run.summary += summary;
      run.phases.push({ phase, exitCode: result.exitCode, durationMs: Date.now() - started, stdout: phaseStdout, stderr: phaseStderr, summary });
      if (phase === 'main') run.outputs = phaseOutputs;

      if (phase !== 'post' || run.exitCode === 0) run.exitCode = result.exitCode;
      return result.exitCode !== 0;
    };

    const seal = () => {
      run.durationMs = Date.now() - run.startedAt;
      masks.scan(run.summary);
      for (const value of Object.values(run.outputs)) masks.scan(value);
      run.leakedSecrets = masks.leakedSecrets;
    };
    // A failed pre step skips main; post runs only for a main that ran.
    const preFailed = manifest.runs.pre ? await runPhase('pre', manifest.runs.pre) : false;
    if (!preFailed && !run.cancelled) await runPhase('main', manifest.runs.main);
    // A cancelled run is over: like the runner's cancellation, no post phase.
    const post = preFailed || run.cancelled ? undefined : manifest.runs.post;
    seal();
    return {
      run,
      hasPost: post !== undefined,
      async finish({ runPost = true } = {}) {
        if (finished) throw new Error('startAction: finish() was already called');
        finished = true;
        try {
          if (post && runPost) await runPhase('post', post);
          seal();
          return run;
        } finally {
          await cleanUp();
        }
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
