import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { createModelClient, ModelRequestError, startModelProxy, type ModelProxy, type ModelProxyOptions } from '../src/index.js';

const KEY = 'sk-proxy-real-key-0123456789abcdef';
const ACCESS = 'proxy-access-token-0123456789';
let emu: OpenAIEmulator;
const open: ModelProxy[] = [];
const logs: string[] = [];

beforeAll(async () => {
  emu = await startOpenAIEmulator({ apiKey: KEY });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((proxy) => proxy.close()));
});
afterAll(() => emu.close());

async function proxy(extra: Partial<ModelProxyOptions> = {}): Promise<ModelProxy> {
  const started = await startModelProxy({
    upstream: emu.url,
    apiKey: KEY,
    accessToken: ACCESS,
    budget: { maxTokens: 100_000, maxCostUsd: 5 },
    log: (line) => logs.push(line),
    ...extra,
  });
  open.push(started);
  return started;
}

/** A raw call, to see exactly what the proxy answers. */
async function post(url: string, path: string, body: unknown, auth: string | null = `Bearer ${ACCESS}`) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth !== null && { authorization: auth }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text, json: JSON.parse(text) as any };
}

const chat = (user: string, model = 'gpt-4.1') => ({ model, messages: [{ role: 'user' as const, content: user }] });
const seen = (user: string) => emu.requests.filter((r) => JSON.stringify(r.body ?? '').includes(user));

