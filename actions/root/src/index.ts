import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { inputVariable, selectStep } from './select-step.js';

// The root action (`uses: eternia/agents@v1` with `step: <role>`) hands over to that role's own bundle.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  const selection = selectStep(process.env[inputVariable('step')] ?? '', repoRoot);
  for (const [name, value] of Object.entries(selection.defaults)) {
    const variable = inputVariable(name);
    if (process.env[variable] === undefined) process.env[variable] = value;
  }
  // A path known only at run time: the bundler leaves this import to node.
  await import(pathToFileURL(selection.entry).href);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`::error::input 'step': ${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  process.exitCode = 1;
}
