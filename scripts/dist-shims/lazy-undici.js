// Stands in for `undici` where @actions/* import it. Those packages name undici at the top of their modules, so a
// bundle would parse and evaluate all of it (~540 KiB) at every action's start, yet they use it only to fetch
// through a proxy, and the library's GitHub client uses its node:http/https fetch when no proxy applies. Here the real
// undici is a lazy chunk, imported on the first fetch. `ProxyAgent` only records its options until then:
// @actions/* create one solely to pass it as the `dispatcher` of their undici fetch, which is this fetch.
let undici;
const realAgents = new WeakMap();

export class ProxyAgent {
  constructor(...options) {
    this.options = options;
  }
}

export async function fetch(input, init = {}) {
  // A CommonJS module imported: its exports are the default export (bundled) or mirrored as names too (node).
  const real = await (undici ??= import('undici').then((module) => module.default ?? module));
  let { dispatcher } = init;
  if (dispatcher instanceof ProxyAgent) {
    if (!realAgents.has(dispatcher)) realAgents.set(dispatcher, new real.ProxyAgent(...dispatcher.options));
    dispatcher = realAgents.get(dispatcher);
  }
  return real.fetch(input, dispatcher === undefined ? init : { ...init, dispatcher });
}
