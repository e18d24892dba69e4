import { afterEach, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { ConfigurationError } from '@eternia/core';
import { ATLAS_SCHEMA_VERSION, buildAtlas, readAtlasFile, readAtlasLazily, serializeAtlas, writeAtlasFile, type Atlas } from '../src/index.js';
import { storedBody, symbolHeads } from '../src/entry-text.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

/** The atlas as plain JSON values (what JSON.stringify of each entry gives), for comparing entries of either kind. */
const plain = (atlas: Atlas | null): unknown => JSON.parse(JSON.stringify(atlas)) as unknown;
const stored = (atlas: Atlas | null): number => (atlas?.files ?? []).filter((file) => storedBody(file) !== undefined).length;

function sourceTree(): TempTree {
  return tempTree({
    'package.json': '{"name": "demo", "dependencies": {"zod": "^4"}}',
    CODEOWNERS: 'src/ @org/core\n',
    'src/a.ts': "import { b } from './b.js';\n/** Adds. */\nexport function a(): number {\n  return b + 1;\n}\n",
    'src/b.ts': 'export const b = 1;\n',
    'src/c.py': '"""The c module."""\ndef parse_url(text):\n    return text\n',
    'src/naïve.ts': "export const accent = 'é';\n",
    'docs/guide.md': '# Guide\n',
  });
}

describe('readAtlasLazily', () => {
  test('a rebuild from the stored text writes the bytes a rebuild from the parsed atlas writes', async () => {
    tree = sourceTree();
    const file = path.join(tree.dir, '..', `${path.basename(tree.dir)}.atlas.json`);
    try {
      await writeAtlasFile(file, (await buildAtlas({ dir: tree.dir })).atlas);
      const previous = await readAtlasLazily(file);
      expect(stored(previous)).toBe(7);
      expect(plain(previous)).toEqual(plain(await readAtlasFile(file)));

      // A changed file, a moved one (same bytes at a new path), a new one, and owners that change for unchanged files.
      tree.write('src/b.ts', 'export const b = 2;\nexport const extra = 3;\n');
      fs.renameSync(path.join(tree.dir, 'src/c.py'), path.join(tree.dir, 'src/moved_c.py'));
      tree.write('src/d.ts', "import { a } from './a.js';\nexport const d = a();\n");
      tree.write('CODEOWNERS', 'src/ @org/core\nsrc/a.ts @org/a-team\n');

      const fromText = await buildAtlas({ dir: tree.dir, previous: await readAtlasLazily(file) });
      const fromParsed = await buildAtlas({ dir: tree.dir, previous: await readAtlasFile(file) });
      expect(fromText.stats).toEqual(fromParsed.stats);
      expect(fromText.stats).toMatchObject({ files: 8, parsed: 2, reused: 5 }); // package.json, a.ts, naïve.ts, the guide, the moved file
      expect(serializeAtlas(fromText.atlas)).toBe(serializeAtlas(fromParsed.atlas));
      expect(serializeAtlas(fromText.atlas)).toBe(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas));
      // Unchanged files at their old paths kept their text, under their new owners.
      const a = fromText.atlas.files.find((entry) => entry.path === 'src/a.ts');
      expect(a && storedBody(a)).toBeDefined();
      expect(a?.owners).toEqual(['@org/a-team']);
      const written = `${file}.next`;
      await writeAtlasFile(written, fromText.atlas);
      expect(fs.readFileSync(written, 'latin1')).toBe(serializeAtlas(fromParsed.atlas));
      fs.rmSync(written);

      // A changed package.json resolves every import again: the stored entries are parsed for theirs.
      tree.write('package.json', '{"name": "demo", "dependencies": {"zod": "^4", "yaml": "^2"}}');
      await writeAtlasFile(file, fromText.atlas);
      const resolved = await buildAtlas({ dir: tree.dir, previous: await readAtlasLazily(file) });
      expect(resolved.stats.resolved).toBe(resolved.stats.files);
      expect(serializeAtlas(resolved.atlas)).toBe(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('entries parse their fields when asked; setting one drops the stored text, and the writer serializes it', async () => {
    tree = sourceTree();
    const file = path.join(tree.dir, 'atlas.json');
    await writeAtlasFile(file, (await buildAtlas({ dir: tree.dir })).atlas);
    const previous = (await readAtlasLazily(file)) as Atlas;
    const parsed = (await readAtlasFile(file)) as Atlas;
    const a = previous.files.find((entry) => entry.path === 'src/a.ts');
    expect(a?.symbols).toEqual(parsed.files.find((entry) => entry.path === 'src/a.ts')?.symbols);
    expect(a?.symbols.map((symbol) => symbol.name)).toEqual(['a']);
    expect(a && storedBody(a)).toBeDefined();
    (a as Atlas['files'][number]).symbols = [];
    expect(a && storedBody(a)).toBeUndefined();
    expect(serializeAtlas(previous)).toContain('"path":"src/a.ts","language":"typescript"');
    expect(JSON.parse(serializeAtlas(previous)).files.find((entry: { path: string }) => entry.path === 'src/a.ts').symbols).toEqual([]);
  });

  test("a query's reads (terms, names, symbols' names and kinds) come from the text and equal the parsed entry's", async () => {
    tree = sourceTree();
    const file = path.join(tree.dir, 'atlas.json');
    const built = (await buildAtlas({ dir: tree.dir })).atlas;
    // Fields whose text holds what the quick reads look for (escaped), escapes in names and kinds, and absent fields.
    const head = { language: 'typescript', size: 1, hash: '1'.repeat(64), blob: '2'.repeat(40), owners: [], library: true };
    const odd: Atlas['files'][number] = {
      path: 'src/odd.ts',
      ...head,
      doc: '{"name":"fake","kind":"class"} ,"terms":"fake" ,"names":"fake"',
      symbols: [
        { name: 'plain', kind: 'function', line: 1, endLine: 2, exported: true, signature: '{"name":"sig","kind":"x"}', doc: ',"names":"no"' },
        { name: 'naïve', kind: 'class', line: 3, endLine: 4, exported: false, signature: 'class naïve' },
      ],
      imports: [{ source: './x.js', names: ['names', 'terms'], line: 1 }],
      terms: 'café*2 name term',
      names: 'odd*4 plain*2.5',
      rank: 0,
    };
    const bare: Atlas['files'][number] = {
      path: 'src/bare.ts',
      ...head,
      symbols: [],
      imports: [{ source: './y.js', names: ['y'], line: 1 }],
      rank: 0,
    };
    const quoted: Atlas['files'][number] = {
      ...odd,
      path: 'src/quoted.ts',
      symbols: [{ name: 'q"uote', kind: 'ki\\nd', line: 5, endLine: 5, exported: false, signature: '' }],
    };
    await writeAtlasFile(file, { ...built, files: [...built.files, odd, quoted, bare] });
    const lazy = (await readAtlasLazily(file)) as Atlas;
    const parsed = (await readAtlasFile(file)) as Atlas;
    expect(stored(lazy)).toBe(lazy.files.length);
    lazy.files.forEach((entry, i) => {
      const whole = parsed.files[i] as Atlas['files'][number];
      expect([entry.path, entry.terms, entry.names]).toEqual([whole.path, whole.terms, whole.names]);
      const heads = symbolHeads(entry).map(({ name, kind }) => ({ name, kind }));
      expect([entry.path, heads]).toEqual([whole.path, whole.symbols.map(({ name, kind }) => ({ name, kind }))]);
    });
    expect(symbolHeads(lazy.files.find((entry) => entry.path === 'src/odd.ts') as Atlas['files'][number]).map((h) => h.name)).toEqual([
      'plain',
      'naïve',
    ]);
    expect(stored(lazy)).toBe(lazy.files.length);
  });

  test('paths, owners and docs holding the punctuation entries are found by read as before', async () => {
    const tricky = ['a"},{"path":"b.ts', 'x,"library":true,"rank":1}.ts', 'line\nbreak.ts', 'naïve 😀.ts'];
    const atlas: Atlas = {
      schema: ATLAS_SCHEMA_VERSION,
      extractor: 5,
      files: tricky.map((name, i) => ({
        path: name,
        language: 'typescript',
        size: i,
        hash: String(i).repeat(64),
        blob: String(i).repeat(40),
        owners: [`@o,"library":false,"rank":0}`],
        library: i % 2 === 0,
        doc: `},{"path":"evil.ts","language":"x" ,"rank":9} \\ "`,
        symbols: [{ name: 'f', kind: 'function', line: 1, endLine: 1, exported: true, signature: '},{"path":"' }],
        imports: [],
        ...(i > 1 && { terms: 'rank librari' }),
        rank: i / 10,
      })),
      edges: [{ from: tricky[0] as string, to: tricky[1] as string, names: ['f'] }],
      packages: [],
    };
    tree = tempTree();
    const file = path.join(tree.dir, 'atlas.json');
    await writeAtlasFile(file, atlas);
    const previous = await readAtlasLazily(file);
    expect(stored(previous)).toBe(4);
    expect(previous?.files.map((entry) => entry.path)).toEqual(tricky);
    expect(plain(previous)).toEqual(plain(atlas));
    expect(serializeAtlas(previous as Atlas)).toBe(fs.readFileSync(file, 'latin1'));
  });

  test('the stored text is used only while the checksum holds; anything else is read as readAtlasFile reads it', async () => {
    tree = sourceTree();
    const file = path.join(tree.dir, 'atlas.json');
    await writeAtlasFile(file, (await buildAtlas({ dir: tree.dir })).atlas);
    const good = fs.readFileSync(file, 'latin1');

    // An edit that keeps valid JSON (a symbol renamed): the checksum fails, and the file is parsed whole.
    fs.writeFileSync(file, good.replace('"name":"parse_url"', '"name":"parse_uri"'), 'latin1');
    const edited = await readAtlasLazily(file);
    expect(stored(edited)).toBe(0);
    expect(plain(edited)).toEqual(plain(await readAtlasFile(file)));
    expect(JSON.stringify(edited)).toContain('parse_uri');

    // Written before there was a checksum: parsed whole, and equal.
    const { checksum: _, ...withoutChecksum } = JSON.parse(good) as Record<string, unknown>;
    fs.writeFileSync(file, `${JSON.stringify(withoutChecksum)}\n`);
    expect(stored(await readAtlasLazily(file))).toBe(0);
    expect(plain(await readAtlasLazily(file))).toEqual(plain(await readAtlasFile(file)));

    // Raw UTF-8 under a checksum that holds: not what the writer writes, so parsed whole.
    const utf8 = Buffer.from(good.slice(0, good.lastIndexOf(',"checksum"')).replace('\\u00ef', 'ï'), 'utf8');
    fs.writeFileSync(file, Buffer.concat([utf8, Buffer.from(`,"checksum":"${crc32(utf8).toString(16).padStart(8, '0')}"}\n`)]));
    expect(stored(await readAtlasLazily(file))).toBe(0);
    expect((await readAtlasLazily(file))?.files.map((entry) => entry.path)).toContain('src/naïve.ts');

    // Text made to pass the checksum (anyone can compute a CRC) is copied only if each entry's fields between
    // `library` and `rank` are the body's keys in order with brackets and strings closed. Otherwise it is parsed
    // whole: an entry closed early or a trailing comma is invalid JSON, a repeated head key is read as JSON reads it.
    const resealed = (text: string) => {
      const bytes = Buffer.from(text.slice(0, text.lastIndexOf(',"checksum"')), 'latin1');
      return Buffer.concat([bytes, Buffer.from(`,"checksum":"${crc32(bytes).toString(16).padStart(8, '0')}"}\n`)]);
    };
    const body = '"symbols":[],"imports":[]';
    const guide = good.indexOf('"path":"docs/guide.md"');
    const bodyAt = good.indexOf('"symbols":[]', guide);
    const guideBody = good.slice(bodyAt, good.indexOf(',"rank":', bodyAt));
    expect(guideBody.startsWith(body)).toBe(true);
    for (const spoiled of [`"symbols":[]},"imports":[]`, `${guideBody},`]) {
      fs.writeFileSync(file, resealed(good.replace(guideBody, spoiled)));
      await expect(readAtlasLazily(file)).rejects.toThrow(ConfigurationError);
    }
    fs.writeFileSync(file, resealed(good.replace(guideBody, `${guideBody},"path":"src/evil.ts"`)));
    const repeated = await readAtlasLazily(file);
    expect(stored(repeated)).toBe(0);
    expect(repeated?.files.map((entry) => entry.path)).toContain('src/evil.ts');

    // Cut short: the same ConfigurationError as readAtlasFile, naming the file; none at all is null.
    fs.writeFileSync(file, good.slice(0, 500), 'latin1');
    await expect(readAtlasLazily(file)).rejects.toThrow(ConfigurationError);
    await expect(readAtlasLazily(file)).rejects.toThrow(file);
    expect(await readAtlasLazily(path.join(tree.dir, 'none.json'))).toBeNull();
  });
});
