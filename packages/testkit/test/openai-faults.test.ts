import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { startOpenAIEmulator, type OpenAIEmulator } from '../src/openai/index.js';

let emu: OpenAIEmulator;

beforeAll(async () => {
  emu = await startOpenAIEmulator();
});
afterAll(() => emu.close());

const ask = (client: OpenAI, user: string) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: user }] });
const attempts = (user: string) => emu.requests.filter((r) => r.body?.messages?.[0]?.content === user);

describe('faults', () => {
  // How long a client waits on retry-after is the model client's business (packages/llm, on an injected clock);
  // here the emulator only has to send the header, fail the scripted number of times, then answer.
  test('429 carries a fractional retry-after, then the next attempt is answered', async () => {
    emu.fault({ match: { user: 'rate limited' }, kind: '429', retryAfter: 0.9, times: 1 });
    emu.script({ match: { user: 'rate limited' }, reply: 'finally' });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
    const error = (await ask(client, 'rate limited').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('0.9');
    const completion = await ask(client, 'rate limited');
    expect(completion.choices[0]?.message.content).toBe('finally');
    const [first, second] = attempts('rate limited');
    expect(first?.outcome).toBe('429');
    expect(first?.status).toBe(429);
    expect(second?.outcome).toBe('answered');
  });

  test('429 without retries left surfaces as RateLimitError with the header', async () => {
    emu.fault({ match: { user: 'always limited' }, kind: '429', retryAfter: 7 });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
    const error = (await ask(client, 'always limited').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers.get('retry-after')).toBe('7');
    expect(error.code).toBe('rate_limit_exceeded');
  });

  test('500 is retried by the SDK and then answered', async () => {
    emu.fault({ match: { user: 'flaky' }, kind: '500', times: 1 });
    emu.script({ match: { user: 'flaky' }, reply: 'recovered' });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 1 });
    expect((await ask(client, 'flaky')).choices[0]?.message.content).toBe('recovered');
    expect(attempts('flaky').map((r) => r.status)).toEqual([500, 200]);
  });

  test('timeout holds the socket past the client timeout', async () => {
    emu.fault({ match: { user: 'hang' }, kind: 'timeout' });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0, timeout: 200 });
    // Under plain Node the SDK says APIConnectionTimeoutError; inside jest's VM sandbox the abort
    // error comes from another realm and the SDK reports its parent class. Both are connection errors.
    await expect(ask(client, 'hang')).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(attempts('hang')[0]?.outcome).toBe('timeout');
  });

  test('malformed-json answers 200 with content that is not JSON', async () => {
    emu.fault({ match: { user: 'garble' }, kind: 'malformed-json', times: 1 });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
    const content = (await ask(client, 'garble')).choices[0]?.message.content ?? '';
    expect(() => JSON.parse(content)).toThrow(SyntaxError);
  });

  test('truncated cuts the scripted reply and says finish_reason "length"', async () => {
    emu.fault({ match: { user: 'truncate' }, kind: 'truncated', times: 1 });
    emu.script({ match: { user: 'truncate' }, reply: { summary: 'a complete answer', steps: ['one', 'two'] } });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
    const choice = (await ask(client, 'truncate')).choices[0];
    expect(choice?.finish_reason).toBe('length');
    expect('{"summary":"a complete answer","steps":["one","two"]}'.startsWith(choice!.message.content!)).toBe(true);
    expect(() => JSON.parse(choice!.message.content!)).toThrow();
    // The fault did not use up the script: the next request gets the whole answer.
    expect(JSON.parse((await ask(client, 'truncate')).choices[0]!.message.content!).steps).toEqual(['one', 'two']);
  });

  test('refusal sets message.refusal and no content, also when streamed', async () => {
    emu.fault({ match: { user: 'forbidden' }, kind: 'refusal', times: 2 });
    const client = new OpenAI({ baseURL: emu.url, apiKey: 'k', maxRetries: 0 });
    const message = (await ask(client, 'forbidden')).choices[0]?.message;
    expect(message?.content).toBeNull();
    expect(message?.refusal).toMatch(/can't help/);
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'forbidden' }], stream: true });
    let refusal = '';
    for await (const chunk of stream) refusal += chunk.choices[0]?.delta.refusal ?? '';
    expect(refusal).toBe(message?.refusal);
  });

  test('close() ends held sockets so nothing lingers', async () => {
    const other = await startOpenAIEmulator();
    other.fault({ kind: 'timeout' });
    // The client would wait an hour: if close() left the socket open, this test would run into jest's timeout.
    const client = new OpenAI({ baseURL: other.url, apiKey: 'k', maxRetries: 0, timeout: 3_600_000 });
    const pending = ask(client, 'held').catch((e: unknown) => e);
    while (other.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await other.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
