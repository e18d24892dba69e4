import { processWide } from '../process/process-wide.js';

type Tokenizer = typeof import('gpt-tokenizer/encoding/o200k_base');

/**
 * Token counts as the provider would bill them, and the share served from its prompt cache.
 * The prompt is rendered the way providers do: tools and the response schema first (they live in
 * the system preamble), then each message framed by start/end markers.
 */

// Negative ids stand in for the chat-format special tokens: they count as one token each and never
// collide with a real vocabulary id, so prefix comparison stays exact.
const MESSAGE_START = -1;
const MESSAGE_SEPARATOR = -2;
const MESSAGE_END = -3;
const REPLY_PRIMER = -4;

/**
 * The o200k encoding builds its tables on import (0.2–0.3 s of CPU): it is loaded when an emulator starts, not by
 * every test file that imports the testkit, and once per process, not once per test file (it holds no state).
 */
const shared = processWide('o200k-tokenizer', () => ({ tokenizer: undefined as Tokenizer | undefined }));

export async function loadTokenizer(): Promise<void> {
  shared.tokenizer ??= await import('gpt-tokenizer/encoding/o200k_base');
}

function loaded(): Tokenizer {
  const tokenizer = shared.tokenizer;
  if (!tokenizer) throw new Error('openai emulator: the tokenizer is not loaded (startOpenAIEmulator loads it)');
  return tokenizer;
}

/** Text encoded as plain text: special-token look-alikes inside untrusted content are just text. */
export function textTokens(text: string): number[] {
  return loaded().encode(text, { disallowedSpecial: new Set() });
}

export function tokensText(tokens: number[]): string {
  return loaded().decode(tokens);
}

export interface PromptPart {
  role: string;
  text: string;
}

export function promptTokens(preamble: string | undefined, parts: PromptPart[]): number[] {
  const tokens: number[] = [];
  if (preamble) tokens.push(MESSAGE_START, ...textTokens(preamble), MESSAGE_END);
  for (const part of parts) {
    tokens.push(MESSAGE_START, ...textTokens(part.role), MESSAGE_SEPARATOR, ...textTokens(part.text), MESSAGE_END);
  }
  tokens.push(REPLY_PRIMER);
  return tokens;
}

/** OpenAI caches prompts of at least 1024 tokens, in 128-token steps of an identical prefix. */
export const CACHE_MIN_TOKENS = 1024;
export const CACHE_BLOCK_TOKENS = 128;

export function cachedTokens(previous: readonly number[] | undefined, current: readonly number[]): number {
  if (!previous) return 0;
  const limit = Math.min(previous.length, current.length);
  let common = 0;
  while (common < limit && previous[common] === current[common]) common++;
  if (common < CACHE_MIN_TOKENS) return 0;
  return Math.floor(common / CACHE_BLOCK_TOKENS) * CACHE_BLOCK_TOKENS;
}
