/**
 * `import … from '@jest/globals'` resolves to jest-globals.mjs, one instance per importing module (the importer is in
 * the query), so each test file gets its own timeouts and its own clean-up hooks.
 */
const globalsModule = new URL('./jest-globals.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier !== '@jest/globals') return nextResolve(specifier, context);
  return { url: `${globalsModule}?importer=${encodeURIComponent(context.parentURL ?? '')}`, shortCircuit: true };
}
