/**
 * Property tests: random files and edits. Exact diffs (made by jsdiff) must apply exactly; diffs
 * perturbed the way models get them wrong must either apply exactly or be refused with the file
 * untouched — never applied somewhere else.
 */
import { describe, test, expect, afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { structuredPatch } from 'diff';
import { applyPatch } from '../src/index.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-patch-prop-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

// A small pool of repeated lines makes duplicate blocks (and so ambiguity) common.
const POOL = ['a', 'b', '}', '', '\treturn x;', '  y = 1', 'end'];
const line = fc.oneof(
  { arbitrary: fc.constantFrom(...POOL), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 999 }).map((i) => `unique ${i}`), weight: 1 },
);
const file = fc.array(line, { minLength: 1, maxLength: 40 });

type Edit = { at: number; del: number; ins: string[] };
const edits = fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.array(line, { maxLength: 3 }) }), { minLength: 1, maxLength: 4 });

function applyEdits(lines: string[], es: Edit[]): string[] {
  const out = [...lines];
  for (const e of es) {
    const at = e.at % (out.length + 1);
    out.splice(at, e.del, ...e.ins);
  }
  return out;
}

const text = (lines: string[], finalNewline: boolean) => lines.join('\n') + (finalNewline ? '\n' : '');

interface Perturb {
  shift?: 'uniform' | 'per-hunk';
  amount?: number;
  counts?: boolean;
  bare?: boolean;
  trailing?: boolean;
  tabs?: boolean;
  reverse?: boolean;
  noPrefix?: boolean;
  context?: number;
}

function render(oldText: string, newText: string, p: Perturb): string {
  const sp = structuredPatch('f.txt', 'f.txt', oldText, newText, '', '', { context: p.context ?? 3 });
  const hunks = sp.hunks.map((h, i) => {
    const shift = p.shift === 'uniform' ? (p.amount ?? 0) : p.shift === 'per-hunk' ? ((p.amount ?? 0) * (i + 1)) % 17 : 0;
    // Like jsdiff's formatPatch: an empty side is numbered by the line before it.
    const oldStart = Math.max(0, h.oldStart - (h.oldLines === 0 ? 1 : 0) + shift);
    const newStart = Math.max(0, h.newStart - (h.newLines === 0 ? 1 : 0) + shift);
    const oldLines = p.counts ? h.oldLines + 2 : h.oldLines;
    const header = p.bare ? '@@ @@' : `@@ -${oldStart},${oldLines} +${newStart},${h.newLines} @@`;
    const body = h.lines.map((l) => {
      if (!l.startsWith(' ')) return l;
      if (p.trailing) return l + '  ';
      if (p.tabs) return l.replace(/^ \t/, '     ');
      return l;
    });
    return [header, ...body].join('\n');
  });
  if (p.reverse) hunks.reverse();
  const [a, b] = p.noPrefix ? ['f.txt', 'f.txt'] : ['a/f.txt', 'b/f.txt'];
  return `--- ${a}\n+++ ${b}\n${hunks.join('\n')}\n`;
}

async function attempt(before: string, patch: string) {
  const dir = path.join(root, `c${n++}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'f.txt'), before);
  const report = await applyPatch({ cwd: dir, patch });
  const after = fs.readFileSync(path.join(dir, 'f.txt'), 'utf8');
  fs.rmSync(dir, { recursive: true });
  return { report, after };
}

const perturbation: fc.Arbitrary<Perturb> = fc.oneof(
  fc.record({ shift: fc.constantFrom('uniform' as const, 'per-hunk' as const), amount: fc.integer({ min: -12, max: 12 }).filter((x) => x !== 0) }),
  fc.constant({ counts: true }),
  fc.record({ bare: fc.constant(true), context: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ context: fc.integer({ min: 0, max: 1 }) }),
  fc.constant({ trailing: true }),
  fc.constant({ tabs: true }),
  fc.constant({ reverse: true }),
  fc.constant({ noPrefix: true }),
);

describe('properties', () => {
  test('exact diffs apply exactly, with or without a final newline', async () => {
    await fc.assert(
      fc.asyncProperty(file, edits, fc.boolean(), async (lines, es, finalNewline) => {
        const before = text(lines, finalNewline);
        const after = text(applyEdits(lines, es), finalNewline);
        fc.pre(before !== after);
        const r = await attempt(before, render(before, after, {}));
        expect(r.report.ok).toBe(true);
        expect(r.after).toBe(after);
      }),
      { numRuns: 200 },
    );
  });

  test('exact LF diffs on CRLF files keep CRLF', async () => {
    await fc.assert(
      fc.asyncProperty(file, edits, async (lines, es) => {
        const after = applyEdits(lines, es);
        fc.pre(text(lines, true) !== text(after, true));
        const r = await attempt(lines.join('\r\n') + '\r\n', render(text(lines, true), text(after, true), {}));
        expect(r.report.ok).toBe(true);
        expect(r.after).toBe(after.join('\r\n') + '\r\n');
      }),
      { numRuns: 100 },
    );
  });

  test('perturbed diffs never misapply: the exact result, or a refusal that leaves the file untouched', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(file, edits, perturbation, async (lines, es, p) => {
        const before = text(lines, true);
        const after = text(applyEdits(lines, es), true);
        fc.pre(before !== after);
        const r = await attempt(before, render(before, after, p));
        if (r.report.ok) {
          applied++;
          expect({ p, result: r.after }).toEqual({ p, result: after });
        } else expect(r.after).toBe(before);
      }),
      { numRuns: 400 },
    );
    expect(applied).toBeGreaterThan(100); // tolerance is real, not refusal of everything
  });
});
