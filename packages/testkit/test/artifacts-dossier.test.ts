import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startResultsService, type ResultsService } from '../src/artifacts/index.js';
import { jobEnv } from './fixtures/artifacts/run-client.js';

// packages/dossier's ArtifactDossierStore with the real @actions/artifact client, one child process per job
// (the client reads process.env, and its REST calls use undici's fetch, which jest's module sandbox breaks).

const here = dirname(fileURLToPath(import.meta.url));
const TSX = join(here, '../../../node_modules/.bin/tsx');
const SCRIPT = join(here, 'fixtures/artifacts/dossier-job.ts');

let service: ResultsService;
let work: string;

beforeAll(async () => {
  service = await startResultsService({ rest: true });
  work = mkdtempSync(join(tmpdir(), 'artifacts-dossier-'));
});

afterAll(async () => {
  await service.close();
  rmSync(work, { recursive: true, force: true });
});

interface JobOutcome {
  ledger: string | null;
  timings: Record<string, number>;
}

async function job(runId: number, name: string, mode: 'save' | 'load' | 'append', findBy?: object): Promise<JobOutcome> {
  const temp = mkdtempSync(join(work, `${name}-`));
  const resultFile = join(temp, 'result.json');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    ...jobEnv(service, { runId, job: name, workspace: temp }),
    RUNNER_TEMP: temp,
    RESULT_FILE: resultFile,
  };
  await new Promise<void>((resolve, reject) => {
    execFile(TSX, [SCRIPT, mode, findBy ? JSON.stringify(findBy) : ''], { env, cwd: here, timeout: 60_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${name} failed: ${error.message}\n${stderr}`)) : resolve(),
    );
  });
  const outcome = JSON.parse(readFileSync(resultFile, 'utf8')) as JobOutcome;
  // The store removes its scratch folders.
  expect(readdirSync(temp)).toEqual(['result.json']);
  return outcome;
}

describe('ArtifactDossierStore through the results service', () => {
  test('saved by one job, loaded and re-saved by the next; a later run continues with findBy', async () => {
    const plan = await job(3001, 'plan', 'save');
    expect(service.store.list(3001).map((a) => a.name)).toEqual(['dossier-pr-12-1']);
    expect(service.store.find(3001, 'dossier-pr-12-1')?.files).toEqual(['ledger.txt', 'manifest.json', 'plan.json']);

    const implement = await job(3001, 'implement', 'append');
    expect(implement.ledger).toBe('plan: 1200 tokens\n');
    expect(service.store.list(3001).map((a) => [a.name, a.job])).toEqual([
      ['dossier-pr-12-1', 'plan'],
      ['dossier-pr-12-2', 'implement'],
    ]);

    const fresh = await job(3002, 'review', 'load');
    expect(fresh.ledger).toBeNull();
    const findBy = { token: 'ghs_dispatch', workflowRunId: 3001, repositoryOwner: 'acme', repositoryName: 'app' };
    const continued = await job(3002, 'review', 'load', findBy);
    expect(continued.ledger).toBe('plan: 1200 tokens\nimplement: 800 tokens\n');
    expect(service.store.list(3002)).toEqual([]);
    process.stderr.write(
      `dossier via results service (ms): client import ${plan.timings.import}, save ${plan.timings.save}, load ${implement.timings.load}, re-save ${implement.timings.save}, load with findBy ${continued.timings.load}\n`,
    );
  });
});
