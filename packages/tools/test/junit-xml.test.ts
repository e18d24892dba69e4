import { describe, expect, test } from '@jest/globals';
import { parseJUnitXml } from '../src/index.js';

const PYTEST_XUNIT1 = `<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="2" skipped="1" tests="4" time="0.029">
<testcase classname="tests.test_math" name="test_add" file="tests/test_math.py" line="1" time="0.000" />
<testcase classname="tests.test_math" name="test_fail" file="tests/test_math.py" line="4" time="0.000"><failure message="assert 2 == 3">def test_fail():
        x = 1 + 1
&gt;       assert x == 3
E       assert 2 == 3

tests/test_math.py:7: AssertionError</failure></testcase>
<testcase classname="tests.test_math" name="test_skip" file="tests/test_math.py" line="8" time="0.000"><skipped type="pytest.skip" message="nope">/tmp/py/tests/test_math.py:9: nope</skipped></testcase>
<testcase classname="tests.test_math.TestThing" name="test_method" file="tests/test_math.py" line="13" time="0.000"><failure message="AssertionError: method broke&#10;assert False">E       AssertionError: method broke

tests/test_math.py:15: AssertionError</failure></testcase>
</testsuite></testsuites>`;

const PYTEST_XUNIT2 = `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="0" tests="3" time="0.05" timestamp="2026-01-01T00:00:00" hostname="ci">
<testcase classname="tests.test_api" name="test_ok" time="0.001" />
<testcase classname="tests.test_api.TestClient" name="test_get" time="0.010"><failure message="assert 404 == 200">client = &lt;Client&gt;

    def test_get(client):
&gt;       assert client.get("/").status == 200
E       assert 404 == 200

tests/test_api.py:14: AssertionError</failure></testcase>
<testcase classname="" name="tests.test_broken" time="0.000"><error message="collection failure">tests/test_broken.py:1: in &lt;module&gt;
    import missing
E   ModuleNotFoundError: No module named 'missing'</error></testcase>
</testsuite></testsuites>`;

const VITEST = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0" time="0.012">
    <testsuite name="src/math.test.ts" timestamp="2026-05-01T10:00:00.000Z" hostname="host" tests="3" failures="1" errors="0" skipped="1" time="0.004">
        <testcase classname="src/math.test.ts" name="math &gt; adds" time="0.001">
        </testcase>
        <testcase classname="src/math.test.ts" name="math &gt; fails" time="0.002">
            <failure message="expected 2 to be 3 // Object.is equality" type="AssertionError">
AssertionError: expected 2 to be 3 // Object.is equality

- Expected
+ Received

- 3
+ 2

 ❯ src/math.test.ts:9:19
            </failure>
        </testcase>
        <testcase classname="src/math.test.ts" name="math &gt; later" time="0">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>`;

// As Node 20's --test-reporter=junit writes it: no file attribute; suites are nested <testsuite>s.
const NODE = `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
	<testcase name="adds" time="0.001143" classname="test"/>
	<testcase name="fails" time="0.000969" classname="test" failure="Expected values to be strictly equal:2 !== 3">
		<failure type="testCodeFailure" message="Expected values to be strictly equal:2 !== 3">
