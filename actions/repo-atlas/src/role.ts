import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError, summarySection } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';

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
    const { buildAtlas, readAtlasForRebuild, writeAtlasFile } = await import('@eternia/atlas');
    const workspace = ctx.runner.workspace || process.cwd();
    const inside = (input: string, value: string): string => {
      const resolved = path.resolve(workspace, value);
      const rel = path.relative(workspace, resolved);
      if (rel.startsWith('..') || path.isAbsolute(rel))
        throw new ConfigurationError(`${JSON.stringify(value)} is outside the workspace`, `input '${input}'`);
      return resolved;
    };
    const dir = inside('directory', ctx.inputs.directory);
    const output = inside('output', ctx.inputs.output);
    const previous = await readAtlasForRebuild(output).catch((error: Error) => {
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
    const line = `${stats.files} files (${stats.parsed} parsed, ${stats.reused} reused from the previous atlas), ${atlas.edges.length} references, ${atlas.packages.length} external packages.`;
    ctx.log.info(`repo atlas: ${line}`);
    return {
      outputs: {
        path: path.relative(workspace, output) || output,
        files: String(stats.files),
        parsed: String(stats.parsed),
        reused: String(stats.reused),
      },
      summary: summarySection('Repo atlas', [line + uploaded]),
    };
  },
});
