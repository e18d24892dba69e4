/**
 * What a test file imports from `@jest/globals` when jest-light-runner runs it: the runner's globals (jest-circus,
 * expect, jest-mock), plus what the default runner gave and this one does not:
 * - timeouts: a test or hook that has not settled after its limit fails (the runner itself never times out);
 *   `jest.setTimeout` in a setup file sets the project's default, in a test file that file's;
 * - isolation: a test process runs many files one after another, so what a file changes in process.env, the working
 *   folder, spies and fake timers is undone when the file ends.
 */
const importer = decodeURIComponent(new URL(import.meta.url).searchParams.get('importer') ?? '');
const isTestFile = /\.test\.[cm]?[jt]s$/.test(importer.replace(/\?.*$/, ''));
const runner = globalThis;

/** The unit project's limit when no setup file sets one; like jest's testTimeout, it only decides when a hung test is reported. */
const UNIT_TIMEOUT_MS = 60_000;
let fileTimeoutMs;

function limited(fn, timeoutMs) {
  if (typeof fn !== 'function') return fn;
  return function run() {
    const limit = timeoutMs ?? fileTimeoutMs ?? runner.__eterniaTimeoutMs ?? UNIT_TIMEOUT_MS;
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Exceeded timeout of ${limit} ms for a test or hook.`)), limit);
    });
    return Promise.race([Promise.resolve().then(() => fn.call(this)), expired]).finally(() => clearTimeout(timer));
  };
}

function limitedTest(base) {
  const wrapped = (name, fn, timeoutMs) => base(name, limited(fn, timeoutMs));
  wrapped.only = (name, fn, timeoutMs) => base.only(name, limited(fn, timeoutMs));
  wrapped.skip = base.skip;
  wrapped.todo = base.todo;
  wrapped.each =
    (...table) =>
    (name, fn, timeoutMs) =>
      base.each(...table)(name, (...row) => limited(() => fn(...row), timeoutMs)());
  return wrapped;
}

const limitedHook = (base) => (fn, timeoutMs) => base(limited(fn, timeoutMs));

export const expect = runner.expect;
export const test = limitedTest(runner.test);
export const it = test;
export const describe = runner.describe;
export const beforeAll = limitedHook(runner.beforeAll);
export const afterAll = limitedHook(runner.afterAll);
export const beforeEach = limitedHook(runner.beforeEach);
export const afterEach = limitedHook(runner.afterEach);
export const jest = Object.assign(Object.create(runner.jest), {
  setTimeout(timeoutMs) {
    if (isTestFile) fileTimeoutMs = timeoutMs;
    else runner.__eterniaTimeoutMs = timeoutMs;
    return jest;
  },
});

if (isTestFile) {
  let env;
  let cwd;
  runner.beforeAll(() => {
    env = { ...process.env };
    cwd = process.cwd();
  });
  runner.afterAll(() => {
    runner.jest.restoreAllMocks();
    runner.jest.useRealTimers();
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    if (process.cwd() !== cwd) process.chdir(cwd);
  });
}
