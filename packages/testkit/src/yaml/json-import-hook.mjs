// Node 20 refuses `import x from './file.json'` without `with { type: 'json' }`, which
// @actions/workflow-parser omits for its schemas; this hook adds the attribute.
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && context.importAttributes?.type !== 'json') {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
