import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConfigurationError, ModelProviderError, errorKind, manualClock } from '@eternia/core';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import {
  createModelClient,
  ModelOutputInvalidError,
  ModelRefusalError,
  ModelRequestError,
  ModelTruncationError,
  type ChatMessage,
} from '../src/index.js';

const KEY = 'sk-llm-tests';
let emu: OpenAIEmulator;

beforeAll(async () => {
  emu = await startOpenAIEmulator({ apiKey: KEY });
});
afterAll(() => emu.close());

const Plan = z.object({
  summary: z.string(),
  steps: z.array(z.object({ id: z.string(), text: z.string() })),
  risk: z.string().nullable(),
});
const goodPlan = { summary: 'add --dry-run', steps: [{ id: 'S1', text: 'write a failing test' }], risk: null };

function messages(task: string): ChatMessage[] {
  return [
    { role: 'system', content: 'You are the planner.' },
    { role: 'user', content: task },
  ];
}

const client = (extra: Partial<Parameters<typeof createModelClient>[0]> = {}) =>
  createModelClient({ apiKey: KEY, baseURL: emu.url, maxRetries: 0, ...extra });
const callsFor = (task: string) => emu.requests.filter((r) => r.body?.messages?.some((m: ChatMessage) => m.content === task));

describe('structured()', () => {
  test('returns the zod-parsed answer, sends a strict json_schema and the role, and books the call', async () => {
    emu.script({ match: { role: 'planner', schemaName: 'plan', user: 'happy path' }, reply: goodPlan });
    const c = client();
    const plan = await c.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('happy path') });
    expect(plan).toEqual(goodPlan);
    const [request] = callsFor('happy path');
    expect(request?.headers['x-eternia-role']).toBe('planner');
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'plan', strict: true } });
    expect(request?.body.response_format.json_schema.schema.required).toEqual(['summary', 'steps', 'risk']);
    expect(emu.schemaMismatches).toEqual([]);
    expect(c.ledger.entries).toHaveLength(1);
    expect(c.ledger.entries[0]).toMatchObject({
      role: 'planner',
      model: 'gpt-4.1',
      outcome: 'ok',
      cachedTokens: 0,
      inputTokens: request!.usage!.promptTokens,
      outputTokens: request!.usage!.completionTokens,
    });
  });

  test('an answer that fails the schema gets one repair retry carrying the validation error', async () => {
    emu.script({ match: { user: 'repair works', schemaName: 'plan' }, reply: { summary: 'no steps given', risk: null }, times: 1 });
    emu.script({ match: { user: 'repair works', schemaName: 'plan' }, reply: goodPlan, times: 1 });
    const c = client();
    const plan = await c.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('repair works') });
    expect(plan).toEqual(goodPlan);
    const calls = callsFor('repair works');
    expect(calls).toHaveLength(2);
    const repair = calls[1]!.body.messages as ChatMessage[];
    // The original conversation stays as the prefix; the failed answer and the problem follow.
    expect(repair.slice(0, 2)).toEqual(messages('repair works'));
    expect(repair[2]).toEqual({ role: 'assistant', content: JSON.stringify({ summary: 'no steps given', risk: null }) });
    expect(repair[3]?.content).toMatch(/does not match the required JSON schema 'plan'[\s\S]*steps/);
    expect(c.ledger.entries.map((e) => e.outcome)).toEqual(['repair', 'ok']);
    emu.schemaMismatches.length = 0;
  });

  test('malformed JSON is repaired too', async () => {
    emu.fault({ match: { user: 'garbled then fine' }, kind: 'malformed-json', times: 1 });
    emu.script({ match: { user: 'garbled then fine' }, reply: goodPlan });
    const c = client();
    await expect(
      c.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('garbled then fine') }),
    ).resolves.toEqual(goodPlan);
    expect(callsFor('garbled then fine')[1]?.body.messages.at(-1).content).toMatch(/not valid JSON/);
  });

  test('a second invalid answer is a typed error with the problem and the raw answer', async () => {
    emu.script({ match: { user: 'always wrong' }, reply: { summary: 7, steps: [], risk: null } });
    const c = client();
    const error = await c
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('always wrong') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOutputInvalidError);
    expect(error).toBeInstanceOf(ModelProviderError);
    expect(errorKind(error)).toBe('model');
    const invalid = error as ModelOutputInvalidError;
    expect(invalid.message).toMatch(/planner.*'plan' after a repair retry.*summary/s);
    expect(JSON.parse(invalid.raw)).toEqual({ summary: 7, steps: [], risk: null });
    expect(callsFor('always wrong')).toHaveLength(2);
    expect(c.ledger.entries.map((e) => e.outcome)).toEqual(['repair', 'invalid']);
    emu.schemaMismatches.length = 0;
  });

  test('a refusal is a model error carrying the refusal text, with no repair retry', async () => {
    emu.fault({ match: { user: 'please refuse' }, kind: 'refusal', refusal: 'I cannot help with credential theft.' });
    const c = client();
    const error = await c
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('please refuse') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRefusalError);
    expect((error as ModelRefusalError).kind).toBe('model');
    expect((error as ModelRefusalError).refusal).toBe('I cannot help with credential theft.');
    expect((error as Error).message).toContain('I cannot help with credential theft.');
    expect(callsFor('please refuse')).toHaveLength(1);
    expect(c.ledger.entries[0]?.outcome).toBe('refused');
  });

  test('finish_reason "length" is a truncation error, also when the output limit cuts the answer', async () => {
    emu.fault({ match: { user: 'cut off' }, kind: 'truncated' });
    emu.script({ match: { user: 'cut off' }, reply: goodPlan });
    const error = await client()
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('cut off') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelTruncationError);
    expect((error as ModelTruncationError).partial.length).toBeGreaterThan(0);

    emu.script({ match: { user: 'tight limit' }, reply: goodPlan });
    const limited = await client()
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('tight limit'), maxOutputTokens: 5 })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ModelTruncationError);
    expect(callsFor('tight limit')[0]?.body.max_completion_tokens).toBe(5);
  });

  test('a schema with optional fields is refused before any request, naming the fields', async () => {
    const before = emu.requests.length;
    const Loose = z.object({
      summary: z.string(),
      notes: z.string().optional(),
      steps: z.array(z.object({ id: z.string(), hint: z.string().default('') })),
    });
    await expect(
      client().structured({ role: 'planner', model: 'gpt-4.1', schema: Loose, schemaName: 'loose', messages: messages('x') }),
    ).rejects.toThrow(/schema 'loose' has optional fields \(notes, steps\[\]\.hint\).*nullable/);
    expect(emu.requests.length).toBe(before);
  });
});

