import { afterEach, describe, expect, test } from '@jest/globals';
import { buildAtlas, serializeAtlas } from '../src/index.js';
import { ParsePool, WORKERS_AFTER_FILES, parseInPlace, type Parsed } from '../src/parse-pool.js';
import type { ParsedLanguage } from '../src/languages.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

/** Enough files of two languages that a build starts its workers at once, each with symbols, imports and docs. */
function sources(count: number): Array<{ rel: string; language: ParsedLanguage; text: string }> {
  const files: Array<{ rel: string; language: ParsedLanguage; text: string }> = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0)
      files.push({
        rel: `src/ledger${i}.ts`,
        language: 'typescript',
        text: `import { round } from './money.js';\n/** Totals of ledger ${i}. */\nexport class Ledger${i} {\n  total(entries: number[]): number {\n    return round(entries.reduce((a, b) => a + b, ${i}));\n  }\n}\nexport const LEDGER_${i}_LIMIT = ${i * 7};\n`,
      });
    else
      files.push({
        rel: `py/report_${i}.py`,
        language: 'python',
        text: `"""Report number ${i}."""\nfrom .money import round_amount\n\n\ndef render_report_${i}(rows):\n    """Renders the rows of report ${i}."""\n    return [round_amount(r) for r in rows]\n\n\nclass Report${i}:\n    def title(self):\n        return "report ${i}"\n`,
      });
  }
  return files;
}

describe('parsing in worker threads', () => {
  test('a build with parse workers writes the bytes a build in one thread writes, and the workers did parse', async () => {
    const files = sources(2 * WORKERS_AFTER_FILES + 20);
    tree = tempTree(
      Object.fromEntries([...files.map((f) => [f.rel, f.text]), ['src/money.ts', 'export const round = (x: number) => Math.round(x);\n']]),
    );
    const pooled = await buildAtlas({ dir: tree.dir, parseWorkers: 2 });
    const alone = await buildAtlas({ dir: tree.dir, parseWorkers: 0 });
    expect(pooled.stats.parsed).toBe(files.length + 1);
    expect(pooled.stats.parsedInWorkers).toBeGreaterThan(0);
    expect(alone.stats.parsedInWorkers).toBe(0);
    expect(serializeAtlas(pooled.atlas)).toBe(serializeAtlas(alone.atlas));
    expect(pooled.atlas.files.find((f) => f.path === 'py/report_9.py')?.symbols.map((s) => s.name)).toEqual([
      'render_report_9',
      'Report9',
      'Report9.title',
    ]);
  }, 30_000);

  test('a small build starts no worker', async () => {
    const files = sources(10);
    tree = tempTree(Object.fromEntries(files.map((f) => [f.rel, f.text])));
    const { stats } = await buildAtlas({ dir: tree.dir, parseWorkers: 2 });
    expect(stats.parsed).toBe(10);
    expect(stats.parsedInWorkers).toBe(0);
  });

  /** Parses every file through a pool whose workers run `code`, and what each file got. */
  async function throughPool(code: string): Promise<{ got: Map<string, Parsed>; pool: ParsePool }> {
    const files = sources(WORKERS_AFTER_FILES + 40);
    const pool = new ParsePool({ workers: 1, grammars: ['typescript', 'python'], expected: files.length, entry: () => [code, { eval: true }] });
    const got = new Map<string, Parsed>();
    try {
      for (const file of files) await pool.parse(file.language, file.text, (parsed) => got.set(file.rel, parsed));
      await pool.finish();
    } finally {
      pool.close();
    }
    for (const file of files) expect(got.get(file.rel)).toEqual(await parseInPlace(file.language, file.text));
    return { got, pool };
  }

  test('the files a worker held when it died are parsed in this thread: none is lost', async () => {
    // Dies on the first file it is handed, holding that one and those queued behind it.
    const { got, pool } = await throughPool(
      "const { workerData } = require('node:worker_threads'); workerData.port.on('message', () => process.exit(3));",
    );
    expect(got.size).toBe(WORKERS_AFTER_FILES + 40);
    expect(pool.inWorkers).toBe(0);
  }, 30_000);

  test('a file a worker could not parse is parsed in this thread', async () => {
    // Replies to every file without a result, as a worker does when the parser throws.
    const { got, pool } = await throughPool(
      "const { workerData } = require('node:worker_threads'); workerData.port.on('message', (job) => { workerData.port.postMessage({ id: job.id }); Atomics.add(workerData.signal, 0, 1); Atomics.notify(workerData.signal, 0); });",
    );
    expect(got.size).toBe(WORKERS_AFTER_FILES + 40);
    expect(pool.inWorkers).toBe(0);
  }, 30_000);
});
