import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * What observe keeps between runs, per service: the last scrape's cumulative counters (the next window starts
 * there) and the last window that was judged healthy (the baseline). A JSON file the workflow keeps with
 * actions/cache (a new key each run, restored by prefix); without it the run only records a baseline.
 */
const snapshot = z.object({
  buckets: z.record(z.string(), z.number().min(0)),
  count: z.number().min(0),
  errors5xx: z.number().min(0),
});
const stats = z.object({
  requests: z.number().min(0),
  errors5xx: z.number().min(0),
  errorRatePercent: z.number().min(0).max(100),
  p95Seconds: z.number().min(0).nullable(),
});
const fileSchema = z.object({
  v: z.literal(1),
  services: z.record(z.string(), z.object({ at: z.string(), snapshot, baseline: stats.nullable() })),
});

export type BaselineFile = z.output<typeof fileSchema>;
export type ServiceBaseline = BaselineFile['services'][string];

export const EMPTY_BASELINES: BaselineFile = { v: 1, services: {} };

/** The file's content; a missing file is empty, an unreadable or invalid one too (with a warning): it is only a cache. */
export async function readBaselines(file: string, warn: (message: string) => void): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read the baseline file ${file}: ${(error as Error).message}`);
    return { v: 1, services: {} };
  }
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    warn(`the baseline file ${file} does not have the expected shape; starting a new baseline`);
  } catch {
    warn(`the baseline file ${file} is not JSON; starting a new baseline`);
  }
  return { v: 1, services: {} };
}

export async function writeBaselines(file: string, content: BaselineFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`);
  await rename(temp, file);
}
