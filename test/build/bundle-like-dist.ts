import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Bundles `entry` into `outdir` as dist/ is bundled (ES modules, split chunks, the `require` banner), resolving from the repository. */
export async function bundleLikeDist(entry: string, outdir: string, plugins: esbuild.Plugin[] = []): Promise<void> {
  const { requireBanner } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build-dist.mjs')).href)) as { requireBanner: string };
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    nodePaths: [path.join(repoRoot, 'node_modules')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir,
    banner: { js: requireBanner },
    plugins,
    logLevel: 'silent',
  });
  await writeFile(path.join(outdir, 'package.json'), '{"type":"module"}');
}
