export { DEFAULT_UPSTREAM, startModelProxy } from './start-model-proxy.js';
export type { ModelProxy, ModelProxyOptions } from './start-model-proxy.js';
export type { Spend } from './spend-gate.js';
export { bearerMatches } from './access-token.js';
