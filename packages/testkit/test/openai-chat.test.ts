import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { startOpenAIEmulator, type OpenAIEmulator } from '../src/openai/index.js';

const KEY = 'sk-test-emulator-key';
let emu: OpenAIEmulator;
let client: OpenAI;

beforeAll(async () => {
  emu = await startOpenAIEmulator({ apiKey: KEY });
  client = new OpenAI({ baseURL: emu.url, apiKey: KEY, maxRetries: 0 });
});
afterAll(() => emu.close());

describe('chat completions', () => {
  test('answers a plain request with the first matching rule and counts usage', async () => {
    emu.script({ match: { user: 'capital of France' }, reply: 'Paris.' });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You answer in one word.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('Paris.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(2); // "Paris" "." in o200k
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(10);
    expect(completion.usage?.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    const recorded = emu.requests.at(-1)!;
    expect(recorded.endpoint).toBe('chat');
    expect(recorded.body.messages[1].content).toBe('What is the capital of France?');
    expect(recorded.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(recorded.outcome).toBe('answered');
  });

  test('streams chunks the SDK reassembles, with a final usage chunk when asked', async () => {
    const text = 'A streamed answer that is long enough to need several chunks. ✓ 🎉';
    emu.script({ match: { user: 'stream please' }, reply: text });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let chunks = 0;
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) {
        usage = chunk.usage;
        expect(chunk.choices).toEqual([]);
      }
    }
    expect(content).toBe(text);
    expect(chunks).toBeGreaterThan(4);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(5);
  });

  test('a stream without include_usage carries no usage chunk', async () => {
    emu.script({ match: { user: 'no usage' }, reply: 'ok', times: 1 });
    const stream = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'no usage' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  test('object replies are JSON-encoded and reply functions see the request', async () => {
    emu.script({ match: { user: 'echo' }, reply: (req) => ({ model: req.model, count: req.messages.length }) });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'echo' }] });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ model: 'gpt-4o', count: 1 });
  });

  test('rules match on model, system text, role header, and run out after `times`', async () => {
    emu.script({ match: { role: 'planner', system: /planning assistant/, model: 'gpt-4.1' }, reply: 'plan A', times: 1 });
    emu.script({ match: { role: 'planner' }, reply: 'plan B' });
    const ask = (model: string) =>
      client.chat.completions.create(
        {
          model,
          messages: [
            { role: 'system', content: 'You are a planning assistant.' },
            { role: 'user', content: 'plan' },
          ],
        },
        { headers: { 'x-eternia-role': 'planner' } },
      );
    expect((await ask('gpt-4.1')).choices[0]?.message.content).toBe('plan A');
    expect((await ask('gpt-4.1')).choices[0]?.message.content).toBe('plan B');
    expect((await ask('gpt-4o-mini')).choices[0]?.message.content).toBe('plan B');
  });

  test('a reply longer than max_completion_tokens is cut with finish_reason "length"', async () => {
    emu.script({ match: { user: 'long answer' }, reply: 'one two three four five six seven eight nine ten' });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      max_completion_tokens: 3,
      messages: [{ role: 'user', content: 'long answer' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.message.content).toBe('one two three');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  test('no matching rule is a 400 that says so, and is not retried', async () => {
    const retrying = new OpenAI({ baseURL: emu.url, apiKey: KEY, maxRetries: 2 });
    const before = emu.requests.length;
    const error = await retrying.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'nobody scripted this' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/no scripted answer matched this request .*nobody scripted this/);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('no_scripted_answer');
    expect(emu.requests.length - before).toBe(1);
    expect(emu.requests.at(-1)?.outcome).toBe('unmatched');
  });

  test('a wrong API key is a 401 in OpenAI error shape', async () => {
    const wrong = new OpenAI({ baseURL: emu.url, apiKey: 'sk-wrong-key-123456', maxRetries: 0 });
    const error = await wrong.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect(apiError.status).toBe(401);
    expect(apiError.code).toBe('invalid_api_key');
    expect(apiError.message).toMatch(/Incorrect API key provided: sk-\*\*\*3456/);
    expect(apiError.message).not.toContain('sk-wrong-key-123456');
    expect(emu.requests.at(-1)?.outcome).toBe('unauthorized');
  });

  test('a missing required parameter and an unknown route answer like the API', async () => {
    const noMessages = await fetch(`${emu.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o' }),
    });
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as any).error).toMatchObject({ param: 'messages', type: 'invalid_request_error' });
    const badJson = await fetch(`${emu.url}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{not json' });
    expect(badJson.status).toBe(400);
    const unknown = await fetch(`${emu.url}/embeddingz`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toBe('Invalid URL (POST /v1/embeddingz)');
  });

  test('GET /v1/models lists default and scripted models', async () => {
    emu.script({ match: { model: 'my-local-llama' }, reply: 'hi' });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4.1', 'gpt-4o-mini', 'my-local-llama']));
    expect((await client.models.retrieve('my-local-llama')).id).toBe('my-local-llama');
    await expect(client.models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  test('bad rules are refused at once', () => {
    expect(() => emu.fault({ kind: '418' as never })).toThrow(/unknown fault kind "418"/);
    expect(() => emu.script({ reply: 'x', times: 0 })).toThrow(/times/);
  });
});
