/**
 * Jest transform for the TypeScript sources and tests: esbuild strips the types (no type check; `npm run typecheck`
 * does that). ts-jest did the same here (tsconfig has `isolatedModules`, so it only transpiled), but loading the
 * TypeScript compiler costs every jest worker seconds and transpiling ~450 files took ~45 s of CPU on a loaded 2-core
 * machine; esbuild does the same files in a few seconds. Output is ESM for jest's ESM mode (CommonJS when jest asks
 * for it), with an inline source map so stack traces point at the .ts lines.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformSync, version } from 'esbuild';

// The compiler options that change emitted JavaScript, as the type check sees them.
const tsconfigRaw = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    verbatimModuleSyntax: false,
    esModuleInterop: true,
  },
};

const self = readFileSync(new URL(import.meta.url), 'utf8');

function transform(source, filename, options) {
  const esm = options?.supportsStaticESM === true;
  const result = transformSync(source, {
    loader: filename.endsWith('.tsx') ? 'tsx' : 'ts',
    format: esm ? 'esm' : 'cjs',
    target: 'es2022',
    // Kept: jest warns on a JSON import without its `with { type: 'json' }` and will refuse it in its next major.
    supported: { 'import-attributes': true },
    platform: 'node',
    sourcemap: 'both',
    sourcefile: filename,
    tsconfigRaw,
  });
  return { code: result.code, map: result.map };
}

export default {
  process: transform,
  getCacheKey(source, filename, options) {
    return createHash('sha256')
      .update(self)
      .update(version)
      .update(String(options?.supportsStaticESM === true))
      .update(filename)
      .update(source)
      .digest('hex');
  },
};
