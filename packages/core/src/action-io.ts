/**
 * The small part of the runner an action talks to: inputs, outputs, masks, log lines, the job summary
 * and the exit status. Action entry points pass `actionsCoreIO()`; tests pass a fake (see
 * `memoryIO` in the tests) and read back what happened.
 */
import * as core from '@actions/core';
import { inertLogText } from './inert-log-text.js';

export interface ActionIO {
  /** The raw input as action.yml names it ('' when not set). */
  getInput(name: string): string;
  setOutput(name: string, value: unknown): void;
  /** Masks the value in the log from now on; runAction also redacts it from failure messages and the summary. */
  setSecret(value: string): void;
  /** Every value given to setSecret so far. */
  secrets(): readonly string[];
  /** The process environment, to find secret-looking variables (GITHUB_TOKEN, OPENAI_API_KEY…) to redact. */
  env(): Readonly<Record<string, string | undefined>>;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Appends markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Logs the message as an error and makes the step fail. */
  setFailed(message: string): void;
}

/** The real runner, through @actions/core. */
export function actionsCoreIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  const registered: string[] = [];
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => {
      if (!value) return;
      registered.push(value);
      core.setSecret(value);
    },
    secrets: () => registered,
    env: () => env,
    // Messages carry untrusted text: none of it may reach the runner as a workflow command.
    info: (message) => core.info(inertLogText(message)),
    warning: (message) => core.warning(inertLogText(message)),
    error: (message) => core.error(inertLogText(message)),
    debug: (message) => core.debug(inertLogText(message)),
    appendSummary: async (markdown) => {
      // Outside the runner (local runs, some tests) there is no summary file: say so in debug, do not fail.
      if (!env.GITHUB_STEP_SUMMARY) {
        core.debug('GITHUB_STEP_SUMMARY is not set; job summary skipped');
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(inertLogText(message)),
  };
}
