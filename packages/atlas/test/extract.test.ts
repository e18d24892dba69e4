import { describe, expect, test, afterEach } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildAtlas, type AtlasFile } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

const TS = `/**
 * Retry helpers for flaky network calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './log.js';
export { formatError } from './format';

/** How often and how long to retry. */
export interface RetryOptions {
  attempts: number;
  delayMs: number;
}

export type Backoff = (attempt: number) => number;

/** Calls \`fn\` until it succeeds or the attempts run out. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions, log?: Logger): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i + 1 >= options.attempts) throw error;
      await sleep(options.delayMs);
    }
  }
}

export const linear: Backoff = (attempt) => attempt * 100;

const jitter = (ms: number) => ms * Math.random();

export default class RetryQueue {
  /** Adds a job. */
  push(job: () => Promise<void>): void {}
  async drain(): Promise<void> {}
}

enum Mode { Fast, Slow }
export { jitter, Mode };
const lazy = () => import('./heavy.js');
`;

const TSX = `import React, { useState } from 'react';
import { Button } from '../ui/button';

type Props = { label: string };

export function Counter({ label }: Props) {
  const [n, setN] = useState(0);
  return <Button onClick={() => setN(n + 1)}>{label}: {n}</Button>;
}
`;

const CJS = `'use strict';
const path = require('path');
const { parse } = require('./parse');

function resolveConfig(dir) {
  return path.join(dir, 'config.json');
}

module.exports = { resolveConfig };
module.exports.version = '1.0.0';
`;

const PY = `"""Utilities for reading INI-style configuration files."""
import os
import os.path as osp
from collections import OrderedDict
from . import errors
from .interpolation import BasicInterpolation, Interpolation

__all__ = ["ConfigParser", "read_config"]

DEFAULTSECT = "DEFAULT"


class ConfigParser(object):
    """ConfigParser implementing interpolation."""

    def __init__(self, defaults=None):
        self._sections = OrderedDict()

    @property
    def sections(self):
        """Return a list of section names."""
        return list(self._sections)

    def _read(self, fp, fpname):
        pass


def read_config(path, *, encoding="utf-8"):
    """Read and parse a configuration file."""
    parser = ConfigParser()
    return parser


def _helper():
    pass
`;

function file(files: AtlasFile[], p: string): AtlasFile {
  const found = files.find((f) => f.path === p);
  if (!found) throw new Error(`${p} is not in the atlas: ${files.map((f) => f.path).join(', ')}`);
  return found;
}

