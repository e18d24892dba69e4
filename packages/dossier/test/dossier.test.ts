import { describe, test, expect } from '@jest/globals';
import { z } from 'zod';
import { DossierError } from '@eternia/core';
import { Dossier } from '@eternia/dossier';

const meta = { repository: 'acme/shop', pr: 12, issue: 7, branch: 'agent/7-fix-cart' };
const SHA = 'a'.repeat(40);

function fixedClock(start = '2025-01-01T00:00:00.000Z') {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

const Plan = z.strictObject({ steps: z.array(z.string()).min(1), risk: z.enum(['low', 'high']) });

describe('Dossier', () => {
  test('create starts an empty, versioned manifest', () => {
    const d = Dossier.create(meta, { clock: fixedClock() });
    expect(d.manifest).toEqual({
      schema: 'eternia-dossier',
      version: 1,
      ...meta,
      createdAt: '2025-01-01T00:00:01.000Z',
      updatedAt: '2025-01-01T00:00:01.000Z',
      runs: [],
      files: {},
    });
    expect(d.files()).toEqual([]);
  });

  test.each([
    [{ ...meta, repository: 'no-slash' }, /repository/],
    [{ ...meta, repository: 'acme/..' }, /repository/],
    [{ ...meta, pr: 0 }, /pr/],
    [{ ...meta, branch: '' }, /branch/],
  ])('create refuses bad meta %#', (bad, message) => {
    expect(() => Dossier.create(bad)).toThrow(DossierError);
    expect(() => Dossier.create(bad)).toThrow(message);
  });

  test('writes and reads JSON and text, tracking sha256, size and kind', () => {
    const d = Dossier.create(meta, { clock: fixedClock() });
    d.writeJson('plan.json', { steps: ['a'], risk: 'low' }, Plan);
    d.writeText('notes.md', 'héllo\n');
    expect(d.files()).toEqual(['notes.md', 'plan.json']);
    expect(d.readJson('plan.json', Plan)).toEqual({ steps: ['a'], risk: 'low' });
    expect(d.readText('notes.md')).toBe('héllo\n');
    expect(d.readJson('missing.json', Plan)).toBeNull();
    expect(d.readText('missing.txt')).toBeNull();
    const files = d.manifest.files;
    expect(files['notes.md']).toEqual({
      // printf 'héllo\n' | sha256sum
      sha256: 'b95becd154aa095f76c4ca47a5aeb8350d6dfcb838404edfc9dae06628de938d',
      bytes: 7,
      kind: 'text',
    });
    expect(files['plan.json']!.kind).toBe('json');
    expect(d.manifest.updatedAt).toBe('2025-01-01T00:00:03.000Z');
  });

  test('writeJson with a schema refuses invalid values and names the file', () => {
    const d = Dossier.create(meta);
    expect(() => d.writeJson('plan.json', { steps: [], risk: 'low' }, Plan)).toThrow(/refusing to write dossier file 'plan.json': steps: /);
    expect(d.files()).toEqual([]);
    expect(() => d.writeJson('x.json', undefined)).toThrow(/not JSON/);
  });

  test('readJson names the file when the JSON or the schema does not fit', () => {
    const d = Dossier.create(meta);
    d.writeText('plan.json', '{"steps": [');
    expect(() => d.readJson('plan.json', Plan)).toThrow(/dossier file 'plan.json' is not valid JSON/);
    d.writeJson('plan.json', { steps: ['a'], risk: 'medium' });
    expect(() => d.readJson('plan.json', Plan)).toThrow(/dossier file 'plan.json' does not match its schema: risk: /);
  });

  test.each(['../evil', 'a/b', 'Plan.json', '.hidden', '..', 'manifest.json', '', 'x'.repeat(101), 'ünï.json'])('refuses file name %j', (name) => {
    const d = Dossier.create(meta);
    expect(() => d.writeText(name, 'x')).toThrow(DossierError);
    expect(() => d.readText(name)).toThrow(/dossier file name/);
  });

  test('recordRun appends validated entries', () => {
    const d = Dossier.create(meta, { clock: fixedClock() });
    d.recordRun({ role: 'plan', runId: 99, attempt: 1, sha: SHA, status: 'success' });
    d.recordRun({ role: 'write-tests', runId: 99, attempt: 2, sha: SHA, status: 'failure', at: '2025-02-02T00:00:00Z' });
    expect(d.manifest.runs).toEqual([
      { role: 'plan', runId: 99, attempt: 1, sha: SHA, status: 'success', at: '2025-01-01T00:00:02.000Z' },
      { role: 'write-tests', runId: 99, attempt: 2, sha: SHA, status: 'failure', at: '2025-02-02T00:00:00Z' },
    ]);
    expect(() => d.recordRun({ role: 'plan', runId: 1, attempt: 1, sha: 'abc', status: 'success' })).toThrow(/sha: must be a full commit sha/);
    expect(() => d.recordRun({ role: 'plan', runId: 1, attempt: 0, sha: SHA, status: 'success' })).toThrow(/attempt/);
    expect(() => d.recordRun({ role: 'plan', runId: 1, attempt: 1, sha: SHA, status: 'done' as 'success' })).toThrow(/status/);
    expect(d.manifest.runs).toHaveLength(2);
  });

  test('the manifest getter is a copy', () => {
    const d = Dossier.create(meta);
    d.manifest.runs.push({ role: 'x', runId: 1, attempt: 1, sha: SHA, at: '2025-01-01T00:00:00Z', status: 'success' });
    d.manifest.files['evil'] = { sha256: '0'.repeat(64), bytes: 0, kind: 'text' };
    expect(d.manifest.runs).toEqual([]);
    expect(d.manifest.files).toEqual({});
  });

  test('readBytes returns a copy', () => {
    const d = Dossier.create(meta);
    d.writeText('a.txt', 'abc');
    d.readBytes('a.txt')!.fill(0);
    expect(d.readText('a.txt')).toBe('abc');
  });
});
