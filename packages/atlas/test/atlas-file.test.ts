import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { ConfigurationError } from '@eternia/core';
import {
  ATLAS_SCHEMA_VERSION,
  atlasFromJson,
  atlasSchema,
  parseAtlas,
  readAtlasFile,
  serializeAtlas,
  writeAtlasFile,
  type Atlas,
} from '../src/index.js';

const atlas: Atlas = {
  schema: ATLAS_SCHEMA_VERSION,
  extractor: 1,
  files: [
    {
      path: 'src/a.ts',
      language: 'typescript',
      size: 40,
      hash: 'a'.repeat(64),
      blob: 'b'.repeat(40),
      owners: ['@org/core'],
      library: true,
      doc: 'The a module.',
      symbols: [
        { name: 'a', kind: 'function', line: 2, endLine: 4, exported: true, signature: 'export function a()', doc: 'Does a.' },
        { name: 'b', kind: 'variable', line: 5, endLine: 5, exported: false, signature: 'const b = 1;' },
      ],
      imports: [{ source: './b.js', names: ['b'], line: 1 }],
      terms: 'pars request*3 url',
      rank: 0.5,
    },
  ],
  edges: [{ from: 'src/a.ts', to: 'src/b.ts', names: ['b'] }],
  packages: [{ name: 'zod', version: '^4', ecosystem: 'npm', manifest: 'package.json', dev: false }],
};

const viaZod = (json: unknown): string => serializeAtlas(atlasSchema.parse(json));

describe('parseAtlas', () => {
  test('an atlas as serializeAtlas writes it reads back unchanged', () => {
    const text = serializeAtlas(atlas);
    expect(serializeAtlas(parseAtlas(text, 'x'))).toBe(text);
  });

  test('the last key is the CRC-32 of every byte before it; readers leave it out of the atlas', () => {
    const text = serializeAtlas(atlas);
    const at = text.lastIndexOf(',"checksum":"');
    expect(text.slice(at)).toBe(
      `,"checksum":"${crc32(Buffer.from(text.slice(0, at), 'latin1'))
        .toString(16)
        .padStart(8, '0')}"}\n`,
    );
    expect(parseAtlas(text, 'x')).toEqual(atlas);
    expect('checksum' in parseAtlas(text, 'x')).toBe(false);
    // A checksum that no longer matches is not an error: it only stops a rebuild from copying entries as text.
    expect(parseAtlas(text.replace(/"checksum":"[0-9a-f]{8}"/, '"checksum":"00000000"'), 'x')).toEqual(atlas);
  });

  test('keys in another order, or unknown keys, read as zod reads them: in schema order, unknown ones dropped', () => {
    const reordered = JSON.parse(serializeAtlas(atlas)) as Record<string, unknown>;
    const file = (reordered.files as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const symbol = (file.symbols as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const { name, ...rest } = symbol;
    (file.symbols as unknown[])[0] = { ...rest, name };
    file.extra = true;
    const text = JSON.stringify({ edges: reordered.edges, ...reordered });
    expect(serializeAtlas(parseAtlas(text, 'x'))).toBe(viaZod(JSON.parse(text)));
    expect(serializeAtlas(parseAtlas(text, 'x'))).toBe(serializeAtlas(atlas));
  });

  test.each([
    ['a bad hash', (a: Atlas) => ((a.files[0] as { hash: string }).hash = 'XYZ')],
    ['a zero line', (a: Atlas) => ((a.files[0]?.symbols[0] as { line: number }).line = 0)],
    ['another schema', (a: Atlas) => ((a as { schema: number }).schema = ATLAS_SCHEMA_VERSION - 1)],
    ['terms that are not a string', (a: Atlas) => ((a.files[0] as { terms: unknown }).terms = ['pars'])],
    ['an unknown ecosystem', (a: Atlas) => ((a.packages[0] as { ecosystem: string }).ecosystem = 'cargo')],
    ['a missing field', (a: Atlas) => delete (a.edges[0] as { names?: string[] }).names],
  ])('%s is a ConfigurationError with zod’s wording', (_, spoil) => {
    const bad = JSON.parse(serializeAtlas(atlas)) as Atlas;
    spoil(bad);
    const issue = atlasSchema.safeParse(bad).error?.issues[0];
    expect(issue).toBeDefined();
    expect(() => parseAtlas(JSON.stringify(bad), 'where')).toThrow(ConfigurationError);
    expect(() => parseAtlas(JSON.stringify(bad), 'where')).toThrow(issue?.message as string);
  });
});

describe('writeAtlasFile', () => {
  test('writes, piece by piece, the bytes serializeAtlas gives; readAtlasFile reads them back', async () => {
    const file0 = atlas.files[0] as Atlas['files'][number];
    // Some 3 MB of JSON, non-ASCII included, so the text is cut into several pieces.
    const big: Atlas = {
      ...atlas,
      files: Array.from({ length: 6000 }, (_, i) => ({ ...file0, path: `src/f${i}.ts`, doc: `Module ${i} … ünïcødé 😀` })),
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-atlas-file-'));
    try {
      const file = path.join(dir, 'repo_atlas.json');
      await writeAtlasFile(file, big);
      expect(fs.readFileSync(file, 'utf8')).toBe(serializeAtlas(big));
      expect(fs.statSync(file).size).toBeGreaterThan(2 * 1024 * 1024);
      expect(await readAtlasFile(file)).toEqual(big);
      expect(await readAtlasFile(path.join(dir, 'none.json'))).toBeNull();
      // ASCII only: the accents and the emoji (a surrogate pair) are JSON escapes, read back as they were.
      expect(fs.readFileSync(file).every((byte) => byte < 0x80)).toBe(true);
      expect(fs.readFileSync(file, 'latin1')).toContain('\\u00fcn\\u00efc\\u00f8d\\u00e9 \\ud83d\\ude00');
      // An atlas file written as plain UTF-8 (as before) still reads.
      fs.writeFileSync(file, `${JSON.stringify(big)}\n`);
      expect(fs.readFileSync(file).some((byte) => byte >= 0x80)).toBe(true);
      expect(await readAtlasFile(file)).toEqual(big);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('atlasFromJson', () => {
  test('checks an already parsed value as parseAtlas checks its text', () => {
    const json = JSON.parse(serializeAtlas(atlas)) as unknown;
    expect(atlasFromJson(json, 'x')).toEqual(parseAtlas(serializeAtlas(atlas), 'x'));
    const old = { ...(json as Atlas), schema: ATLAS_SCHEMA_VERSION - 1 };
    expect(() => atlasFromJson(old, 'where')).toThrow(ConfigurationError);
    expect(() => atlasFromJson(old, 'where')).toThrow(`not a repo atlas of schema ${ATLAS_SCHEMA_VERSION}`);
  });
});
