import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { startOpenAIEmulator, type OpenAIEmulator } from '../src/openai/index.js';

let emu: OpenAIEmulator;
let client: OpenAI;

beforeAll(async () => {
  emu = await startOpenAIEmulator();
  emu.script({ match: { user: 'fixed figures' }, reply: 'ok', usage: { prompt_tokens: 5000, cached_tokens: 4096, completion_tokens: 10 } });
  emu.script({ reply: 'ok' });
  client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => emu.close());

// About 3000 tokens of stable text: "word0 word1 …" encodes to roughly two tokens per word.
const stable = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');

async function usage(model: string, system: string, task: string) {
  const completion = await client.chat.completions.create({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: task },
    ],
  });
  return { prompt: completion.usage!.prompt_tokens, cached: completion.usage!.prompt_tokens_details!.cached_tokens! };
}

describe('prompt caching figures', () => {
  test('the first call caches nothing; a repeat with the same stable prefix caches it in 128-token blocks', async () => {
    const first = await usage('gpt-4.1', stable, 'task one');
    expect(first.prompt).toBeGreaterThan(2000);
    expect(first.cached).toBe(0);
    const second = await usage('gpt-4.1', stable, 'task two, which differs');
    expect(second.cached % 128).toBe(0);
    expect(second.cached).toBeGreaterThanOrEqual(first.prompt - 128 - 20);
    expect(second.cached).toBeLessThan(second.prompt);
  });

  test('the cache is per model, and a changed start of the prompt caches nothing', async () => {
    expect((await usage('gpt-4.1-mini', stable, 'task one')).cached).toBe(0);
    expect((await usage('gpt-4.1', `changed ${stable}`, 'task one')).cached).toBe(0);
  });

  test('a common prefix under 1024 tokens is not cached', async () => {
    const short = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    await usage('gpt-4o', short, 'a');
    const again = await usage('gpt-4o', short, 'b');
    expect(again.prompt).toBeLessThan(1024);
    expect(again.cached).toBe(0);
  });

  test('recorded usage matches what the client saw, and script usage overrides win', async () => {
    const figures = await usage('gpt-4.1', stable, 'task three');
    expect(emu.requests.at(-1)?.usage).toEqual({ promptTokens: figures.prompt, cachedTokens: figures.cached, completionTokens: 1 });
    expect(await usage('gpt-4.1', 'x', 'fixed figures')).toEqual({ prompt: 5000, cached: 4096 });
  });
});