describe('forwarding', () => {
  test('the model client reaches the emulator through the proxy with the access token; the emulator sees the real key', async () => {
    emu.script({ match: { user: 'through the proxy' }, reply: 'proxied answer' });
    const p = await proxy();
    const client = createModelClient({ apiKey: ACCESS, baseURL: p.url, maxRetries: 0 });
    await expect(client.text({ role: 'planner', model: 'gpt-4.1', messages: [{ role: 'user', content: 'through the proxy' }] })).resolves.toBe(
      'proxied answer',
    );
    const [request] = seen('through the proxy');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['x-eternia-role']).toBe('planner');
    expect(request?.outcome).toBe('answered');
    const usage = request!.usage!;
    expect(p.spent().tokens).toBe(usage.promptTokens + usage.completionTokens);
    expect(p.spent().costUsd).toBeCloseTo((usage.promptTokens * 2 + usage.completionTokens * 8) / 1_000_000, 10);
  });

  test('the responses endpoint is forwarded too and its usage counted', async () => {
    emu.script({ match: { endpoint: 'responses', user: 'responses via proxy' }, reply: 'ok from responses' });
    const p = await proxy();
    const sdk = new OpenAI({ apiKey: ACCESS, baseURL: p.url, maxRetries: 0 });
    const response = await sdk.responses.create({ model: 'gpt-4.1-mini', input: 'responses via proxy' });
    expect(response.output_text).toBe('ok from responses');
    expect(p.spent().tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(seen('responses via proxy')[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  test('an upstream 429 with retry-after reaches the caller, so the SDK retries and then succeeds', async () => {
    emu.fault({ match: { user: 'rate limited once' }, kind: '429', retryAfter: 0.01, times: 1 });
    emu.script({ match: { user: 'rate limited once' }, reply: 'after the retry' });
    const p = await proxy();
    const sdk = new OpenAI({ apiKey: ACCESS, baseURL: p.url, maxRetries: 1 });
    const completion = await sdk.chat.completions.create(chat('rate limited once'));
    expect(completion.choices[0]?.message.content).toBe('after the retry');
    expect(seen('rate limited once').map((r) => r.status)).toEqual([429, 200]);

    emu.fault({ match: { user: 'raw 429' }, kind: '429', retryAfter: 7, times: 1 });
    const raw = await post(p.url, '/chat/completions', chat('raw 429'));
    expect(raw.status).toBe(429);
    expect(raw.headers['retry-after']).toBe('7');
    expect(raw.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(raw.json.error.code).toBe('rate_limit_exceeded');
  });
});

describe('refusals that never reach the upstream', () => {
  test('a missing or wrong access token is a 401 and the emulator sees nothing', async () => {
    const p = await proxy();
    const before = emu.requests.length;
    for (const auth of [
      null,
      'Bearer wrong-token-0123456789',
      `Bearer ${ACCESS.slice(0, -1)}`,
      `Bearer ${ACCESS}x`,
      `Bearer ${KEY}`,
      ACCESS,
      `Basic ${ACCESS}`,
    ]) {
      const answer = await post(p.url, '/chat/completions', chat('no token'), auth);
      expect([auth, answer.status]).toEqual([auth, 401]);
      expect(answer.json.error.code).toBe('invalid_access_token');
    }
    const sdk = new OpenAI({ apiKey: 'sk-guessed', baseURL: p.url, maxRetries: 0 });
    await expect(sdk.chat.completions.create(chat('no token'))).rejects.toMatchObject({ status: 401 });
    expect(emu.requests.length).toBe(before);
  });

  test('only the two model endpoints are forwarded', async () => {
    const p = await proxy();
    const base = p.url.replace(/\/v1$/, '');
    const before = emu.requests.length;
    const call = async (method: string, path: string) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${ACCESS}` },
        ...(method === 'POST' && { body: '{}' }),
      });
      return { status: response.status, json: (await response.json()) as any };
    };
    for (const [method, path] of [
      ['GET', '/v1/models'],
      ['POST', '/v1/files'],
      ['POST', '/v1/embeddings'],
      ['GET', '/v1/responses/resp_123'],
      ['POST', '/v1/chat/completions/../../v1/models'],
      ['POST', '/chat/completions'],
      ['POST', '/'],
    ] as const) {
      const answer = await call(method, path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.json.error.code).toBe('not_forwarded');
    }
    for (const path of ['/v1/chat/completions', '/v1/responses']) {
      const answer = await call('GET', path);
      expect(answer.status).toBe(405);
    }
    expect(emu.requests.length).toBe(before);
  });

  test('streaming and background requests are refused with a clear 400', async () => {
    const p = await proxy();
    const before = emu.requests.length;
    const stream = await post(p.url, '/chat/completions', { ...chat('stream please'), stream: true });
    expect(stream.status).toBe(400);
    expect(stream.json.error.message).toMatch(/does not forward streaming requests \(stream: true\)/);
    const responsesStream = await post(p.url, '/responses', { model: 'gpt-4.1', input: 'x', stream: 'yes' });
    expect(responsesStream.status).toBe(400);
    const background = await post(p.url, '/responses', { model: 'gpt-4.1', input: 'x', background: true });
    expect(background.status).toBe(400);
    expect((await post(p.url, '/chat/completions', '{not json')).status).toBe(400);
    expect((await post(p.url, '/chat/completions', [chat('array')])).status).toBe(400);
    expect(emu.requests.length).toBe(before);
  });

  test('a model without a price is refused, since the cost cap could not be enforced', async () => {
    const p = await proxy({ prices: { 'gpt-4.1': { input: 2, output: 8 } } });
    const answer = await post(p.url, '/chat/completions', chat('unpriced', 'gpt-unpriced'));
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(/no price for model 'gpt-unpriced' in budget\.prices/);
    expect(seen('unpriced')).toEqual([]);
  });

  test('without a cost cap in the policy file (requirePrices: false) an unpriced model is forwarded on the token cap alone', async () => {
    emu.script({ match: { user: 'local model call' }, reply: 'from a local model' });
    const p = await proxy({
      prices: { 'gpt-4.1': { input: 2, output: 8 } },
      requirePrices: false,
      budget: { maxTokens: 100_000, maxCostUsd: 0.0001 },
    });
    const answer = await post(p.url, '/chat/completions', chat('local model call', 'llama3.1:8b'));
    expect(answer.status).toBe(200);
    expect(p.spent().costUsd).toBe(0);
    expect(p.spent().tokens).toBeGreaterThan(0);
    expect(logs.filter((l) => l.includes('model=llama3.1:8b has no price'))).toHaveLength(1);
  });
});

describe('budget', () => {
  test('a call whose prompt alone would pass budget.max-tokens is refused before the upstream is called', async () => {
    const p = await proxy({ budget: { maxTokens: 1_000, maxCostUsd: 5 } });
    const answer = await post(p.url, '/chat/completions', chat(`too big ${'x'.repeat(8_000)}`));
    expect(answer.status).toBe(429);
    expect(answer.headers['x-should-retry']).toBe('false');
    expect(answer.json.error.code).toBe('budget_exceeded');
    expect(answer.json.error.message).toMatch(/would exceed budget\.max-tokens \(1000\)/);
    expect(seen('too big')).toEqual([]);
    expect(p.spent()).toEqual({ tokens: 0, costUsd: 0 });
  });

  test('once the token cap is reached, the next call is refused and the SDK does not retry it', async () => {
    emu.script({ match: { user: 'spend tokens' }, reply: 'a reply that costs some tokens', usage: { prompt_tokens: 600, completion_tokens: 500 } });
    const p = await proxy({ budget: { maxTokens: 1_000, maxCostUsd: 5 } });
    const client = createModelClient({ apiKey: ACCESS, baseURL: p.url, maxRetries: 3 });
    const ask = () => client.text({ role: 'implementer', model: 'gpt-4.1', messages: [{ role: 'user', content: 'spend tokens' }] });
    await expect(ask()).resolves.toBe('a reply that costs some tokens');
    expect(p.spent().tokens).toBe(1_100);
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as Error).message).toMatch(/HTTP 429.*budget\.max-tokens \(1000\) is reached/);
    expect(seen('spend tokens')).toHaveLength(1);
  });

  test('the cost cap counts with the policy prices, cached input included', async () => {
    emu.script({ match: { user: 'costly' }, reply: 'fine', usage: { prompt_tokens: 1_000_000, cached_tokens: 1_000_000, completion_tokens: 0 } });
    const p = await proxy({ budget: { maxTokens: 10_000_000, maxCostUsd: 1 }, prices: { 'gpt-4.1': { input: 2, 'cached-input': 1, output: 8 } } });
    expect((await post(p.url, '/chat/completions', chat('costly'))).status).toBe(200);
    expect(p.spent()).toEqual({ tokens: 1_000_000, costUsd: 1 });
    const refused = await post(p.url, '/chat/completions', chat('costly'));
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/budget\.max-cost-usd \(\$1\.0000\) is reached/);
    expect(seen('costly')).toHaveLength(1);
  });

  test('calls in flight at the same time cannot pass the cap together', async () => {
    const held: Array<() => void> = [];
    let upstreamCalls = 0;
    const slowUpstream: typeof fetch = async () => {
      upstreamCalls += 1;
      await new Promise<void>((resolve) => held.push(resolve));
      return new Response(JSON.stringify({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 0 } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const p = await proxy({ budget: { maxTokens: 400, maxCostUsd: 5 }, fetch: slowUpstream });
    // Each prompt is estimated at ~250 tokens: one fits, two together do not.
    const first = post(p.url, '/chat/completions', chat('a'.repeat(1_000)));
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await post(p.url, '/chat/completions', chat('b'.repeat(1_000)));
    expect(second.status).toBe(429);
    held.forEach((release) => release());
    expect((await first).status).toBe(200);
    expect(upstreamCalls).toBe(1);
    expect(p.spent().tokens).toBe(10);
  });

  test('the output limit is lowered to the room the budget has left, so one answer cannot pass a cap', async () => {
    emu.script({ match: { user: 'room left' }, reply: 'short', usage: { prompt_tokens: 600, completion_tokens: 100 } });
    const p = await proxy({ budget: { maxTokens: 1_000, maxCostUsd: 5 } });
    expect((await post(p.url, '/chat/completions', chat('room left'))).status).toBe(200);
    expect((await post(p.url, '/chat/completions', { ...chat('room left'), max_completion_tokens: 50 })).status).toBe(200);
    expect((await post(p.url, '/responses', { model: 'gpt-4.1', input: 'room left', max_output_tokens: 5_000 })).status).toBe(429);
    const [first, second] = seen('room left');
    // 1000 tokens, nothing spent, ~4 estimated for the prompt.
    expect(first?.body.max_completion_tokens).toBe(996);
    // 700 spent: the caller's own smaller limit stays.
    expect(second?.body.max_completion_tokens).toBe(50);
    expect(seen('room left')).toHaveLength(2);

    const roomy = await proxy({ budget: { maxTokens: 10_000_000, maxCostUsd: 1_000 } });
    emu.script({ match: { user: 'roomy' }, reply: 'fine' });
    expect((await post(roomy.url, '/chat/completions', chat('roomy'))).status).toBe(200);
    expect(seen('roomy')[0]?.body).not.toHaveProperty('max_completion_tokens');
  });

  test('the cost cap limits the output too, at the model output price', async () => {
    emu.script({ match: { endpoint: 'responses', user: 'priced room' }, reply: 'ok' });
    const p = await proxy({ budget: { maxTokens: 10_000_000, maxCostUsd: 0.001 }, prices: { 'gpt-4.1': { input: 0, output: 10 } } });
    expect((await post(p.url, '/responses', { model: 'gpt-4.1', input: 'priced room', max_output_tokens: 5_000 })).status).toBe(200);
    // $0.001 at $10 per 1M output tokens is 100 tokens.
    expect(seen('priced room')[0]?.body.max_output_tokens).toBe(100);
  });

  test('several answers per call (n > 1) are refused', async () => {
    const p = await proxy();
    const answer = await post(p.url, '/chat/completions', { ...chat('two answers'), n: 2 });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('n_not_supported');
    expect(seen('two answers')).toEqual([]);
  });

  test('a caller that hangs up mid-call does not escape the count: the upstream call completes and is booked', async () => {
    let release: () => void = () => undefined;
    let called = false;
    const slowUpstream: typeof fetch = async () => {
      called = true;
      await new Promise<void>((resolve) => (release = resolve));
      return new Response(JSON.stringify({ choices: [], usage: { prompt_tokens: 40, completion_tokens: 2 } }), { status: 200 });
    };
    const p = await proxy({ fetch: slowUpstream });
    const hangUp = new AbortController();
    const pending = fetch(`${p.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat('hang up')),
      signal: hangUp.signal,
    }).catch((e: unknown) => e);
    while (!called) await new Promise((resolve) => setTimeout(resolve, 5));
    hangUp.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    release();
    for (let i = 0; i < 100 && p.spent().tokens === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(p.spent().tokens).toBe(42);
  });

  test('what earlier jobs spent counts against the same caps', async () => {
    const p = await proxy({ budget: { maxTokens: 1_000, maxCostUsd: 5 }, alreadySpent: { tokens: 1_000, costUsd: 0.5 } });
    const answer = await post(p.url, '/chat/completions', chat('carried over'));
    expect(answer.status).toBe(429);
    expect(seen('carried over')).toEqual([]);
  });
});

describe('the key stays inside', () => {
  test('no answer body, header or log line of the proxy carries the key, even when the upstream echoes it', async () => {
    const echoing: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth}`, type: 'invalid_request_error' } }), {
        status: 401,
        headers: { 'content-type': 'application/json', 'x-request-id': `echo ${auth}`, 'set-cookie': `k=${auth}` },
      });
    };
    const unreachable: typeof fetch = async () => {
      throw new TypeError(`fetch failed for Bearer ${KEY}`);
    };
    emu.script({ match: { user: 'key hunt' }, reply: 'nothing to see' });
    const answers = [];
    const good = await proxy();
    answers.push(await post(good.url, '/chat/completions', chat('key hunt')));
    answers.push(await post(good.url, '/chat/completions', chat('key hunt'), 'Bearer nope-nope-nope-nope'));
    answers.push(await post(good.url, '/models', {}));
    const echo = await proxy({ fetch: echoing });
    answers.push(await post(echo.url, '/chat/completions', chat('key hunt')));
    const down = await proxy({ fetch: unreachable });
    answers.push(await post(down.url, '/chat/completions', chat('key hunt')));

    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 401, 502]);
    expect(answers[3]!.json.error.message).toBe('Incorrect API key provided: Bearer ***');
    expect(answers[3]!.headers['set-cookie']).toBeUndefined();
    for (const answer of answers) {
      expect(answer.text).not.toContain(KEY);
      expect(JSON.stringify(answer.headers)).not.toContain(KEY);
    }
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) expect(line).not.toContain(KEY);
    expect(logs.join('\n')).not.toContain(ACCESS);
  });

  test('bad options are configuration errors', async () => {
    await expect(startModelProxy({ apiKey: '', accessToken: ACCESS, budget: { maxTokens: 1, maxCostUsd: 1 } })).rejects.toThrow(/provider key/);
    await expect(startModelProxy({ apiKey: KEY, accessToken: 'short', budget: { maxTokens: 1, maxCostUsd: 1 } })).rejects.toThrow(/at least 16/);
    await expect(startModelProxy({ apiKey: KEY, accessToken: ACCESS, budget: { maxTokens: 0, maxCostUsd: 1 } })).rejects.toThrow(
      /budget\.max-tokens/,
    );
    await expect(
      startModelProxy({ apiKey: KEY, accessToken: ACCESS, budget: { maxTokens: 1, maxCostUsd: 1 }, upstream: 'ftp://x/v1' }),
    ).rejects.toThrow(/http\(s\)/);
  });
});
