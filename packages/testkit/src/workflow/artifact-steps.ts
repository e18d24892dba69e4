/** actions/upload-artifact and actions/download-artifact (v4 semantics) over the run's ArtifactStore. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { ConfigurationError } from '@eternia/core';
import { jobKey } from './job-key.js';
import type { StepFrame } from './run-context.js';

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).flatMap((name) => walk(join(dir, name)));
}

const GLOB_CHARS = /[*?[\]{}]/;

/** The literal directory a pattern searches from (the part before its first glob segment). */
function searchRoot(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const index = parts.findIndex((part) => GLOB_CHARS.test(part));
  return index < 0 ? pattern : parts.slice(0, index).join(sep) || sep;
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split(sep));
  const first = split[0] ?? [];
  let length = 0;
  while (length < first.length && split.every((parts) => parts[length] === first[length])) length += 1;
  return first.slice(0, length).join(sep) || sep;
}

export function uploadArtifact(frame: StepFrame, inputs: Record<string, string>): Record<string, string> {
  const name = inputs.name || 'artifact';
  const lines = (inputs.path ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) throw new ConfigurationError('Input required and not supplied: path', 'actions/upload-artifact');
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(frame.job.workspace, p));
  const includes = lines.filter((line) => !line.startsWith('!')).map(absolute);
  const excludes = lines.filter((line) => line.startsWith('!')).map((line) => absolute(line.slice(1)));
  const files = new Set<string>();
  for (const pattern of includes) {
    if (!GLOB_CHARS.test(pattern)) walk(pattern).forEach((file) => files.add(file));
    else {
      const isMatch = picomatch(pattern, { dot: true });
      walk(searchRoot(pattern))
        .filter((file) => isMatch(file))
        .forEach((file) => files.add(file));
    }
  }
  const excluded =
    excludes.length > 0
      ? picomatch(
          excludes.flatMap((p) => [p, `${p}/**`]),
          { dot: true },
        )
      : () => false;
  const roots = includes.map(searchRoot);
  // upload-artifact: a single directory is the root; several paths share their least common ancestor.
  const root =
    roots.length === 1 && existsSync(roots[0] as string) && statSync(roots[0] as string).isDirectory()
      ? (roots[0] as string)
      : commonAncestor(roots.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : join(p, '..'))));
  const hidden = inputs['include-hidden-files'] === 'true';
  const chosen = [...files]
    .filter((file) => !excluded(file))
    .map((file) => relative(root, file))
    .filter((file) => hidden || !file.split(sep).some((part) => part.startsWith('.')))
    .sort();
  if (chosen.length === 0) {
    const mode = inputs['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${lines.join(', ')}. No artifacts will be uploaded.`;
    if (mode === 'error') throw new ConfigurationError(message, 'actions/upload-artifact');
    frame.job.run.log(`${mode === 'warn' ? 'warning: ' : ''}${message}`);
    return {};
  }
  const run = frame.job.run;
  const retention = inputs['retention-days'] ? Number(inputs['retention-days']) : 0;
  if (!Number.isInteger(retention) || retention < 0)
    throw new ConfigurationError(`retention-days '${inputs['retention-days']}' is not a whole number of days`, 'actions/upload-artifact');
  const stored = run.artifacts.put(run.runId, name, root, chosen, inputs.overwrite === 'true', {
    repository: String(run.github.repository),
    job: jobKey(frame),
    // 0 = the repository default; more than the 90-day maximum is capped, as upload-artifact does.
    expiresAt: retention > 0 ? new Date(Date.now() + Math.min(retention, 90) * 86_400_000).toISOString() : null,
  });
  if (!run.uploaded.includes(name)) run.uploaded.push(name);
  const server = String((run.github as { server_url?: string }).server_url);
  return {
    'artifact-id': String(stored.id),
    'artifact-url': `${server}/${String(run.github.repository)}/actions/runs/${run.runId}/artifacts/${stored.id}`,
    // Like upload-artifact: the SHA-256 of the uploaded zip.
    'artifact-digest': stored.digest.replace(/^sha256:/, ''),
  };
}

export function downloadArtifact(frame: StepFrame, inputs: Record<string, string>): Record<string, string> {
  const run = frame.job.run;
  // Like v4, run-id only counts together with github-token; otherwise it is the current run.
  const runId = inputs['run-id'] && inputs['github-token'] ? Number(inputs['run-id']) : run.runId;
  if (Number.isNaN(runId)) throw new ConfigurationError(`run-id '${inputs['run-id']}' is not a number`, 'actions/download-artifact');
  const dest = inputs.path ? (isAbsolute(inputs.path) ? inputs.path : resolve(frame.job.workspace, inputs.path)) : frame.job.workspace;
  if (inputs.name) {
    const artifact = run.artifacts.find(runId, inputs.name);
    if (!artifact)
      throw new ConfigurationError(
        `Unable to download artifact(s): Artifact not found for name: ${inputs.name} (run ${runId})`,
        'actions/download-artifact',
      );
    run.artifacts.copyTo(artifact, dest);
    return { 'download-path': dest };
  }
  const isMatch = inputs.pattern ? picomatch(inputs.pattern) : () => true;
  const merge = inputs['merge-multiple'] === 'true';
  for (const artifact of run.artifacts.list(runId).filter((a) => isMatch(a.name)))
    run.artifacts.copyTo(artifact, merge ? dest : join(dest, artifact.name));
  return { 'download-path': dest };
}
