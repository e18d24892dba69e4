import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { runWorkflow } from '../src/workflow/index.js';
import { job, makeBench } from './fixtures/workflow/bench.js';
import type { Bench } from './fixtures/workflow/bench.js';

const CACHE = 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae';
const RESTORE = 'actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae';

const cacheWorkflow = `
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: cache
        uses: ${CACHE}
        with:
          path: out/atlas.json
          key: atlas-\${{ github.run_id }}
          restore-keys: atlas-
      - run: |
          echo "hit=\${{ steps.cache.outputs.cache-hit }} before=$(cat out/atlas.json 2>/dev/null || echo none)"
          mkdir -p out && echo "atlas of run \${{ github.run_id }}" > out/atlas.json
  use:
    needs: build
    runs-on: ubuntu-latest
    steps:
      # A key of its own: were this step to save as actions/cache does, the tampered file would be the newest entry.
      - id: restore
        uses: ${RESTORE}
        with:
          path: out/atlas.json
          key: atlas-use-\${{ github.run_id }}
          restore-keys: atlas-
      - run: |
          echo "hit=\${{ steps.restore.outputs.cache-hit }} matched=\${{ steps.restore.outputs.cache-matched-key }} $(cat out/atlas.json)"
          echo "tampered" > out/atlas.json
  other-path:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - id: restore
        uses: ${RESTORE}
        with:
          path: elsewhere.json
          key: atlas-\${{ github.run_id }}
          restore-keys: atlas-
      - run: echo "hit=\${{ steps.restore.outputs.cache-hit }} matched=[\${{ steps.restore.outputs.cache-matched-key }}] $(cat elsewhere.json 2>/dev/null || echo none)"
`;

// Each job here has its own temp folder; on a hosted runner every job's runner.temp is the same path.
const tempWorkflow = `
on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: ${CACHE}
        with:
          path: \${{ runner.temp }}/atlas/atlas.json
          key: temp-\${{ github.run_id }}
      - run: mkdir -p "$RUNNER_TEMP/atlas" && echo "atlas in temp" > "$RUNNER_TEMP/atlas/atlas.json"
  use:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - id: restore
        uses: ${RESTORE}
        with:
          path: \${{ runner.temp }}/atlas/atlas.json
          key: temp-\${{ github.run_id }}
      - run: echo "hit=\${{ steps.restore.outputs.cache-hit }} $(cat "$RUNNER_TEMP/atlas/atlas.json")"
      - id: workspace
        uses: ${RESTORE}
        with:
          path: atlas/atlas.json
          key: temp-\${{ github.run_id }}
      - run: echo "hit=\${{ steps.workspace.outputs.cache-hit }} $(cat atlas/atlas.json 2>/dev/null || echo none)"
`;

const dispatch = { name: 'workflow_dispatch', payload: {} };

describe('actions/cache emulation', () => {
  let bench: Bench;
  beforeAll(() => {
    bench = makeBench({ '.github/workflows/cache.yml': cacheWorkflow });
  });
  afterAll(() => bench.cleanup());

  test('saves at the end of the job, restores by exact key or newest restore-key, only for the same path; restore never saves', async () => {
    const cacheDir = join(bench.root, 'caches');
    const first = await runWorkflow(bench.options('.github/workflows/cache.yml', dispatch, { cacheDir }));
    expect(first.conclusion).toBe('success');
    const build = job(first, 'build');
    expect(build.steps[1]?.stdout).toBe('hit=false before=none\n');
    // The post step saved what the job wrote after the restore.
    expect(build.steps.map((s) => s.name)).toContain(`Post ${build.steps[0]?.name}`);
    expect(build.steps.at(-1)?.stdout).toBe(`Cache saved with key: atlas-${first.runId}\n`);
    expect(job(first, 'use').steps[1]?.stdout).toBe(`hit=false matched=atlas-${first.runId} atlas of run ${first.runId}\n`);
    // Another path is another cache version: nothing, even for a matching restore key.
    expect(job(first, 'other-path').steps[1]?.stdout).toBe('hit=false matched=[] none\n');

    // A later run: its key misses, the restore key finds the newest entry, which the restoring job's write did not replace.
    const second = await runWorkflow(bench.options('.github/workflows/cache.yml', dispatch, { cacheDir, runId: first.runId + 1 }));
    expect(job(second, 'build').steps[1]?.stdout).toBe(`hit=false before=atlas of run ${first.runId}\n`);
    expect(job(second, 'use').steps[1]?.stdout).toBe(`hit=false matched=atlas-${second.runId} atlas of run ${second.runId}\n`);
  });

  test("a path under runner.temp is the same cache version in every job, restored into the job's own temp folder", async () => {
    const temp = makeBench({ '.github/workflows/temp.yml': tempWorkflow });
    try {
      const run = await runWorkflow(temp.options('.github/workflows/temp.yml', dispatch, { cacheDir: join(temp.root, 'caches') }));
      expect(run.conclusion).toBe('success');
      expect(job(run, 'use').steps[1]?.stdout).toBe('hit=true atlas in temp\n');
      // The same file under the workspace is another path, so another version.
      expect(job(run, 'use').steps[3]?.stdout).toBe('hit=false none\n');
    } finally {
      temp.cleanup();
    }
  });
});
