/**
 * GitHub's `${{ }}` expression language, evaluated with GitHub's own implementation
 * (@actions/expressions, the parser and evaluator behind the Actions language services) plus the
 * runner's status functions (success, failure, always, cancelled), which that package leaves to its host.
 */
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { Expr } from '@actions/expressions';
import { FunctionCall } from '@actions/expressions/ast';
import { truthy } from '@actions/expressions/result';
import { ConfigurationError } from '@eternia/core';

/** Job or step status, as the status functions see it. */
export interface StatusProvider {
  success(): boolean;
  failure(): boolean;
  cancelled(): boolean;
}

export interface ExpressionScope {
  /** Context name → plain JSON-like value (github, env, inputs, secrets, vars, needs, matrix, steps, job, runner, strategy, jobs…). */
  contexts: Record<string, unknown>;
  /** Absent where GitHub allows no status function (e.g. `with:`); then calling one is an error. */
  status?: StatusProvider;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

function statusFunctions(status: StatusProvider): Map<string, { name: string; minArgs: number; maxArgs: number; call: () => data.ExpressionData }> {
  const make = (name: string, fn: () => boolean) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(fn()) }] as const;
  return new Map([
    make('success', () => status.success()),
    make('failure', () => status.failure()),
    make('cancelled', () => status.cancelled()),
    make('always', () => true),
  ]);
}

function toData(value: unknown): data.ExpressionData {
  if (value === undefined) return new data.Null();
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
}

function fromData(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null') as unknown;
}

function parse(expression: string, scope: ExpressionScope): Expr {
  const lexed = new Lexer(expression).lex();
  const funcs = scope.status ? [...statusFunctions(scope.status).values()] : [];
  return new Parser(lexed.tokens, Object.keys(scope.contexts), funcs).parse();
}

function evaluateToData(expression: string, scope: ExpressionScope): data.ExpressionData {
  try {
    const tree = parse(expression, scope);
    const context = new data.Dictionary(...Object.entries(scope.contexts).map(([key, value]) => ({ key, value: toData(value) })));
    return new Evaluator(tree, context, scope.status ? statusFunctions(scope.status) : undefined).evaluate();
  } catch (error) {
    throw new ConfigurationError((error as Error).message, `expression '${expression.trim()}'`, { cause: error });
  }
}

/** Evaluates a bare expression (no `${{ }}`) to a plain value. */
export function evaluateExpression(expression: string, scope: ExpressionScope): unknown {
  return fromData(evaluateToData(expression, scope));
}

/** GitHub's truthiness: false, 0, -0, NaN, '' and null are falsy; everything else (the string '0' too) is truthy. */
export function isTruthy(value: unknown): boolean {
  return truthy(toData(value));
}

/** GitHub's string coercion: null → '', booleans and numbers as text, arrays and objects as 'Array' / 'Object'. */
export function toExpressionString(value: unknown): string {
  return toData(value).coerceString();
}

interface Segment {
  text?: string;
  expression?: string;
}

/** Splits "a ${{ x }} b" into literal and expression parts; `}}` inside a quoted string does not close. */
export function splitTemplate(template: string): Segment[] {
  const parts: Segment[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('${{', index);
    if (open < 0) {
      parts.push({ text: template.slice(index) });
      break;
    }
    if (open > index) parts.push({ text: template.slice(index, open) });
    let cursor = open + 3;
    let inString = false;
    let close = -1;
    while (cursor < template.length) {
      const ch = template[cursor];
      if (inString) {
        if (ch === "'" && template[cursor + 1] === "'") cursor += 1;
        else if (ch === "'") inString = false;
      } else if (ch === "'") inString = true;
      else if (ch === '}' && template[cursor + 1] === '}') {
        close = cursor;
        break;
      }
      cursor += 1;
    }
    if (close < 0) throw new ConfigurationError('unclosed ${{', `template '${template}'`);
    parts.push({ expression: template.slice(open + 3, close) });
    index = close + 2;
  }
  return parts;
}

/** Replaces every `${{ }}` in a string with its value coerced to a string. */
export function interpolate(template: string, scope: ExpressionScope): string {
  return splitTemplate(template)
    .map((part) => (part.expression !== undefined ? evaluateToData(part.expression, scope).coerceString() : part.text))
    .join('');
}

/**
 * Evaluates a YAML value: a string that is exactly one `${{ }}` keeps its type (so a matrix can be
 * `${{ fromJSON(...) }}` and a boolean input stays boolean), other strings are interpolated,
 * arrays and mappings are walked (keys included).
 */
export function evaluateValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') {
    const parts = splitTemplate(value.trim());
    if (parts.length === 1 && parts[0]?.expression !== undefined) return evaluateExpression(parts[0].expression, scope);
    return value.includes('${{') ? interpolate(value, scope) : value;
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [interpolate(key, scope), evaluateValue(item, scope)]));
  }
  return value;
}

/** Evaluates a mapping of strings (env, with, outputs) to strings. */
export function evaluateStringMap(map: unknown, scope: ExpressionScope, where: string): Record<string, string> {
  if (map === undefined || map === null) return {};
  if (typeof map !== 'object' || Array.isArray(map)) throw new ConfigurationError('must be a mapping', where);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    out[key] = typeof value === 'string' ? interpolate(value, scope) : toExpressionString(value);
  }
  return out;
}

function usesStatusFunction(node: unknown): boolean {
  if (node instanceof FunctionCall && STATUS_FUNCTIONS.includes(node.functionName.lexeme.toLowerCase())) return true;
  if (node === null || typeof node !== 'object') return false;
  return Object.values(node).some((child) =>
    Array.isArray(child) ? child.some(usesStatusFunction) : child instanceof Object && usesStatusFunction(child),
  );
}

/**
 * An `if:` as GitHub reads it: `${{ }}` optional; without a status function it means `success() && (…)`.
 * A condition with text around the `${{ }}` is a non-empty string, hence true — GitHub's own gotcha, kept.
 */
export function evaluateCondition(condition: unknown, scope: ExpressionScope & { status: StatusProvider }): boolean {
  if (condition === undefined || condition === null || condition === '') return scope.status.success();
  if (typeof condition === 'boolean' || typeof condition === 'number') return scope.status.success() && isTruthy(condition);
  if (typeof condition !== 'string') throw new ConfigurationError('must be an expression string', 'if');
  const trimmed = condition.trim();
  const parts = splitTemplate(trimmed);
  let expression: string;
  if (!trimmed.includes('${{')) expression = trimmed;
  else if (parts.length === 1 && parts[0]?.expression !== undefined) expression = parts[0].expression;
  else return scope.status.success() && isTruthy(interpolate(trimmed, scope));
  const tree = (() => {
    try {
      return parse(expression, scope);
    } catch (error) {
      throw new ConfigurationError((error as Error).message, `expression '${expression.trim()}'`, { cause: error });
    }
  })();
  // Like GitHub's implicit `success() && (…)`, the condition is not evaluated once the status says no.
  if (!usesStatusFunction(tree) && !scope.status.success()) return false;
  return truthy(evaluateToData(expression, scope));
}
