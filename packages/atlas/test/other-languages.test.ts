import { afterEach, describe, expect, test } from '@jest/globals';
import { buildAtlas, rankFiles, type AtlasFile } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

const file = (files: AtlasFile[], path: string): AtlasFile => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in the atlas`);
  return found;
};
const listed = (f: AtlasFile) => f.symbols.map((s) => [s.kind, s.name, s.exported, s.signature, s.doc ?? '']);

describe('Go, Rust and Java are parsed', () => {
  test('Go: functions, methods by receiver, types, constants; exported by a capital letter; doc comments', async () => {
    tree = tempTree({
      'command.go': [
        '// Package cobra builds command lines.',
        'package cobra',
        '',
        'import (',
        '\t"fmt"',
        '\tflag "github.com/spf13/pflag"',
        ')',
        '',
        '// Command is one command.',
        '// It has flags.',
        'type Command struct {',
        '\tUse string',
        '}',
        '',
        'type runner interface{ Run() }',
        '',
        'const Version = "1.0"',
        '',
        '// Execute runs the command.',
        'func (c *Command) Execute(args []string) error {',
        '\treturn nil',
        '}',
        '',
        'func (c Box[T]) Name() string { return "" }',
        '',
        'func helper(',
        '\ta int,',
        '\tb string,',
        ') int {',
        '\treturn 0',
        '}',
        '',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const go = file(atlas.files, 'command.go');
    expect(listed(go)).toEqual([
      ['class', 'Command', true, 'type Command struct', 'Command is one command. It has flags.'],
      ['interface', 'runner', false, 'type runner interface{ Run() }', ''],
      ['variable', 'Version', true, 'const Version = "1.0"', ''],
      ['method', 'Command.Execute', true, 'func (c *Command) Execute(args []string) error', 'Execute runs the command.'],
      ['method', 'Box.Name', true, 'func (c Box[T]) Name() string', ''],
      ['function', 'helper', false, 'func helper(a int, b string) int', ''],
    ]);
    expect(go.imports.map((i) => i.source)).toEqual(['fmt', 'github.com/spf13/pflag']);
    expect(go.doc).toBe('Package cobra builds command lines.');
    expect(go.symbols.find((s) => s.name === 'helper')).toMatchObject({ line: 26, endLine: 31 });
  });

  test('Rust: items, impl methods as Type.method, trait methods; pub (not pub(crate)) is exported; /// docs past attributes', async () => {
    tree = tempTree({
      'src/walk.rs': [
        '//! Walks directories.',
        'use std::path::Path;',
        'use crate::config::{Config, Mode as M};',
        '',
        '/// What a walk found.',
        '#[derive(Debug)]',
        'pub struct Entry { pub depth: usize }',
        '',
        'pub trait Visit {',
        '    fn visit(&self, entry: &Entry);',
        '}',
        '',
        'pub(crate) fn internal() {}',
        '',
        'impl Entry {',
        '    /// A new entry.',
        '    pub fn new(depth: usize) -> Self { Entry { depth } }',
        '    fn hidden(&self) {}',
        '}',
        '',
        'impl<T> Visit for Wrapper<T> {',
        '    fn visit(&self, entry: &Entry) {}',
        '}',
        '',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const rs = file(atlas.files, 'src/walk.rs');
    expect(listed(rs)).toEqual([
      ['class', 'Entry', true, 'pub struct Entry', 'What a walk found.'],
      ['interface', 'Visit', true, 'pub trait Visit', ''],
      ['method', 'Visit.visit', true, 'fn visit(&self, entry: &Entry);', ''],
      ['function', 'internal', false, 'pub(crate) fn internal()', ''],
      ['method', 'Entry.new', true, 'pub fn new(depth: usize) -> Self', 'A new entry.'],
      ['method', 'Entry.hidden', false, 'fn hidden(&self)', ''],
      ['method', 'Wrapper.visit', true, 'fn visit(&self, entry: &Entry)', ''],
    ]);
    expect(rs.imports).toEqual([
      { source: 'std::path::Path', names: [], line: 2 },
      { source: 'crate::config', names: ['Config', 'Mode'], line: 3 },
    ]);
    expect(rs.doc).toBe('Walks directories.');
  });

  test('Java: types, members as Class.method, nested types; public is exported, an interface member too', async () => {
    tree = tempTree({
      'src/main/java/com/example/Gson.java': [
        'package com.example;',
        '',
        'import java.util.List;',
        'import com.example.internal.Excluder;',
        'import com.example.reflect.*;',
        '',
        '/**',
        ' * Converts objects to JSON.',
        ' */',
        'public final class Gson {',
        '  /** Makes one. */',
        '  public Gson() {}',
        '',
        '  public String toJson(Object src) { return ""; }',
        '',
        '  private void hidden() {}',
        '',
        '  public static class Builder {',
        '    public Gson create() { return new Gson(); }',
        '  }',
        '}',
        '',
        'interface Adapter { String write(Object value); }',
        '',
      ].join('\n'),
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const java = file(atlas.files, 'src/main/java/com/example/Gson.java');
    expect(listed(java)).toEqual([
      ['class', 'Gson', true, 'public final class Gson', 'Converts objects to JSON.'],
      ['method', 'Gson.Gson', true, 'public Gson()', 'Makes one.'],
      ['method', 'Gson.toJson', true, 'public String toJson(Object src)', ''],
      ['method', 'Gson.hidden', false, 'private void hidden()', ''],
      ['class', 'Gson.Builder', true, 'public static class Builder', ''],
      ['method', 'Gson.Builder.create', true, 'public Gson create()', ''],
      ['interface', 'Adapter', false, 'interface Adapter', ''],
      ['method', 'Adapter.write', false, 'String write(Object value);', ''],
    ]);
    expect(java.imports.map((i) => i.source)).toEqual(['java.util.List', 'com.example.internal.Excluder', 'com.example.reflect.*']);
    expect(java.doc).toBe('Converts objects to JSON.');
  });
});

describe('name terms of Go, Rust and Java', () => {
  test('hold the symbols but not their docs and signatures, which a TS file of the same shape keeps', async () => {
    tree = tempTree({
      'store.go': '// Open opens the warehouse ledger.\nfunc Open(path string) error {\n\treturn nil\n}\n',
      'store.ts': '/** Open opens the warehouse ledger. */\nexport function open(path: string): Error | null {\n  return null;\n}\n',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    const names = (path: string) => (file(atlas.files, path).names ?? '').split(' ').map((item) => item.replace(/\*.*$/, ''));
    expect(names('store.go')).toContain('open');
    expect(names('store.go')).not.toContain('warehous');
    expect(names('store.ts')).toContain('warehous');
    expect(file(atlas.files, 'store.go').terms).toContain('warehous'); // the body still holds the doc's words
  });
});

describe('a language without a parser', () => {
  test('its words are still indexed, so a query finds a file by what it says, not only by its path', async () => {
    tree = tempTree({
      'lib/client.rb': 'class Client\n  def fetch(url)\n    get(url)\n  end\nend\n',
      'lib/server.rb': 'class Server\n  def listen(port)\n    retry_with_backoff { bind(port) }\n  end\nend\n',
    });
    const { atlas } = await buildAtlas({ dir: tree.dir });
    expect(file(atlas.files, 'lib/server.rb').terms).toContain('backoff');
    expect(rankFiles(atlas, 'the backoff between retries is too short')[0]?.file.path).toBe('lib/server.rb');
  });
});
