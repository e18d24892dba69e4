// esbuild plugins of the dist build: each swaps a module the bundle would evaluate at start for a lighter one
// with the same behaviour for this library (see the shim files for why each is safe).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import * as esbuild from 'esbuild';

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

/**
 * `jsonc-parser` resolves to its ES module build: its `main` is a UMD build whose inner `require('./impl/format')`
 * calls a bundler cannot see, so the bundle would fail at start looking for files that are not in dist. Same code.
 */
const jsoncParserEsm = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: createRequire(import.meta.url).resolve('jsonc-parser/lib/esm/main.js') }));
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

/**
 * zod starts with `jitless: true`: by default each object schema compiles a parser with `new Function` on its first
 * parse, which costs more than it saves in an action that parses its inputs and policy once (and needs eval).
 * The parsing rules are the same either way; only the code path differs.
 */
const jitlessZod = {
  name: 'zod-jitless',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/]core\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const declared = '(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});';
      const patched = source.replace(declared, declared.replace('= {})', '= { jitless: true })'));
      if (patched === source) throw new Error(`zod-jitless: zod's globalConfig is no longer declared as expected in ${args.path}`);
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * @actions/core imports its OIDC client (`getIDToken`) at the top, and with it @actions/http-client, tunnel and
 * their builtins (net, tls, assert…), about 25 KiB evaluated at every start for a call this library never makes.
 * Here `OidcClient` stands in with the one method core calls, which imports the real module on first use.
 */
const lazyOidc = {
  name: 'lazy-actions-core-oidc',
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), 'oidc-utils.js'), namespace: 'lazy-oidc' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      contents:
        `export const OidcClient = {\n` +
        `  async getIDToken(audience) {\n` +
        `    const real = await import(${JSON.stringify(args.path)});\n` +
        `    return real.OidcClient.getIDToken(audience);\n` +
        `  },\n` +
        `};\n`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * The repo atlas's parsers are WebAssembly files in node_modules (packages/atlas/src/grammar-source.ts reads
 * them there); a bundled action has no node_modules, so its grammar-source module holds them instead,
 * brotli-compressed (2.1 MB of .wasm become about 0.25 MB) in the lazy chunk that only the atlas loads.
 */
const atlasGrammars = {
  name: 'atlas-grammars',
  setup(build) {
    build.onLoad({ filter: /[\\/]packages[\\/]atlas[\\/]src[\\/]grammar-source\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const table = /export const WASM_FILES[^{]*\{([^}]*)\}/.exec(source);
      if (!table) throw new Error(`atlas-grammars: WASM_FILES is no longer declared as expected in ${args.path}`);
      const require = createRequire(args.path);
      const packed = {};
      for (const [, name, file] of table[1].matchAll(/'([\w-]+)': '([^']+)'/g)) {
        const bytes = await readFile(require.resolve(file));
        packed[name] = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
      }
      const contents = [
        "import { brotliDecompressSync } from 'node:zlib';",
        `const packed = ${JSON.stringify(packed)};`,
        'export async function wasmBytes(name) { return new Uint8Array(brotliDecompressSync(Buffer.from(packed[name], "base64"))); }',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * The root action applies the chosen role's literal input defaults, read from its action.yml
 * (actions/root/src/input-defaults.ts, with a YAML parser of ~160 KiB). The bundle gets them as a table instead,
 * made at build time by that same module run over every actions/<role>/action.yml, so the root hands over to the
 * role without loading a parser first. check-dist rebuilds, so a changed action.yml cannot leave the table stale.
 */
const rootInputDefaults = {
  name: 'root-input-defaults',
  setup(build) {
    build.onLoad({ filter: /[\\/]actions[\\/]root[\\/]src[\\/]input-defaults\.ts$/ }, async (args) => {
      // Run as a data: module, which has no require of its own for the CommonJS parts of the YAML parser.
      const banner = `import{createRequire as __cr}from'node:module';const require=__cr(${JSON.stringify(args.path)});`;
      const compiled = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        platform: 'node',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        banner: { js: banner },
      });
      const source = compiled.outputFiles[0].text;
      const { inputDefaults } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
      const actionsDir = path.resolve(path.dirname(args.path), '..', '..');
      const table = {};
      for (const name of (await readdir(actionsDir)).sort()) {
        if (existsSync(path.join(actionsDir, name, 'action.yml'))) table[name] = inputDefaults(actionsDir, name);
      }
      const contents = [
        `const table = ${JSON.stringify(table)};`,
        'export function inputDefaults(actionsDir, step) { return { ...table[step] }; }',
      ].join('\n');
      return { contents, loader: 'js', watchFiles: Object.keys(table).map((name) => path.join(actionsDir, name, 'action.yml')) };
    });
  },
};

export const distPlugins = [lazyUndici, jsoncParserEsm, englishOnlyZod, jitlessZod, lazyOidc, atlasGrammars, rootInputDefaults];
