// esbuild plugins of the dist build: each swaps a module the bundle would evaluate at start for a lighter one
// with the same behaviour for this library (see the shim files for why each is safe).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const shims = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist-shims');

/** `undici` imported by @actions/* resolves to a shim that loads the real undici on first use. */
const lazyUndici = {
  name: 'lazy-undici',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      /[\\/]node_modules[\\/]@actions[\\/]/.test(args.importer) ? { path: path.join(shims, 'lazy-undici.js') } : undefined,
    );
  },
};

/** zod's `../locales/index.js` resolves to a shim holding English only. */
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(shims, 'zod-locales.js') } : undefined,
    );
  },
};

export const distPlugins = [lazyUndici, englishOnlyZod];
