import type { Endpoint, RequestView } from './request-view.js';

/** Which requests a rule answers. A string matches as a substring, a RegExp by test; every given field must match. */
export interface RuleMatch {
  endpoint?: Endpoint;
  model?: string | RegExp;
  /** Any system or developer message (or responses `instructions`). */
  system?: string | RegExp;
  /** Any user message. */
  user?: string | RegExp;
  schemaName?: string;
  /** The project's role, from the `x-eternia-role` header. */
  role?: string;
}

/** What a reply function sees. */
export interface ScriptedRequest {
  endpoint: Endpoint;
  model: string;
  role: string | undefined;
  schemaName: string | undefined;
  schema: Record<string, unknown> | undefined;
  messages: Array<{ role: string; text: string }>;
  body: any;
}

export type ScriptedReply = string | object | ((req: ScriptedRequest) => string | object);

export interface ScriptRule {
  match?: RuleMatch;
  /** A string is sent as is; an object is JSON-encoded. */
  reply: ScriptedReply;
  /** How many requests this rule answers; unlimited when absent. */
  times?: number;
  /** Overrides of the computed usage figures. */
  usage?: { prompt_tokens?: number; completion_tokens?: number; cached_tokens?: number };
}

export type FaultKind = '429' | '500' | 'timeout' | 'malformed-json' | 'truncated' | 'refusal';

export interface FaultRule {
  match?: RuleMatch;
  kind: FaultKind;
  /** Seconds for the `retry-after` header of a 429 (fractions allowed; the openai SDK honours them). */
  retryAfter?: number;
  /** How many requests this fault hits; unlimited when absent. */
  times?: number;
  /** The refusal text for kind 'refusal'. */
  refusal?: string;
}

function textMatches(pattern: string | RegExp, text: string): boolean {
  if (typeof pattern === 'string') return text.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(text);
}

export function ruleMatches(match: RuleMatch | undefined, view: RequestView): boolean {
  if (!match) return true;
  if (match.endpoint !== undefined && match.endpoint !== view.endpoint) return false;
  if (match.model !== undefined && !(typeof match.model === 'string' ? match.model === view.model : textMatches(match.model, view.model)))
    return false;
  if (match.schemaName !== undefined && match.schemaName !== view.schemaName) return false;
  if (match.role !== undefined && match.role !== view.role) return false;
  const byRole = (roles: string[]) => view.messages.filter((m) => roles.includes(m.role)).map((m) => m.text);
  if (match.system !== undefined && !byRole(['system', 'developer']).some((t) => textMatches(match.system!, t))) return false;
  if (match.user !== undefined && !byRole(['user']).some((t) => textMatches(match.user!, t))) return false;
  return true;
}

/** Rules in the order they were added; the first matching rule with uses left answers. */
export class RuleBook<R extends { match?: RuleMatch; times?: number }> {
  private readonly entries: Array<{ rule: R; left: number }> = [];

  add(rule: R): void {
    const times = rule.times ?? Infinity;
    if (!(times > 0)) throw new Error(`openai emulator: rule 'times' must be a positive number, got ${String(rule.times)}`);
    this.entries.push({ rule, left: times });
  }

  /** The first matching rule, without using it up. */
  peek(view: RequestView): R | undefined {
    return this.entries.find((e) => e.left > 0 && ruleMatches(e.rule.match, view))?.rule;
  }

  take(view: RequestView): R | undefined {
    const entry = this.entries.find((e) => e.left > 0 && ruleMatches(e.rule.match, view));
    if (!entry) return undefined;
    entry.left--;
    return entry.rule;
  }

  get size(): number {
    return this.entries.length;
  }
}

export function scriptedRequest(view: RequestView): ScriptedRequest {
  return {
    endpoint: view.endpoint,
    model: view.model,
    role: view.role,
    schemaName: view.schemaName,
    schema: view.schema,
    messages: view.messages,
    body: view.body,
  };
}

export function replyText(reply: ScriptedReply, view: RequestView): string {
  const value = typeof reply === 'function' ? reply(scriptedRequest(view)) : reply;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
