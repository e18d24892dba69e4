import type { TokenUsage } from '../prices.js';
import type { ProxyEndpoint } from './endpoints.js';

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined;

/** What the provider billed for one answer, from its `usage` block (chat and responses name the fields differently). */
export function usageOf(endpoint: ProxyEndpoint, body: unknown): TokenUsage | undefined {
  const usage = (body as { usage?: Record<string, unknown> } | null)?.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  const [input, output, details] =
    endpoint === 'chat'
      ? [usage.prompt_tokens, usage.completion_tokens, usage.prompt_tokens_details]
      : [usage.input_tokens, usage.output_tokens, usage.input_tokens_details];
  const inputTokens = count(input);
  const outputTokens = count(output);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cached = count((details as { cached_tokens?: unknown } | null | undefined)?.cached_tokens) ?? 0;
  return { inputTokens, outputTokens, cachedTokens: Math.min(cached, inputTokens) };
}

/** The prompt's characters a request sends (messages, input, instructions, output format, tools). */
function textLength(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > 64 || value === null || typeof value !== 'object') return 0;
  let total = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) total += textLength(item, depth + 1);
  return total;
}

/** Roughly four characters a token, as the model client estimates: enough to refuse a call that clearly cannot fit. */
export function estimateInputTokens(body: Record<string, unknown>): number {
  const parts = ['messages', 'input', 'instructions', 'response_format', 'text', 'tools'].map((key) => textLength(body[key]));
  return Math.ceil(parts.reduce((a, b) => a + b, 0) / 4);
}
