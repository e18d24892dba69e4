import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY } from '@eternia/core';
import { ModelOutputInvalidError, optionalFieldPaths } from '@eternia/llm';
import { PlanSchema, renderPlanComment, validatePlan, type Plan } from '../src/plan/index.js';
import { planAnswer } from './plan-bench.js';

const meta = {
  issue: { number: 7, title: 'Title with [link](https://evil.example) and @octocat' },
  model: 'gpt-4.1',
  prompt: { name: 'planner', version: 'abcdef012345', overridden: true },
  usage: { calls: 2, inputTokens: 12345, cachedTokens: 10000, outputTokens: 678 },
  notes: [],
};

describe('plan schema and validation', () => {
  test('the schema has no optional field (strict structured outputs)', () => {
    expect(optionalFieldPaths(PlanSchema)).toEqual([]);
  });

  test('ids must run AC1, AC2… without gaps or repeats, and at least one criterion is needed', () => {
    const ac = (id: string) => ({ id, statement: 's', test: 't' });
    for (const [criteria, problem] of [
      [[], 'at least one acceptance criterion is required'],
      [[ac('AC1'), ac('AC1')], 'expected AC2, got AC1'],
      [[ac('AC1'), ac('AC3')], 'expected AC2, got AC3'],
      [[ac('AC-1')], 'acceptance_criteria[0].id'],
    ] as const) {
      expect(() => validatePlan(planAnswer('x', { acceptance_criteria: criteria }), DEFAULT_POLICY)).toThrow(ModelOutputInvalidError);
      expect(() => validatePlan(planAnswer('x', { acceptance_criteria: criteria }), DEFAULT_POLICY)).toThrow(problem);
    }
    expect(() => validatePlan(planAnswer('x', { summary: '   ' }), DEFAULT_POLICY)).toThrow('summary');
    expect(() => validatePlan(planAnswer('x', { steps: [] }), DEFAULT_POLICY)).toThrow('at least one step is required');
    expect(() => validatePlan({ summary: 'no other fields' }, DEFAULT_POLICY)).toThrow(ModelOutputInvalidError);
  });

  test('paths are normalised, deduplicated, and step files join the files list', () => {
    const { plan, flagged, notes } = validatePlan(
      planAnswer('x', {
        steps: [{ title: 'a', detail: null, files: ['`src/new.js`', './src/greet.js', 'src/greet.js', 'lib/'] }],
        files_likely_touched: ['src/greet.js', '/etc/passwd', 'C:/x', 'a\\b', 'keys/prod.pem'],
      }),
      DEFAULT_POLICY,
    );
    expect(plan.steps[0]!.files).toEqual(['src/new.js', 'src/greet.js', 'lib']);
    expect(plan.files_likely_touched).toEqual(['src/greet.js', 'src/new.js', 'lib']);
    expect(flagged.map((f) => [f.path, f.reason])).toEqual([
      ['/etc/passwd', 'is absolute (paths are relative to the repository root)'],
      ['C:/x', 'is absolute (paths are relative to the repository root)'],
      ['a\\b', 'uses backslashes (paths use forward slashes)'],
      ['keys/prod.pem', 'denied by the policy (**/*.pem)'],
    ]);
    expect(notes).toHaveLength(4);
  });

  test('a plan with no allowed file says so', () => {
    const { plan, notes } = validatePlan(
      planAnswer('x', { steps: [{ title: 'a', detail: null, files: [] }], files_likely_touched: ['.github/workflows/x.yml'] }),
      DEFAULT_POLICY,
    );
    expect(plan.files_likely_touched).toEqual([]);
    expect(notes.at(-1)).toContain('No file of the plan lies inside the allowed paths');
  });
});

describe('plan comment', () => {
  const plan = (over: Partial<Plan> = {}): Plan => ({ ...(planAnswer('r') as Plan), ...over });

  test('model text cannot add links, images, HTML or mentions; code spans survive', () => {
    const md = renderPlanComment(
      plan({
        summary: 'See ![x](https://evil.example/?q=secret) and <img src=x onerror=alert(1)> cc @octocat; run `npm test`.',
        risks: ['[click](javascript:alert(1))'],
        out_of_scope: [],
      }),
      meta,
    );
    expect(md).not.toMatch(/!\[x\]\(/);
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img');
    expect(md).not.toMatch(/\]\(https?:/);
    expect(md).not.toMatch(/@octocat/);
    expect(md).toContain('@&#8203;octocat');
    expect(md).toContain('run `npm test`.');
    expect(md).toContain('- \\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).toContain('## Plan for #7: Title with \\[link\\]\\(https://evil.example\\) and @&#8203;octocat');
    expect(md).toContain('### Out of scope\n\n_Nothing stated._');
    expect(md).toContain('prompt `planner@abcdef012345` (repository override) · 2 calls, 12,345 input tokens (10,000 cached), 678 output tokens');
  });

  test('code spans with backticks and pipes stay inside their cell', () => {
    const md = renderPlanComment(plan({ acceptance_criteria: [{ id: 'AC1', statement: 'returns `a|b`', test: 'x' }] }), meta);
    expect(md).toContain('| **AC1** | returns `a\\|b` | x |');
  });

  test('a plan too long for a comment is cut with a pointer to plan.json, footer kept', () => {
    const long = Array.from({ length: 400 }, (_, i) => `risk ${i} ${'y'.repeat(1_000)}`);
    const md = renderPlanComment(plan({ risks: long }), meta);
    expect(md.length).toBeLessThanOrEqual(60_001);
    expect(md).toContain('the full plan is `plan.json` in the dossier');
    expect(md.trimEnd().endsWith('output tokens</sub>')).toBe(true);
  });
});
