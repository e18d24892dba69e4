/**
 * ESLint rule: imports follow the package graph that the package.json files declare.
 *
 * - A file in packages/<p> imports a bare name (`@eternia/core`, `zod`) only if packages/<p>/package.json lists it:
 *   under `dependencies` from src/, under `dependencies` or `devDependencies` from anywhere else (tests, fixtures).
 * - No relative import leaves its own unit (a package, an action, or the repository root's test/ and scripts/):
 *   `../../testkit/src/x.js` is spelled `@eternia/testkit`, so the graph above sees it. packages/* therefore never
 *   reach into actions/*, which have no package name at all.
 * - actions/* and root files may import any workspace package, and third-party names the root package.json lists.
 * - Exception, for tests only: the shared test helpers named in the `testHelpers` option (files under another
 *   package's test/, which no package name exports) may be imported by path from test code, never from src/.
 *
 * Written here rather than taken from eslint-plugin-import-x: its no-extraneous-dependencies resolves workspace
 * packages through their symlinks to paths outside node_modules, classifies them as internal and skips them, and it
 * needs a TypeScript resolver pass on every import; this reads six small JSON files once and never resolves anything.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifests = new Map();

function manifest(dir) {
  if (!manifests.has(dir)) {
    const file = path.join(dir, 'package.json');
    manifests.set(dir, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined);
  }
  return manifests.get(dir);
}

/** The unit a path belongs to: `packages/<name>`, `actions/<name>`, or `.` for everything else in the repository. */
function unitOf(root, file) {
  const parts = path.relative(root, file).split(path.sep);
  if ((parts[0] === 'packages' || parts[0] === 'actions') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return '.';
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the package graph declared by the package.json files' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, testHelpers: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      relative: "'{{specifier}}' reaches from {{from}} into {{to}} by path; import it by its package name (and declare it)",
      undeclared: "{{from}} imports '{{name}}' but its package.json does not list it under {{where}}",
      unknownWorkspace: "'{{name}}' is not a package of this workspace",
      undeclaredRoot: "'{{name}}' is not listed in the root package.json",
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? defaultRoot;
    const testHelpers = new Set((context.options[0]?.testHelpers ?? []).map((helper) => path.resolve(root, helper)));
    const file = context.physicalFilename ?? context.filename;
    if (path.relative(root, file).startsWith('..')) return {};
    const unit = unitOf(root, file);
    const own = unit.startsWith('packages/') ? manifest(path.join(root, unit)) : undefined;
    const fromSrc = path.relative(path.join(root, unit), file).split(path.sep)[0] === 'src';
    const rootManifest = manifest(root) ?? {};
    const workspace = new Set(
      fs
        .readdirSync(path.join(root, 'packages'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => manifest(path.join(root, 'packages', e.name))?.name)
        .filter(Boolean),
    );

    function check(node) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const specifier = node.value;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = path.resolve(path.dirname(file), specifier);
        const to = unitOf(root, target);
        if (!fromSrc && testHelpers.has(target.replace(/\.js$/, '.ts'))) return;
        if (to !== unit)
          context.report({
            node,
            messageId: 'relative',
            data: { specifier, from: unit, to: path.relative(root, target).split(path.sep).slice(0, 3).join('/') },
          });
        return;
      }
      if (isBuiltin(specifier)) return;
      const name = packageName(specifier);
      if (own) {
        if (name === own.name) return;
        const declared = { ...own.dependencies, ...(fromSrc ? {} : own.devDependencies) };
        if (!(name in declared))
          context.report({
            node,
            messageId: 'undeclared',
            data: { from: unit, name, where: fromSrc ? 'dependencies' : 'dependencies or devDependencies' },
          });
        return;
      }
      if (name.startsWith('@eternia/')) {
        if (!workspace.has(name)) context.report({ node, messageId: 'unknownWorkspace', data: { name } });
        return;
      }
      if (!(name in { ...rootManifest.dependencies, ...rootManifest.devDependencies }))
        context.report({ node, messageId: 'undeclaredRoot', data: { name } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : (node.source ?? node.argument)),
    };
  },
};
