import { afterEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { runTests } from '../src/index.js';
import { tempProject } from './temp-project.js';

const probe = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' });
const pytestAvailable = probe.status === 0;
if (!pytestAvailable) {
  // Not a failure: CI images without pytest (and no network to install it) skip this file.
  console.log(`skipping the pytest run tests: 'python3 -m pytest --version' failed (${probe.error?.message ?? probe.stderr.trim()})`);
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const base = { envAllow: [], timeoutMs: 30_000, baseEnv: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' } };

(pytestAvailable ? describe : describe.skip)('runTests with pytest (real runs)', () => {
  test('detected from pytest.ini; node ids, 1-based lines, failure line and message; no cache left in the tree', async () => {
    const { dir: workspace, cleanup } = await tempProject({
      'pytest.ini': '[pytest]\ntestpaths = tests\n',
      'calc.py': 'def add(a, b):\n    return a - b\n',
      'tests/test_calc.py': [
        'import sys, os',
        'sys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))',
        'import pytest',
        'from calc import add',
        '',
        'def test_add():',
        '    assert add(1, 2) == 3',
        '',
        'def test_zero():',
        '    assert add(0, 0) == 0',
        '',
        'class TestCalc:',
        '    @pytest.mark.skip(reason="later")',
        '    def test_big(self):',
        '        pass',
        '',
      ].join('\n'),
    });
    cleanups.push(cleanup);
    const result = await runTests({ ...base, workspace });
    expect(result).toMatchObject({ status: 'failed', runner: 'pytest', source: 'junit', command: ['python3', '-m', 'pytest'], exitCode: 1 });
    expect(result.tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['tests/test_calc.py::test_add', 'failed', 7],
      ['tests/test_calc.py::test_zero', 'passed', 9],
      // A decorated test starts at its decorator, as Python counts it.
      ['tests/test_calc.py::TestCalc::test_big', 'skipped', 13],
    ]);
    expect(result.tests[0]!.message).toContain('assert -1 == 3');
    const left = await readdir(workspace, { recursive: true });
    expect(left.filter((f) => f.includes('pytest_cache') || f.includes('__pycache__'))).toEqual([]);
    expect(left).not.toContain(path.join('tests', 'junit.xml'));
  });

  test('no tests collected is no-tests (pytest exit code 5)', async () => {
    const { dir: workspace, cleanup } = await tempProject({ 'pytest.ini': '[pytest]\n', 'app.py': 'x = 1\n' });
    cleanups.push(cleanup);
    const result = await runTests({ ...base, workspace });
    expect(result.status).toBe('no-tests');
    expect(result.exitCode).toBe(5);
  });
});
