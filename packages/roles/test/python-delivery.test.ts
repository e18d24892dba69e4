/**
 * The delivery loop on a Python repository, beside the JavaScript one: examples/sample-python (a src-layout package,
 * pytest, no tests.command in the policy) goes through write-tests → publish → implement → publish with a scripted
 * model and real python3/pytest runs. The job's environment also carries a stale installed copy of the package on
 * PYTHONPATH (what an earlier `pip install .` leaves): without src-layout detection the tests would import it and
 * implement could never go green.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPLEMENT_FILE, ImplementEvidenceSchema, TESTS_FILE, TestsEvidenceSchema } from '../src/delivery/index.js';
import { runImplement } from '../src/implement/index.js';
import { runWriteTests } from '../src/write-tests/index.js';
import { BRANCH, git, repoRoot, startBench, type Bench } from './delivery-bench.js';

jest.setTimeout(300_000);

const pytest = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' });
const available = pytest.status === 0;
if (!available)
  console.log(`skipping the Python delivery loop: 'python3 -m pytest --version' failed (${pytest.error?.message ?? pytest.stderr.trim()})`);

async function filesOf(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== '__pycache__' && !entry.name.startsWith('.')) Object.assign(out, await filesOf(dir, rel));
    } else {
      out[rel] = await readFile(path.join(dir, rel), 'utf8');
    }
  }
  return out;
}

const TEST_FILE = 'tests/test_discount.py';
const RED_ID = `${TEST_FILE}::test_ac1_a_percentage_discount_comes_off_the_total`;
const TEST_PATCH = `--- /dev/null
+++ b/${TEST_FILE}
@@ -0,0 +1,5 @@
+import shop.cart as cart
+
+
+def test_ac1_a_percentage_discount_comes_off_the_total():
+    assert cart.apply_discount(1000, 10) == 900
`;
const IMPLEMENTATION = `--- a/src/shop/cart.py
+++ b/src/shop/cart.py
@@ -4,3 +4,8 @@
 def cart_total(lines):
     """Sum of price_cents * quantity over the cart's lines."""
     return sum(line["price_cents"] * line["quantity"] for line in lines)
+
+
+def apply_discount(cents, percent):
+    """Price after a percentage discount, in whole cents."""
+    return round(cents * (100 - percent) / 100)
`;

let bench: Bench;
let stale: string;
let testCommit: string;
let implementCommit: string;

/** pytest in a fresh clone at `sha`, from src as the sample's README says. */
function pytestAt(sha: string): number {
  const dir = path.join(bench.root, `pytest-${sha.slice(0, 8)}`);
  git(bench.root, 'clone', '--quiet', bench.bare, dir);
  git(dir, 'checkout', '--quiet', sha);
  const run = spawnSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PYTHONPATH: 'src', PYTHONDONTWRITEBYTECODE: '1' },
  });
  return run.status ?? -1;
}

(available ? describe : describe.skip)('a Python src-layout repository: tests first, then the implementation', () => {
  beforeAll(async () => {
    const files = await filesOf(path.join(repoRoot, 'examples', 'sample-python'));
    // No tests.command: detection finds pytest in pyproject.toml and the src layout.
    bench = await startBench({ files, policy: { tests: { 'timeout-minutes': 2 } } });
    stale = path.join(bench.root, 'site-packages');
    await mkdir(path.join(stale, 'shop'), { recursive: true });
    await writeFile(path.join(stale, 'shop', '__init__.py'), '');
    await writeFile(path.join(stale, 'shop', 'cart.py'), 'def cart_total(lines):\n    return 0\n');
  });
  afterAll(async () => {
    if (bench) {
      expect(bench.gh.violations).toEqual([]);
      expect(bench.oai.schemaMismatches).toEqual([]);
    }
    await bench?.close();
  });

  const testEnv = () => ({ PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PYTHONPATH: stale });

  test('write-tests: the new pytest test fails on the unchanged code, by its repository path; publish commits it red', async () => {
    bench.oai.script({
      match: { role: 'test-author', schemaName: 'test_patch' },
      reply: { patch: TEST_PATCH, summary: 'cover apply_discount (AC1)', covers: ['AC1'] },
    });
    const result = await runWriteTests(bench.deps({ testEnv: testEnv() }));
    expect(result).toMatchObject({ status: 'proposed', failingTests: 1, attempts: 1 });

    const published = await bench.publish('tests');
    expect(published).toMatchObject({ status: 'pushed', kind: 'tests', files: [TEST_FILE] });
    testCommit = published.commit!;
    const evidence = bench.dossier.readJson(TESTS_FILE, TestsEvidenceSchema)!;
    expect(evidence.status).toBe('red');
    expect(evidence.failing.map((t) => t.id)).toEqual([RED_ID]);
    expect(evidence.failing[0]!.message).toMatch(/apply_discount/);
    expect(pytestAt(testCommit)).not.toBe(0);
  });

  test('implement: green with the working tree on the path, not the stale copy; publish commits it and pytest passes there', async () => {
    git(bench.workspace, 'pull', '--quiet', '--ff-only', 'origin', BRANCH);
    bench.oai.script({
      match: { role: 'implementer', schemaName: 'implementation_patch' },
      reply: { patch: IMPLEMENTATION, summary: 'add apply_discount', kind: 'feat' },
    });
    const result = await runImplement(bench.deps({ testEnv: testEnv() }));
    expect(result).toMatchObject({ status: 'green', attempts: 1 });

    const published = await bench.publish('implement');
    expect(published).toMatchObject({ status: 'pushed', files: ['src/shop/cart.py'] });
    implementCommit = published.commit!;
    expect(git(bench.bare, 'log', '--format=%s', `${testCommit}^..${implementCommit}`).split('\n')).toEqual([
      'feat: add apply_discount',
      'test: cover apply_discount (AC1)',
    ]);
    const evidence = bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)!;
    expect(evidence).toMatchObject({ status: 'green', redNowPassing: [RED_ID] });
    expect(evidence.passing).toEqual(expect.arrayContaining([RED_ID, 'tests/test_cart.py::test_sums_line_totals']));
    expect(pytestAt(implementCommit)).toBe(0);
    // The runs left no bytecode or pytest cache to commit.
    expect(git(bench.bare, 'ls-tree', '-r', '--name-only', implementCommit)).not.toMatch(/__pycache__|\.pytest_cache/);
  });
});
