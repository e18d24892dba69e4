/**
 * One test process of runner.mjs: runs the files it is given one after another with jest-light-runner's test
 * execution (jest-circus, expect, jest-mock). The package exports no entry for it, so it is imported by path.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const lightRunnerDir = require.resolve('jest-light-runner').replace(/index\.js$/, '');
const execution = await import(pathToFileURL(`${lightRunnerDir}worker-runner.js`).href);

// tinypool ends its processes with SIGTERM; exiting normally lets exit handlers remove what they made.
process.on('SIGTERM', () => process.exit(0));

let configured = false;

export default async function runFile({ testPath, globalConfig, projectConfig }) {
  if (!configured) {
    execution.setWorkerData({ globalConfig, projectConfig, runtime: 'child_process' });
    configured = true;
  }
  return execution.default(testPath);
}
