/**
 * The jest runner `npm test` uses: jest-light-runner's test execution (worker.mjs) in forked node processes that
 * each run many test files, so shared modules load once per process.
 *
 * Why not jest-light-runner's own child-process mode: it hands the jest configuration to a new process by
 * broadcasting it to every process that is waiting for a file, so a process that starts while another is asking
 * can miss it and wait forever (seen as a hung `npm test` with one file never reported). Here the configuration
 * travels with every file, and tinypool reports a process that dies as that file's failure.
 */
import Tinypool from 'tinypool';

const workerFile = new URL('./worker.mjs', import.meta.url);

export default class NativeRunner {
  #globalConfig;

  constructor(globalConfig) {
    this.#globalConfig = globalConfig;
  }

  async runTests(tests, _watcher, onStart, onResult, onFailure) {
    const slots = Math.max(1, this.#globalConfig.maxWorkers);
    // One pool per jest project: a process's setup files are its project's (the e2e project sets longer timeouts).
    const pools = new Map();
    const poolFor = (projectConfig) => {
      let pool = pools.get(projectConfig);
      if (!pool) {
        pool = new Tinypool({
          filename: workerFile.href,
          runtime: 'child_process',
          // tinypool gives a child process only the environment it is passed
          env: process.env,
          minThreads: 0,
          maxThreads: slots,
          idleTimeout: 30 * 60_000,
        });
        pools.set(projectConfig, pool);
      }
      return pool;
    };
    const queue = [...tests];
    const lane = async () => {
      for (let test = queue.shift(); test; test = queue.shift()) {
        const projectConfig = test.context.config;
        await onStart(test);
        try {
          const result = await poolFor(projectConfig).run({ testPath: test.path, globalConfig: this.#globalConfig, projectConfig });
          await onResult(test, result);
        } catch (error) {
          await onFailure(test, error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: slots }, lane));
    } finally {
      await Promise.all([...pools.values()].map((pool) => pool.destroy()));
    }
  }
}