describe('parsers', () => {
  test('TypeScript: declarations, exports (inline, lists, default), docs, class members, imports and dynamic imports', async () => {
    tree = tempTree({
      'src/retry.ts': TS,
      'src/log.ts': 'export interface Logger {}\n',
      'src/format.ts': 'export function formatError() {}\n',
      'src/heavy.ts': '',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const retry = file(atlas.files, 'src/retry.ts');
    const byName = new Map(retry.symbols.map((s) => [s.name, s]));
    expect(retry.language).toBe('typescript');
    expect(retry.doc).toBe('Retry helpers for flaky network calls.');
    expect(byName.get('RetryOptions')).toMatchObject({
      kind: 'interface',
      exported: true,
      line: 9,
      endLine: 12,
      doc: 'How often and how long to retry.',
    });
    expect(byName.get('Backoff')).toMatchObject({ kind: 'type', exported: true });
    expect(byName.get('withRetry')).toMatchObject({
      kind: 'function',
      exported: true,
      line: 17,
      endLine: 26,
      signature: 'export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions, log?: Logger): Promise<T>',
      doc: 'Calls `fn` until it succeeds or the attempts run out.',
    });
    expect(byName.get('linear')).toMatchObject({ kind: 'function', exported: true }); // an arrow function
    expect(byName.get('jitter')).toMatchObject({ kind: 'function', exported: true }); // exported by the list at the end
    expect(byName.get('Mode')).toMatchObject({ kind: 'enum', exported: true });
    expect(byName.get('RetryQueue')).toMatchObject({ kind: 'class', exported: true });
    expect(byName.get('RetryQueue.push')).toMatchObject({ kind: 'method', doc: 'Adds a job.' });
    expect(byName.get('RetryQueue.drain')).toMatchObject({ kind: 'method' });
    expect(retry.imports.map((i) => i.source)).toEqual(['node:timers/promises', './log.js', './format', './heavy.js']);
    expect(retry.imports[1]?.names).toEqual(['Logger']);
    const targets = atlas.edges.filter((e) => e.from === 'src/retry.ts').map((e) => e.to);
    expect(targets).toEqual(['src/format.ts', 'src/heavy.ts', 'src/log.ts']);
  });

  test('TSX and CommonJS JavaScript', async () => {
    tree = tempTree({
      'app/counter.tsx': TSX,
      'ui/button.tsx': 'export const Button = (p: any) => null;\n',
      'lib/config.cjs': CJS,
      'lib/parse.js': 'exports.parse = (s) => s;\n',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const counter = file(atlas.files, 'app/counter.tsx');
    expect(counter.symbols.map((s) => [s.name, s.kind, s.exported])).toEqual([
      ['Props', 'type', false],
      ['Counter', 'function', true],
    ]);
    const config = file(atlas.files, 'lib/config.cjs');
    expect(config.language).toBe('javascript');
    expect(config.symbols.find((s) => s.name === 'resolveConfig')).toMatchObject({ kind: 'function', exported: true });
    expect(config.symbols.find((s) => s.name === 'version')).toMatchObject({ exported: true });
    expect(file(atlas.files, 'lib/parse.js').symbols.map((s) => s.name)).toEqual(['parse']);
    expect(atlas.edges.map((e) => `${e.from}→${e.to}`)).toEqual(['app/counter.tsx→ui/button.tsx', 'lib/config.cjs→lib/parse.js']);
  });

  test('declaration files: `declare` classes, functions, constants, namespaces and modules are mapped', async () => {
    tree = tempTree({
      'typings/index.d.ts': [
        '/** A command of the program. */',
        'export declare class Command {',
        '  /** Adds an option. */',
        '  option(flags: string): this;',
        '}',
        'export declare function program(): Command;',
        'export declare const version: string;',
        'declare namespace internal { function hidden(): void; }',
        "declare module 'extra' { export function plugin(): void; }",
        'declare function local(): void;',
        '',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(file(atlas.files, 'typings/index.d.ts').symbols.map((s) => [s.name, s.kind, s.exported, s.line])).toEqual([
      ['Command', 'class', true, 2],
      ['Command.option', 'method', true, 4],
      ['program', 'function', true, 6],
      ['version', 'variable', true, 7],
      ['internal', 'namespace', false, 8],
      ["'extra'", 'namespace', false, 9],
      ['local', 'function', false, 10],
    ]);
    const command = file(atlas.files, 'typings/index.d.ts').symbols[0];
    expect(command?.signature).toBe('export declare class Command');
    expect(command?.doc).toBe('A command of the program.');
  });

  test('Python: module docstring, __all__ decides what is exported, classes, decorated methods, relative and absolute imports', async () => {
    tree = tempTree({
      'cfg/__init__.py': '',
      'cfg/parser.py': PY,
      'cfg/errors.py': 'class Error(Exception):\n    pass\n',
      'cfg/interpolation.py': 'class BasicInterpolation:\n    pass\n',
      'os.py': '# a local module that shadows nothing: absolute imports resolve inside the tree when they can\n',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const parser = file(atlas.files, 'cfg/parser.py');
    expect(parser.doc).toBe('Utilities for reading INI-style configuration files.');
    const byName = new Map(parser.symbols.map((s) => [s.name, s]));
    expect(byName.get('ConfigParser')).toMatchObject({ kind: 'class', exported: true, line: 13, doc: 'ConfigParser implementing interpolation.' });
    expect(byName.get('ConfigParser.sections')).toMatchObject({
      kind: 'method',
      exported: true,
      line: 19,
      signature: 'def sections(self)',
      doc: 'Return a list of section names.',
    });
    expect(byName.get('ConfigParser._read')).toMatchObject({ exported: false });
    expect(byName.get('read_config')).toMatchObject({ kind: 'function', exported: true, signature: 'def read_config(path, *, encoding="utf-8")' });
    expect(byName.get('_helper')).toMatchObject({ exported: false });
    expect(byName.get('DEFAULTSECT')).toMatchObject({ kind: 'variable', exported: false }); // not in __all__
    expect(parser.imports.map((i) => i.source)).toEqual(['os', 'os.path', 'collections', '.', '.interpolation']);
    expect(atlas.edges.filter((e) => e.from === 'cfg/parser.py').map((e) => e.to)).toEqual(['cfg/errors.py', 'cfg/interpolation.py', 'os.py']);
  });

  test('require() and import() calls are found anywhere, and only real calls: not members, comments, strings or longer names', async () => {
    tree = tempTree({
      'src/loads.js': [
        '// ünïcødé 😀 before the calls shifts nothing',
        "const a = require('./a.js'), deep = { f() { return () => require(`./b.js`); } };",
        "foo.require('./no1.js'); x.import('./no2.js'); requireX('./no3.js'); $require('./no4.js');",
        "// require('./no5.js')",
        'const s = "import(\'./no6.js\')";',
        'require(`./${name}.js`);',
        "if (a) { (async () => { await import('./c.js'); })(); }",
        "module.exports = require('./d.js');",
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(file(atlas.files, 'src/loads.js').imports).toEqual([
      { source: './a.js', names: [], line: 2 },
      { source: './b.js', names: [], line: 2 },
      { source: './c.js', names: [], line: 7 },
      { source: './d.js', names: [], line: 8 },
    ]);
  });

  test('Python imports inside functions, classes and blocks count; the word in strings, comments or names does not', async () => {
    tree = tempTree({
      'pkg/mod.py': [
        '"""Docs that say import nothing 😀."""',
        'import os, sys as system',
        'def f():',
        '    from json import loads  # import pickle',
        '    s = "import re"',
        '    important = 1',
        'class K:',
        '    if True:',
        '        import csv',
        'try:',
        '    from . import sibling',
        'except ImportError:',
        '    pass',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(file(atlas.files, 'pkg/mod.py').imports).toEqual([
      { source: 'os', names: [], line: 2 },
      { source: 'sys', names: [], line: 2 },
      { source: 'json', names: ['loads'], line: 4 },
      { source: 'csv', names: [], line: 9 },
      { source: '.', names: ['sibling'], line: 11 },
    ]);
  });

  test('signatures spread over several lines keep their parameters; #private methods are mapped, not exported', async () => {
    tree = tempTree({
      'src/client.ts': [
        'export class Client {',
        '  constructor(',
        '    private readonly baseUrl: string,',
        '    retries = 2,',
        '  ) {}',
        '  async #retry(request: Request, attempt: number): Promise<Response> {',
        '    return fetch(request);',
        '  }',
        '}',
        'export function send(',
        '  url: string,',
        '  body: unknown,',
        '): Promise<void> {',
        '  return Promise.resolve();',
        '}',
        '',
      ].join('\n'),
      'pkg/options.py': [
        'def version_option(',
        '    version=None,',
        '    *param_decls,',
        '    package_name=None,',
        ') -> "Decorator":',
        '    """Adds a --version option."""',
        '    return None',
        '',
        'def short(a): return a',
        '',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(file(atlas.files, 'src/client.ts').symbols.map((s) => [s.name, s.exported, s.signature])).toEqual([
      ['Client', true, 'export class Client'],
      ['Client.constructor', true, 'constructor(private readonly baseUrl: string, retries = 2)'],
      ['Client.#retry', false, 'async #retry(request: Request, attempt: number): Promise<Response>'],
      ['send', true, 'export function send(url: string, body: unknown): Promise<void>'],
    ]);
    expect(file(atlas.files, 'pkg/options.py').symbols.map((s) => [s.name, s.signature, s.doc])).toEqual([
      ['version_option', 'def version_option(version=None, *param_decls, package_name=None) -> "Decorator"', 'Adds a --version option.'],
      ['short', 'def short(a)', undefined], // a body on the same line is not part of the signature
    ]);
  });

  test("this repository's own sources parse: @eternia/core's errors module", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../core/src');
    const { atlas } = await buildAtlas({ dir: root });
    const errors = file(atlas.files, 'errors.ts');
    expect(errors.symbols.find((s) => s.name === 'ConfigurationError')).toMatchObject({ kind: 'class', exported: true });
    expect(atlas.edges.some((e) => e.from === 'index.ts' && e.to === 'errors.ts')).toBe(true);
    // index.ts is what everything imports: it outranks a leaf.
    expect(file(atlas.files, 'errors.ts').rank).toBeGreaterThan(Math.min(...atlas.files.map((f) => f.rank)));
  });
});
