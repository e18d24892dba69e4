import type { ModelPrice } from '../prices.js';
import type { ProxyEndpoint } from './endpoints.js';
import type { Spend } from './spend-gate.js';

/** No model answers with more tokens than this, so a larger room needs no limit written into the request. */
const LONGEST_ANSWER = 128_000;

/** How many output tokens still fit under both caps (the call's own input estimate already held). */
export function outputRoom(headroom: Spend, price: ModelPrice): number {
  const byCost = price.output > 0 ? headroom.costUsd / (price.output / 1_000_000) : Infinity;
  return Math.floor(Math.min(headroom.tokens, byCost));
}

/**
 * Lowers the request's output limit to what the budget has room for, so one answer cannot carry the
 * spending past a cap: the provider stops there (finish_reason `length`) instead.
 */
export function limitOutput(endpoint: ProxyEndpoint, body: Record<string, unknown>, room: number): void {
  const fields = endpoint === 'chat' ? ['max_completion_tokens', 'max_tokens'] : ['max_output_tokens'];
  const given = fields.filter((field) => typeof body[field] === 'number');
  for (const field of given) body[field] = Math.min(body[field] as number, room);
  if (given.length === 0 && room < LONGEST_ANSWER) body[fields[0]!] = room;
}
