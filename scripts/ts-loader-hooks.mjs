// Module hooks so plain `node` (20+) can run the project's TypeScript sources from scripts:
// .ts files are transpiled (types stripped, no typecheck: that is `npm run typecheck`),
// NodeNext-style `./x.js` imports find `./x.ts`, and JSON imports get their `type` attribute
// (@actions/workflow-parser imports its schemas without it). Register with
// `node --import ./scripts/register-ts-loader.mjs …` or `register()` at the top of a script.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTs = context.parentURL?.endsWith('.ts');
    if (fromTs && error?.code === 'ERR_MODULE_NOT_FOUND' && specifier.endsWith('.js')) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (url.endsWith('.ts') && url.startsWith('file:')) {
    const source = await readFile(new URL(url), 'utf8');
    const output = ts.transpileModule(source, {
      fileName: url,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        sourceMap: false,
        inlineSourceMap: true,
        esModuleInterop: true,
      },
    });
    return { format: 'module', source: output.outputText, shortCircuit: true };
  }
  if (url.endsWith('.json') && context.importAttributes?.type !== 'json') {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
