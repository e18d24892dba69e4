import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError, summarySection } from '@eternia/core';
import { defineRole, isWithin } from '@eternia/action-kit';

/**
 * Builds repo_atlas.json (symbols, references, owners, packages, ranks) of the checked-out tree. No model, no
 * PR: a nightly job or the flow's plan job runs it. Incremental: the atlas already at `output` (restored from
 * actions/cache) gives the entries of unchanged files.
 */
export const role = defineRole({
  name: 'repo-atlas',
  inputs: z.object({
    'github-token': z.string().optional(),
    directory: z.string().min(1).default('.'),
    output: z.string().min(1).default('repo_atlas.json'),
    'artifact-name': z.string().default(''),
  }),
  needs: {},
  tokenPermissions: ['contents: read'],
  async run(ctx) {
    // The atlas (parsers and grammars included) is a lazy chunk, loaded after the inputs are checked.
    const { buildAtlas, readAtlasLazily, writeAtlasFile } = await import('@eternia/atlas');
    const workspace = ctx.runner.workspace || process.cwd();
    const dir = resolveWithin('directory', ctx.inputs.directory, workspace);
    // The flow keeps the atlas under RUNNER_TEMP, out of the checkout that the branch writes.
    const output = resolveWithin('output', ctx.inputs.output, workspace, ctx.env.RUNNER_TEMP);
    await mkdir(path.dirname(output), { recursive: true });
    const previous = await readAtlasLazily(output).catch((error: Error) => {
      ctx.log.warning(`the previous atlas was not used: ${error.message}`);
      return null;
    });
    const { atlas, stats } = await buildAtlas({ dir, previous });
    await writeAtlasFile(output, atlas);
    let uploaded = '';
    if (ctx.inputs.artifactName !== '') {
      // Through the artifact client the dossier uses: no third-party upload action to pin.
      const { defaultArtifactClient } = await import('@eternia/dossier');
      const client = ctx.deps.artifactClient ?? (await defaultArtifactClient());
      await client.uploadArtifact(ctx.inputs.artifactName, [output], path.dirname(output), { retentionDays: 7 });
      uploaded = ` Uploaded as the artifact \`${ctx.inputs.artifactName}\`.`;
    }
    const inWorkers = stats.parsedInWorkers ? `, ${stats.parsedInWorkers} of them by worker threads` : '';
    const line = `${stats.files} files (${stats.parsed} parsed${inWorkers}, ${stats.reused} reused from the previous atlas), ${atlas.edges.length} references, ${atlas.packages.length} external packages.`;
    ctx.log.info(`repo atlas: ${line}`);
    return {
      outputs: {
        path: output.startsWith(workspace + path.sep) ? path.relative(workspace, output) : output,
        files: String(stats.files),
        parsed: String(stats.parsed),
        reused: String(stats.reused),
      },
      summary: summarySection('Repo atlas', [line + uploaded]),
    };
  },
});

/** An input's path, resolved against the workspace: refused unless it is in the workspace (or RUNNER_TEMP, when given). */
function resolveWithin(input: string, value: string, workspace: string, runnerTemp?: string): string {
  const resolved = path.resolve(workspace, value);
  if (!isWithin(workspace, resolved) && !(runnerTemp && isWithin(runnerTemp, resolved))) {
    throw new ConfigurationError(`${JSON.stringify(value)} is outside the workspace${runnerTemp ? ' and RUNNER_TEMP' : ''}`, `input '${input}'`);
  }
  return resolved;
}
