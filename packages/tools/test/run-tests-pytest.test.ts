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

  test('a src layout tests the working tree, not a stale copy earlier on PYTHONPATH', async () => {
    const { dir: workspace, cleanup } = await tempProject({
      'pyproject.toml': '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
      'src/shop/__init__.py': '',
      'src/shop/cart.py': 'def discount(cents, percent):\n    return cents * (100 - percent) // 100\n',
      'tests/test_cart.py': 'from shop.cart import discount\n\ndef test_discount():\n    assert discount(1000, 10) == 900\n',
      // What an earlier `pip install .` left behind: an old copy without discount().
      'stale/shop/__init__.py': '',
      'stale/shop/cart.py': 'def total():\n    return 0\n',
    });
    cleanups.push(cleanup);
    const result = await runTests({
      ...base,
      envAllow: ['PYTHONPATH'],
      baseEnv: { ...base.baseEnv, PYTHONPATH: path.join(workspace, 'stale') },
      workspace,
    });
    expect(result).toMatchObject({ status: 'passed', summary: { passed: 1, failed: 0, skipped: 0 } });
    // Without the detected PYTHONPATH=src, the stale copy is what pytest imports.
    const stale = await runTests({
      ...base,
      command: 'python3 -m pytest',
      envAllow: ['PYTHONPATH'],
      baseEnv: { ...base.baseEnv, PYTHONPATH: path.join(workspace, 'stale') },
      workspace,
    });
    expect(stale.status).not.toBe('passed');
    expect(stale.output).toMatch(/cannot import name 'discount'|ImportError/);
    // tests.env says the same for a command written by hand.
    const byHand = await runTests({ ...base, command: 'python3 -m pytest', env: { PYTHONPATH: 'src' }, workspace });
    expect(byHand.status).toBe('passed');
  });

  test('tests.env values reach the test command literally; env-allow still decides what passes from the job', async () => {
    const { dir: workspace, cleanup } = await tempProject({
      'pytest.ini': '[pytest]\n',
      'test_env.py': [
        'import os',
        'def test_env():',
        '    assert os.environ.get("SHOP_MODE") == "$HOME"',
        '    assert "JOB_ONLY" not in os.environ',
        '',
      ].join('\n'),
    });
    cleanups.push(cleanup);
    const result = await runTests({ ...base, env: { SHOP_MODE: '$HOME' }, baseEnv: { ...base.baseEnv, JOB_ONLY: 'x' }, workspace });
    expect(result).toMatchObject({ status: 'passed', summary: { passed: 1 } });
  });

  test("JUnit paths relative to pytest's rootdir (a pytest.ini in a subfolder) are mapped to repository paths", async () => {
    const { dir: workspace, cleanup } = await tempProject({
      'backend/pytest.ini': '[pytest]\ntestpaths = tests\n',
      'backend/calc.py': 'def add(a, b):\n    return a - b\n',
      'backend/tests/test_calc.py': [
        'import os, sys',
        'sys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))',
        'from calc import add',
        '',
        'def test_add():',
        '    assert add(1, 2) == 3',
        '',
      ].join('\n'),
    });
    cleanups.push(cleanup);
    for (const command of ['python3 -m pytest backend', 'python3 -m pytest -q backend']) {
      const result = await runTests({ ...base, command, workspace });
      expect(result.status).toBe('failed');
      expect(result.tests.map((t) => [t.id, t.file, t.status])).toEqual([
        ['backend/tests/test_calc.py::test_add', 'backend/tests/test_calc.py', 'failed'],
      ]);
      expect(result.notes.join('\n')).toContain('rootdir (backend/)');
    }
  });

  test('no tests collected is no-tests (pytest exit code 5)', async () => {
    const { dir: workspace, cleanup } = await tempProject({ 'pytest.ini': '[pytest]\n', 'app.py': 'x = 1\n' });
    cleanups.push(cleanup);
    const result = await runTests({ ...base, workspace });
    expect(result.status).toBe('no-tests');
    expect(result.exitCode).toBe(5);
  });
});
