import { afterEach, describe, expect, test } from '@jest/globals';
import { buildAtlas, parseAtlas, rankFiles, serializeAtlas, type AtlasFile } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

const file = (files: AtlasFile[], path: string): AtlasFile => {
  const found = files.find((f) => f.path === path);
  if (!found) throw new Error(`no ${path} in the atlas`);
  return found;
};
const listed = (f: AtlasFile) => f.symbols.map((s) => [s.kind, s.name, s.exported, s.signature, s.doc ?? '']);

describe('Go and Java are parsed', () => {
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
    expect(java.imports.map((i) => [i.source, i.names])).toEqual([
      ['java.util.List', ['List']],
      ['com.example.internal.Excluder', ['Excluder']],
      ['com.example.reflect.*', []],
    ]);
    expect(java.doc).toBe('Converts objects to JSON.');
  });
});

describe('references between Go and Java files', () => {
  const edges = async (files: Record<string, string>) => {
    tree = tempTree(files);
    const { atlas } = await buildAtlas({ dir: tree.dir });
    return atlas.edges.map((e) => `${e.from} → ${e.to}`);
  };

  test("Go: an import under the go.mod's module is that package's files, tests left out; the longest module wins", async () => {
    expect(
      await edges({
        'go.mod': 'module github.com/acme/tool\n\ngo 1.22\n',
        'root.go': 'package tool\n',
        'root_test.go': 'package tool\n',
        'cmd/main.go':
          'package main\n\nimport (\n\t"fmt"\n\t"github.com/acme/tool"\n\t"github.com/acme/tool/internal/store"\n\t"github.com/acme/tool/plugin"\n)\n',
        'internal/store/store.go': 'package store\n',
        'internal/store/cache.go': 'package store\n',
        'plugin/go.mod': 'module github.com/acme/tool/plugin\n',
        'plugin/plugin.go': 'package plugin\n',
      }),
    ).toEqual([
      'cmd/main.go → internal/store/cache.go',
      'cmd/main.go → internal/store/store.go',
      'cmd/main.go → plugin/plugin.go',
      'cmd/main.go → root.go',
    ]);
  });

  test('a changed go.mod resolves every import again', async () => {
    tree = tempTree({
      'go.mod': 'module example.com/a\n',
      'lib/lib.go': 'package lib\n',
      'main.go': 'package main\n\nimport "example.com/b/lib"\n',
    });
    const cold = await buildAtlas({ dir: tree.dir });
    expect(cold.atlas.edges).toEqual([]);
    tree.write('go.mod', 'module example.com/b\n');
    const warm = await buildAtlas({ dir: tree.dir, previous: parseAtlas(serializeAtlas(cold.atlas), 'previous') });
    expect(warm.stats.resolved).toBe(warm.stats.files);
    expect(warm.atlas.edges.map((e) => `${e.from} → ${e.to}`)).toEqual(['main.go → lib/lib.go']);
  });

  test('Java: a class by its package path under any source folder; static, nested and wildcard imports', async () => {
    const src = 'src/main/java/com/acme';
    expect(
      await edges({
        [`${src}/App.java`]: [
          'package com.acme;',
          'import java.util.List;',
          'import com.acme.util.Strings;',
          'import static com.acme.util.Checks.notNull;',
          'import com.acme.model.Order.Line;',
          'import com.acme.io.*;',
          'public class App {}',
        ].join('\n'),
        [`${src}/util/Strings.java`]: 'package com.acme.util;\npublic class Strings {}\n',
        [`${src}/util/Checks.java`]: 'package com.acme.util;\npublic class Checks {}\n',
        [`${src}/model/Order.java`]: 'package com.acme.model;\npublic class Order { public static class Line {} }\n',
        [`${src}/io/Reader.java`]: 'package com.acme.io;\npublic class Reader {}\n',
        [`${src}/io/Writer.java`]: 'package com.acme.io;\npublic class Writer {}\n',
      }),
    ).toEqual([
      `${src}/App.java → ${src}/io/Reader.java`,
      `${src}/App.java → ${src}/io/Writer.java`,
      `${src}/App.java → ${src}/model/Order.java`,
      `${src}/App.java → ${src}/util/Checks.java`,
      `${src}/App.java → ${src}/util/Strings.java`,
    ]);
  });
});

describe('name terms of Go and Java', () => {
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

  test('Rust, C# and PHP are read as words, their grammars left out of the bundle for its size', async () => {
    tree = tempTree({
      'src/walk.rs': 'pub fn walk_parallel(root: &Path) {}\n',
      'src/Sink.cs': 'public class RollingSink { public void Emit() {} }\n',
      'app/Mailer.php': '<?php\nclass Mailer { public function sendInvoice() {} }\n',
    });
    const { atlas, stats } = await buildAtlas({ dir: tree.dir });
    expect(stats.parsed).toBe(0);
    expect(atlas.files.map((f) => [f.path, f.language, f.symbols.length, (f.terms ?? '').split(' ').includes('parallel')])).toEqual([
      ['app/Mailer.php', 'php', 0, false],
      ['src/Sink.cs', 'csharp', 0, false],
      ['src/walk.rs', 'rust', 0, true],
    ]);
    expect(rankFiles(atlas, 'invoice e-mails')[0]?.file.path).toBe('app/Mailer.php');
    expect(rankFiles(atlas, 'the rolling sink drops events')[0]?.file.path).toBe('src/Sink.cs');
  });
});
