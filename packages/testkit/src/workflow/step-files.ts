/** The files a runner hands each step (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_STATE) and how it reads them back. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';

export interface StepFiles {
  dir: string;
  env: Record<string, string>;
}

let counter = 0;

export function createStepFiles(runnerTemp: string): StepFiles {
  counter += 1;
  const dir = join(runnerTemp, '_runner_file_commands', `step_${counter}`);
  mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = {};
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
    const file = join(dir, name.toLowerCase());
    writeFileSync(file, '');
    env[name] = file;
  }
  return { dir, env };
}

/** `name=value` lines and `name<<DELIMITER … DELIMITER` blocks, as @actions/core writes them. */
export function parseKeyValueFile(text: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || line.indexOf('<<') < eq)) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      index += 1;
      while (index < lines.length && lines[index] !== delimiter) body.push(lines[index++] as string);
      if (index >= lines.length) throw new ConfigurationError(`matching delimiter '${delimiter}' not found for '${name}'`, where);
      out[name] = body.join('\n');
      continue;
    }
    if (eq <= 0) throw new ConfigurationError(`invalid line '${line}' (expected name=value or name<<DELIMITER)`, where);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export interface StepFileResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  summary: string;
}

export function readStepFiles(files: StepFiles): StepFileResults {
  const read = (name: string): string => readFileSync(files.env[name] as string, 'utf8');
  return {
    outputs: parseKeyValueFile(read('GITHUB_OUTPUT'), 'GITHUB_OUTPUT'),
    env: parseKeyValueFile(read('GITHUB_ENV'), 'GITHUB_ENV'),
    path: read('GITHUB_PATH').split(/\r?\n/).filter(Boolean),
    summary: read('GITHUB_STEP_SUMMARY'),
  };
}

/** Stdout workflow commands a run step may still use: masks, the deprecated set-output, annotations. */
export function parseWorkflowCommands(stdout: string): { masks: string[]; outputs: Record<string, string>; annotations: string[] } {
  const masks: string[] = [];
  const outputs: Record<string, string> = {};
  const annotations: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, command, props = '', message = ''] = match;
    if (command === 'add-mask' && message) masks.push(message);
    else if (command === 'set-output') {
      const name = /name=([^,]+)/.exec(props)?.[1];
      if (name) outputs[name] = message;
    } else if (command === 'error' || command === 'warning' || command === 'notice') annotations.push(`${command}: ${message}`);
  }
  return { masks, outputs, annotations };
}

/** Replaces every mask value with *** (longest first, so a secret containing another is hidden whole). */
export function applyMasks(text: string, masks: string[]): string {
  let out = text;
  for (const mask of [...masks].filter((m) => m.length > 0).sort((a, b) => b.length - a.length)) out = out.split(mask).join('***');
  return out;
}