[Error [ERR_TEST_FAILURE]: Expected values to be strictly equal:

2 !== 3
] {
  code: 'ERR_TEST_FAILURE',
  cause: AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
      at TestContext.&lt;anonymous> (file:///work/app/test/a.test.mjs:4:30)
      at Test.runInAsyncScope (node:async_hooks:206:9)
}
		</failure>
	</testcase>
	<testcase name="skipped one" time="0.000098" classname="test">
		<skipped type="skipped" message="true"/>
	</testcase>
	<testsuite name="suite" time="0.000547" disabled="0" errors="0" tests="2" failures="1" skipped="0" hostname="vm">
		<testcase name="inner ok" time="0.000120" classname="test"/>
		<testcase name="inner bad" time="0.000095" classname="test" failure="boom">
			<failure type="testCodeFailure" message="boom">
Error [ERR_TEST_FAILURE]: boom
    at TestContext.&lt;anonymous> (file:///work/app/test/a.test.mjs:6:74)
			</failure>
		</testcase>
	</testsuite>
	<!-- tests 5 -->
</testsuites>`;

// jest-junit with its defaults: classname and name are "{describe} {title}", no file attribute.
const JEST_JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.2">
  <testsuite name="math" errors="0" failures="1" skipped="1" timestamp="2026-05-01T10:00:00" time="0.8" tests="3">
    <testcase classname="math adds" name="math adds" time="0.002">
    </testcase>
    <testcase classname="math fails" name="math fails" time="0.003">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 3
Received: 2
    at Object.toBe (/home/runner/work/app/app/node_modules/expect/build/index.js:1:1)
    at Object.&lt;anonymous&gt; (/home/runner/work/app/app/src/math.test.js:7:19)
    at Promise.then.completed (/home/runner/work/app/app/node_modules/jest-circus/build/utils.js:298:28)</failure>
    </testcase>
    <testcase classname="math todo" name="math todo" time="0">
      <skipped/>
    </testcase>
  </testsuite>
</testsuites>`;

describe('parseJUnitXml', () => {
  test('pytest xunit1: node-id style names, 1-based lines, failure line from the traceback', () => {
    const tests = parseJUnitXml(PYTEST_XUNIT1, { workspace: '/tmp/py' });
    expect(tests).toEqual([
      { id: 'tests/test_math.py::test_add', name: 'test_add', file: 'tests/test_math.py', line: 2, status: 'passed' },
      expect.objectContaining({ id: 'tests/test_math.py::test_fail', status: 'failed', line: 7 }),
      { id: 'tests/test_math.py::test_skip', name: 'test_skip', file: 'tests/test_math.py', line: 9, status: 'skipped' },
      expect.objectContaining({ id: 'tests/test_math.py::TestThing::test_method', name: 'TestThing::test_method', status: 'failed', line: 15 }),
    ]);
    expect(tests[1]!.message).toContain('E       assert 2 == 3');
    // The numeric character reference is decoded.
    expect(tests[3]!.message).toContain('AssertionError: method broke\nassert False');
  });

  test('pytest xunit2: file from the classname, <error> counts as failed, a module that failed to import', () => {
    const tests = parseJUnitXml(PYTEST_XUNIT2);
    expect(tests.map((t) => [t.id, t.status, t.line])).toEqual([
      ['tests/test_api.py::test_ok', 'passed', undefined],
      ['tests/test_api.py::TestClient::test_get', 'failed', 14],
      ['tests/test_broken.py::(test file failed to run)', 'failed', 1],
    ]);
    expect(tests[2]!.message).toContain("No module named 'missing'");
  });

  test('vitest: the classname is the file, the name already holds the describe path', () => {
    const tests = parseJUnitXml(VITEST);
    expect(tests.map((t) => [t.id, t.status])).toEqual([
      ['src/math.test.ts::math > adds', 'passed'],
      ['src/math.test.ts::math > fails', 'failed'],
      ['src/math.test.ts::math > later', 'skipped'],
    ]);
    expect(tests[1]).toMatchObject({ file: 'src/math.test.ts', line: 9 });
    expect(tests[1]!.message).toMatch(/^AssertionError: expected 2 to be 3[\s\S]*- 3\n\+ 2/);
  });

  test('node:test: nested suites form the name, the file of a failure comes from its stack', () => {
    const tests = parseJUnitXml(NODE, { workspace: '/work/app' });
    expect(tests.map((t) => [t.id, t.status])).toEqual([
      ['adds', 'passed'],
      ['fails', 'failed'],
      ['skipped one', 'skipped'],
      ['suite > inner ok', 'passed'],
      ['suite > inner bad', 'failed'],
    ]);
    expect(tests[1]).toMatchObject({ file: 'test/a.test.mjs', line: 4 });
    expect(tests[4]).toMatchObject({ file: 'test/a.test.mjs', line: 6, message: expect.stringContaining('boom') });
    // Node's own frames are dropped from messages.
    expect(tests[1]!.message).not.toContain('node:async_hooks');
  });

  test('jest-junit: file and line of a failure from the first frame outside node_modules', () => {
    const tests = parseJUnitXml(JEST_JUNIT, { workspace: '/home/runner/work/app/app' });
    expect(tests.map((t) => [t.name, t.status])).toEqual([
      ['math adds', 'passed'],
      ['math fails', 'failed'],
      ['math todo', 'skipped'],
    ]);
    expect(tests[1]).toMatchObject({ file: 'src/math.test.js', line: 7 });
    expect(tests[1]!.message).toContain('Received: 2');
    expect(tests[1]!.message).not.toContain('jest-circus');
  });

  test('a lone <testsuite> root is read too', () => {
    const tests = parseJUnitXml('<testsuite name="x"><testcase classname="pkg.Foo" name="bar"/></testsuite>');
    expect(tests).toEqual([{ id: 'bar', name: 'bar', status: 'passed' }]);
  });

  test('malformed XML is an error saying where', () => {
    expect(() => parseJUnitXml('<testsuites><testcase name="a"></testsuites>')).toThrow(/invalid JUnit XML at line 1/);
  });
});
