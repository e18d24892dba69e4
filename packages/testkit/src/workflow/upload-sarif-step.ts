/**
 * github/codeql-action/upload-sarif emulated: reads `sarif_file` (a file, or every .sarif file in a folder), stamps
 * `category` into each run's automationDetails as the action does, and uploads it gzip + base64 through the GitHub
 * emulator's code-scanning API with the job's token, for the job's commit and ref.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigurationError } from '@eternia/core';
import type { StepFrame } from './run-context.js';

interface SarifLog {
  version?: unknown;
  runs?: Array<Record<string, unknown>>;
}

export async function uploadSarif(frame: StepFrame, inputs: Record<string, string>): Promise<Record<string, string>> {
  const where = 'github/codeql-action/upload-sarif input sarif_file';
  const given = inputs.sarif_file || '../results';
  const path = isAbsolute(given) ? given : resolve(frame.job.workspace, given);
  if (!existsSync(path)) throw new ConfigurationError(`'${given}' does not exist`, where);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith('.sarif'))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) throw new ConfigurationError(`'${given}' holds no .sarif file`, where);
  const runs: Array<Record<string, unknown>> = [];
  for (const file of files) {
    let log: SarifLog;
    try {
      log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
    } catch (error) {
      throw new ConfigurationError(`${file} is not JSON: ${(error as Error).message}`, where);
    }
    if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new ConfigurationError(`${file} is not a SARIF 2.1.0 log`, where);
    runs.push(...log.runs);
  }
  const category = inputs.category?.trim();
  if (category) for (const run of runs) run.automationDetails = { id: category.endsWith('/') ? category : `${category}/` };
  const github = frame.job.contexts.github as Record<string, unknown>;
  const body = {
    commit_sha: String(github.sha),
    ref: String(github.ref),
    sarif: gzipSync(JSON.stringify({ version: '2.1.0', runs })).toString('base64'),
  };
  const response = await fetch(`${String(github.api_url).replace(/\/$/, '')}/repos/${String(github.repository)}/code-scanning/sarifs`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${inputs.token || String(github.token)}`,
      'content-type': 'application/json',
      accept: 'application/vnd.github+json',
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { id?: string; message?: string };
  if (!response.ok) throw new Error(`code scanning refused the upload (HTTP ${response.status}): ${answer.message ?? ''}`);
  return { 'sarif-id': String(answer.id) };
}
