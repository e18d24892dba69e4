import { describe, expect, test } from '@jest/globals';
import {
  evaluateCondition,
  evaluateExpression,
  evaluateValue,
  interpolate,
  isTruthy,
  splitTemplate,
  toExpressionString,
} from '../src/workflow/index.js';

const contexts = {
  github: {
    event_name: 'issues',
    event: { action: 'labeled', label: { name: 'agent:ready' }, issue: { number: 7, labels: [{ name: 'bug' }, { name: 'agent:ready' }] } },
  },
  needs: { supervisor: { result: 'success', outputs: { matrix: '{"include":[{"issue":7},{"issue":9}]}', count: '2' } } },
  inputs: { flag: true, name: 'Plan' },
  env: { MODE: 'fast' },
};
const scope = { contexts };
const ok = { success: () => true, failure: () => false, cancelled: () => false };
const failed = { success: () => false, failure: () => true, cancelled: () => false };

describe('expressions', () => {
  test('property access, index access, missing properties are null', () => {
    expect(evaluateExpression('github.event.issue.number', scope)).toBe(7);
    expect(evaluateExpression("github['event_name']", scope)).toBe('issues');
    expect(evaluateExpression('github.event.issue.labels[1].name', scope)).toBe('agent:ready');
    expect(evaluateExpression('github.event.nothing.here', scope)).toBeNull();
    expect(evaluateExpression('github.event.issue.labels.*.name', scope)).toEqual(['bug', 'agent:ready']);
  });

  test('operators: == != < > ! && || with GitHub coercions; string comparison ignores case', () => {
    expect(evaluateExpression("github.event_name == 'ISSUES'", scope)).toBe(true);
    expect(evaluateExpression("github.event_name != 'push'", scope)).toBe(true);
    expect(evaluateExpression('needs.supervisor.outputs.count == 2', scope)).toBe(true);
    expect(evaluateExpression('1 < 2 && 3 > 2', scope)).toBe(true);
    expect(evaluateExpression('!inputs.flag', scope)).toBe(false);
    // && and || return an operand, not a boolean, as in GitHub.
    expect(evaluateExpression("inputs.missing || 'default'", scope)).toBe('default');
    expect(evaluateExpression('inputs.name && env.MODE', scope)).toBe('fast');
    expect(evaluateExpression('null == 0', scope)).toBe(true);
    expect(evaluateExpression("'' == 0", scope)).toBe(true);
  });

  test('functions: contains, startsWith, endsWith, format, join, toJSON, fromJSON', () => {
    expect(evaluateExpression("contains(github.event.issue.labels.*.name, 'AGENT:READY')", scope)).toBe(true);
    expect(evaluateExpression("contains('Hello world', 'WORLD')", scope)).toBe(true);
    expect(evaluateExpression("startsWith(github.event.label.name, 'agent:')", scope)).toBe(true);
    expect(evaluateExpression("endsWith('abc', 'x')", scope)).toBe(false);
    expect(evaluateExpression("format('{0}/{1} {{x}}', 'a', 7)", scope)).toBe('a/7 {x}');
    expect(evaluateExpression("join(github.event.issue.labels.*.name, ', ')", scope)).toBe('bug, agent:ready');
    expect(JSON.parse(evaluateExpression('toJSON(needs.supervisor.result)', scope) as string)).toBe('success');
    expect(evaluateExpression('fromJSON(needs.supervisor.outputs.matrix)', scope)).toEqual({ include: [{ issue: 7 }, { issue: 9 }] });
    expect(evaluateExpression("fromJSON('true')", scope)).toBe(true);
  });

  test('truthiness and string coercion follow GitHub', () => {
    for (const falsy of [false, 0, '', null, undefined]) expect(isTruthy(falsy)).toBe(false);
    for (const truthy of ['0', 'false', [], {}, 1, 'x']) expect(isTruthy(truthy)).toBe(true);
    expect(toExpressionString(null)).toBe('');
    expect(toExpressionString(true)).toBe('true');
    expect(toExpressionString([1])).toBe('Array');
    expect(toExpressionString({ a: 1 })).toBe('Object');
  });

  test('templates: interpolation, typed whole expressions, }} inside strings', () => {
    expect(interpolate('issue #${{ github.event.issue.number }} in ${{ env.MODE }} mode', scope)).toBe('issue #7 in fast mode');
    expect(evaluateValue('${{ inputs.flag }}', scope)).toBe(true);
    expect(evaluateValue({ list: ['${{ 1 }}', 'x-${{ 2 }}'] }, scope)).toEqual({ list: [1, 'x-2'] });
    expect(splitTemplate("a ${{ format('}}') }} b")).toEqual([{ text: 'a ' }, { expression: " format('}}') " }, { text: ' b' }]);
    expect(() => interpolate('${{ github.x', scope)).toThrow(/unclosed/);
  });

  test('if: implicit success(), explicit status functions, text around ${{ }} is always true', () => {
    expect(evaluateCondition(undefined, { ...scope, status: ok })).toBe(true);
    expect(evaluateCondition(undefined, { ...scope, status: failed })).toBe(false);
    expect(evaluateCondition("github.event_name == 'issues'", { ...scope, status: failed })).toBe(false);
    expect(evaluateCondition('${{ always() }}', { ...scope, status: failed })).toBe(true);
    expect(evaluateCondition('failure()', { ...scope, status: failed })).toBe(true);
    expect(evaluateCondition('failure()', { ...scope, status: ok })).toBe(false);
    expect(evaluateCondition('!cancelled() && inputs.flag', { ...scope, status: failed })).toBe(true);
    expect(evaluateCondition("${{ github.event_name == 'push' }}", { ...scope, status: ok })).toBe(false);
    expect(evaluateCondition("ok ${{ github.event_name == 'push' }}", { ...scope, status: ok })).toBe(true);
  });

  test('bad expressions name the expression; unknown contexts and functions are refused', () => {
    expect(() => evaluateExpression('secrets.X', scope)).toThrow(/Unrecognized named-value: 'secrets'.*|secrets/);
    expect(() => evaluateExpression("nosuch('x')", scope)).toThrow(/nosuch/);
    expect(() => evaluateExpression('success()', scope)).toThrow(/success/);
    expect(() => evaluateExpression('1 ==', scope)).toThrow(/expression '1 =='/);
  });
});
