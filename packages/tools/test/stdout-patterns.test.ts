import { describe, expect, test } from '@jest/globals';
import { parseTestStdout } from '../src/index.js';

describe('parseTestStdout', () => {
  test('pytest -rA summary lines give node ids and messages; the final line gives counts', () => {
    const out = [
      '=========================== short test summary info ============================',
      'PASSED tests/test_math.py::test_add',
      'FAILED tests/test_math.py::test_fail - assert 2 == 3',
      'FAILED tests/test_math.py::TestThing::test_method - AssertionError: method broke',
      'SKIPPED [1] tests/test_math.py:9: nope',
      '==================== 2 failed, 1 passed, 1 skipped in 0.58s ====================',
    ].join('\n');
    const parsed = parseTestStdout(out);
    expect(parsed.tests).toEqual([
      { id: 'tests/test_math.py::test_add', name: 'test_add', file: 'tests/test_math.py', status: 'passed' },
      { id: 'tests/test_math.py::test_fail', name: 'test_fail', file: 'tests/test_math.py', status: 'failed', message: 'assert 2 == 3' },
      {
        id: 'tests/test_math.py::TestThing::test_method',
        name: 'TestThing::test_method',
        file: 'tests/test_math.py',
        status: 'failed',
        message: 'AssertionError: method broke',
      },
    ]);
    expect(parsed.counts).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  test('pytest -v lines', () => {
    const parsed = parseTestStdout('tests/test_a.py::test_one PASSED     [ 50%]\ntests/test_a.py::test_two FAILED     [100%]\n');
    expect(parsed.tests.map((t) => [t.id, t.status])).toEqual([
      ['tests/test_a.py::test_one', 'passed'],
      ['tests/test_a.py::test_two', 'failed'],
    ]);
  });

  test('TAP from node:test: parents that close deeper entries are not tests; SKIP is skipped', () => {
    const out = [
      'TAP version 13',
      '# Subtest: adds',
      'ok 1 - adds',
      'not ok 2 - fails',
      'ok 3 - later # SKIP',
      '# Subtest: suite',
      '    ok 1 - inner ok',
      '    not ok 2 - inner bad',
      'not ok 4 - suite',
      '# pass 2',
      '# fail 2',
    ].join('\n');
    const parsed = parseTestStdout(out);
    expect(parsed.tests.map((t) => [t.name, t.status])).toEqual([
      ['adds', 'passed'],
      ['fails', 'failed'],
      ['later', 'skipped'],
      ['inner ok', 'passed'],
      ['inner bad', 'failed'],
    ]);
    expect(parsed.counts).toEqual({ passed: 2, failed: 2, skipped: 0 });
  });

  test('jest default reporter marks and summary', () => {
    const out = [
      'FAIL ./math.test.js',
      '  math',
      '    ✓ adds (2 ms)',
      '    ✕ fails (3 ms)',
      '    ○ skipped later',
      'Tests:       1 failed, 1 skipped, 1 passed, 3 total',
    ].join('\n');
    const parsed = parseTestStdout(out);
    expect(parsed.tests.map((t) => [t.name, t.status])).toEqual([
      ['adds', 'passed'],
      ['fails', 'failed'],
      ['skipped later', 'skipped'],
    ]);
    expect(parsed.counts).toEqual({ passed: 1, failed: 1, skipped: 1 });
  });

  test("node's spec reporter lists a failure twice under a heading: counted once, heading ignored", () => {
    const parsed = parseTestStdout('✔ adds (1ms)\n✖ fails (2ms)\n\n✖ failing tests:\n\n✖ fails (2ms)\n');
    expect(parsed.tests.filter((t) => t.status === 'failed').map((t) => t.name)).toEqual(['fails']);
  });

  test('output with nothing recognisable gives no tests and no counts', () => {
    expect(parseTestStdout('compiling...\nerror: something broke\n')).toEqual({ tests: [] });
  });
});