describe('text()', () => {
  test('returns the content of a plain completion', async () => {
    emu.script({ match: { user: 'say hi', role: 'scribe' }, reply: 'hi there' });
    const c = client();
    expect(await c.text({ role: 'scribe', model: 'gpt-4.1-mini', messages: messages('say hi') })).toBe('hi there');
    expect(callsFor('say hi')[0]?.body.response_format).toBeUndefined();
    expect(c.ledger.entries[0]).toMatchObject({ role: 'scribe', model: 'gpt-4.1-mini', outputTokens: 2 });
  });
});

describe('provider failures', () => {
  test('429 is retried after the retry-after the provider asked for', async () => {
    emu.fault({ match: { user: 'busy provider' }, kind: '429', retryAfter: 0.9, times: 1 });
    emu.script({ match: { user: 'busy provider' }, reply: 'served' });
    const clock = manualClock();
    const c = client({ maxRetries: 2, clock });
    expect(await c.text({ role: 'scribe', model: 'gpt-4.1', messages: messages('busy provider') })).toBe('served');
    expect(callsFor('busy provider').map((r) => r.status)).toEqual([429, 200]);
    expect(clock.sleeps).toEqual([900]);
    // The wait is part of the call's latency.
    expect(c.ledger.entries[0]?.latencyMs).toBe(900);
  });

  test('a retry-after longer than 60 s is not honoured: the client backs off and tries again', async () => {
    emu.fault({ match: { user: 'come back tomorrow' }, kind: '429', retryAfter: 86_400, times: 1 });
    emu.script({ match: { user: 'come back tomorrow' }, reply: 'served anyway' });
    const clock = manualClock();
    expect(await client({ maxRetries: 1, clock }).text({ role: 'scribe', model: 'gpt-4.1', messages: messages('come back tomorrow') })).toBe(
      'served anyway',
    );
    expect(clock.sleeps).toHaveLength(1);
    // First back-off: 0.5 s less up to 25 % jitter.
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
  });

  test('429 with no retries left is a model error naming retry-after', async () => {
    emu.fault({ match: { user: 'still busy' }, kind: '429', retryAfter: 30 });
    const error = await client()
      .text({ role: 'scribe', model: 'gpt-4.1', messages: messages('still busy') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as ModelRequestError).status).toBe(429);
    expect((error as Error).message).toMatch(/HTTP 429: rate limited, retry-after 30 s/);
  });

  test('500 is retried', async () => {
    emu.fault({ match: { user: 'hiccup' }, kind: '500', times: 1 });
    emu.script({ match: { user: 'hiccup' }, reply: 'fine now' });
    const clock = manualClock();
    expect(await client({ maxRetries: 1, clock }).text({ role: 'scribe', model: 'gpt-4.1', messages: messages('hiccup') })).toBe('fine now');
    expect(callsFor('hiccup').map((r) => r.status)).toEqual([500, 200]);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
  });

  test('5xx retries back off exponentially and the final error counts the retries', async () => {
    emu.fault({ match: { user: 'down for good' }, kind: '500' });
    const clock = manualClock();
    const error = await client({ maxRetries: 3, clock })
      .text({ role: 'scribe', model: 'gpt-4.1', messages: messages('down for good') })
      .catch((e: unknown) => e);
    expect(callsFor('down for good')).toHaveLength(4);
    expect((error as Error).message).toMatch(/HTTP 500: provider error \(after 3 retries\)/);
    const [a, b, c] = clock.sleeps as [number, number, number];
    expect(clock.sleeps).toHaveLength(3);
    expect([a >= 375 && a <= 500, b >= 750 && b <= 1000, c >= 1500 && c <= 2000]).toEqual([true, true, true]);
  });

  test('a call that outlasts timeoutMs is a model error that says it timed out', async () => {
    emu.fault({ match: { user: 'never answers' }, kind: 'timeout' });
    const clock = manualClock();
    const error = await client({ timeoutMs: 250, maxRetries: 1, clock })
      .text({ role: 'implementer', model: 'gpt-4.1-mini', messages: messages('never answers') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toBe('model call for implementer (gpt-4.1-mini) timed out after 250 ms (after 1 retries)');
    // A timed-out attempt is retried like a lost connection.
    expect(callsFor('never answers').map((r) => r.outcome)).toEqual(['timeout', 'timeout']);
    expect(clock.sleeps).toHaveLength(1);
  });

  test('a rejected key is a model error with status 401 and never shows the key', async () => {
    const error = await createModelClient({ apiKey: 'sk-not-the-right-one', baseURL: emu.url, maxRetries: 0 })
      .text({ role: 'scribe', model: 'gpt-4.1', messages: messages('hi') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as ModelRequestError).status).toBe(401);
    expect((error as Error).message).toMatch(/HTTP 401: the provider rejected the API key/);
    expect((error as Error).message).not.toContain('sk-not-the-right-one');
  });

  test('an unreachable server is a model error', async () => {
    const error = await createModelClient({ apiKey: KEY, baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 })
      .text({ role: 'scribe', model: 'gpt-4.1', messages: messages('hi') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toMatch(/could not reach the provider/);
  });
});

describe('options and requests are checked', () => {
  test('missing key, bad URL and bad numbers are configuration errors naming the option', () => {
    expect(() => createModelClient({ apiKey: '' })).toThrow(ConfigurationError);
    expect(() => createModelClient({ apiKey: '' })).toThrow(/option apiKey/);
    expect(() => createModelClient({ apiKey: 'k', baseURL: 'localhost:8080' })).toThrow(/option baseURL/);
    expect(() => createModelClient({ apiKey: 'k', timeoutMs: 0 })).toThrow(/option timeoutMs/);
    expect(() => createModelClient({ apiKey: 'k', prices: { m: { input: -1, output: 1 } } })).toThrow(/prices\.m\.input/);
  });

  test('empty messages or a bad message role are refused before any request', async () => {
    const before = emu.requests.length;
    await expect(client().text({ role: 'scribe', model: 'gpt-4.1', messages: [] })).rejects.toThrow(/scribe has no messages/);
    await expect(client().text({ role: 'scribe', model: 'gpt-4.1', messages: [{ role: 'tool' as never, content: 'x' }] })).rejects.toThrow(
      /messages\[0\]/,
    );
    expect(emu.requests.length).toBe(before);
  });
});
