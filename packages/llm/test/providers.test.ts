/**
 * The model client against the emulator set up like each provider the docs describe (docs/providers.md): OpenAI,
 * Azure OpenAI (deployments API and v1 API), Ollama (no json_schema) and vLLM, end to end through the openai SDK.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConfigurationError, DEFAULT_POLICY, budgetOf, parsePolicy } from '@eternia/core';
import { startOpenAIEmulator, type OpenAIEmulator, type OpenAIEmulatorOptions } from '@eternia/testkit';
import {
  createModelClient,
  ModelOutputInvalidError,
  ModelRequestError,
  priceTableFromPolicy,
  startModelProxy,
  type ModelClientOptions,
} from '../src/index.js';

const Plan = z.object({ summary: z.string(), steps: z.array(z.string()), risk: z.string().nullable() });
const PLAN = { summary: 'add a discount', steps: ['write the test', 'implement'], risk: null };
const messages = (task: string) => [
  { role: 'system' as const, content: 'You are the planner.' },
  { role: 'user' as const, content: task },
];

const started: OpenAIEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});
async function emulator(opts: OpenAIEmulatorOptions): Promise<OpenAIEmulator> {
  const emu = await startOpenAIEmulator(opts);
  started.push(emu);
  return emu;
}

/** The client as the role runtime builds it from a policy file's text. */
function clientFor(policyText: string, opts: Omit<ModelClientOptions, 'budget' | 'prices'>) {
  const { policy } = parsePolicy(policyText);
  const budget = budgetOf(policy);
  return createModelClient({
    maxRetries: 0,
    budget: { maxTokens: budget.maxTokens, maxCostUsd: budget.maxCostUsd },
    requirePrices: budget.requirePrices,
    prices: priceTableFromPolicy(policy.budget.prices),
    ...opts,
  });
}

const formats = (emu: OpenAIEmulator) => emu.requests.map((r) => r.body?.response_format?.type ?? 'none');

describe('OpenAI', () => {
  test('json_schema structured output with a Bearer key on /v1/chat/completions, priced from the default table', async () => {
    const emu = await emulator({ provider: 'openai', apiKey: 'sk-openai' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const client = clientFor('', { apiKey: 'sk-openai', baseURL: emu.url });
    expect(await client.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('go') })).toEqual(PLAN);
    expect(emu.requests[0]!.url).toBe('/v1/chat/completions');
    expect(emu.requests[0]!.headers.authorization).toBe('Bearer sk-openai');
    expect(formats(emu)).toEqual(['json_schema']);
    expect(client.structuredMode).toBe('json_schema');
    expect(client.ledger.totals().costUsd).toBeGreaterThan(0);
  });
});

describe('Azure OpenAI', () => {
  test('deployments API: an api-version in the base URL selects it; the model names the deployment, the key goes in api-key', async () => {
    const emu = await emulator({ provider: 'azure', apiKey: 'azure-key-1234' });
    emu.script({ match: { schemaName: 'plan', model: 'my-gpt41' }, reply: PLAN });
    const notices: string[] = [];
    const client = clientFor('budget:\n  prices:\n    my-gpt41: { input: 2, output: 8 }\n', {
      apiKey: 'azure-key-1234',
      baseURL: `${emu.url}?api-version=2024-10-21`,
      onNotice: (m) => notices.push(m),
    });
    expect(await client.structured({ role: 'planner', model: 'my-gpt41', schema: Plan, schemaName: 'plan', messages: messages('go') })).toEqual(PLAN);
    const [request] = emu.requests;
    expect(request!.url).toBe('/openai/deployments/my-gpt41/chat/completions?api-version=2024-10-21');
    expect(request!.deployment).toBe('my-gpt41');
    expect(request!.headers['api-key']).toBe('azure-key-1234');
    expect(request!.headers.authorization).toBeUndefined();
    expect(formats(emu)).toEqual(['json_schema']);
    expect(client.ledger.totals().costUsd).toBeGreaterThan(0);
    expect(notices).toEqual([]);
  });

  test('deployments API: a wrong key is a 401 the error names; without api-version the emulator answers 404 like Azure', async () => {
    const emu = await emulator({ provider: 'azure', apiKey: 'azure-key-1234' });
    const wrong = clientFor('', { apiKey: 'not-the-key', baseURL: `${emu.url}?api-version=2024-10-21` });
    const error = await wrong
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('go') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as ModelRequestError).status).toBe(401);
    expect((error as Error).message).toContain('rejected the API key');
    const res = await fetch(`${emu.url}/deployments/gpt-4.1/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'azure-key-1234' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });

  test('an api-version that is not a date is an error naming the base URL option', () => {
    expect(() => createModelClient({ apiKey: 'k', baseURL: 'https://x.openai.azure.com/openai?api-version=latest' })).toThrow(/api-version 'latest'/);
  });

  test('through the model proxy (write-tests and implement): the proxy calls the deployment with api-key; the role never sees the key', async () => {
    const emu = await emulator({ provider: 'azure', apiKey: 'azure-key-1234' });
    emu.script({ match: { schemaName: 'plan', model: 'my-gpt41' }, reply: PLAN });
    const access = 'job-access-token-0123456789';
    const proxy = await startModelProxy({
      upstream: `${emu.url}?api-version=2024-10-21`,
      apiKey: 'azure-key-1234',
      accessToken: access,
      budget: { maxTokens: 100_000, maxCostUsd: 5 },
      requirePrices: false,
    });
    try {
      const client = clientFor('', { apiKey: access, baseURL: proxy.url });
      const plan = await client.structured({ role: 'planner', model: 'my-gpt41', schema: Plan, schemaName: 'plan', messages: messages('go') });
      expect(plan).toEqual(PLAN);
      expect(emu.requests[0]!.url).toBe('/openai/deployments/my-gpt41/chat/completions?api-version=2024-10-21');
      expect(emu.requests[0]!.headers['api-key']).toBe('azure-key-1234');
      expect(emu.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  test('v1 API: the plain base URL …/openai/v1 with the key as Bearer', async () => {
    const emu = await emulator({ provider: 'azure', apiKey: 'azure-key-1234' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const client = clientFor('', { apiKey: 'azure-key-1234', baseURL: `${emu.url}/v1` });
    expect(await client.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('go') })).toEqual(PLAN);
    expect(emu.requests[0]!.url).toBe('/openai/v1/chat/completions');
  });
});

describe('Ollama: no json_schema, no prices', () => {
  test('an ignored json_schema (prose back) moves the run to JSON mode with one repair turn; later calls go straight to it', async () => {
    const emu = await emulator({ provider: 'ollama' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const notices: string[] = [];
    const client = clientFor('models: { default: "llama3.1:8b" }\n', { apiKey: 'ollama', baseURL: emu.url, onNotice: (m) => notices.push(m) });
    const ask = () => client.structured({ role: 'planner', model: 'llama3.1:8b', schema: Plan, schemaName: 'plan', messages: messages('go') });

    expect(await ask()).toEqual(PLAN);
    expect(formats(emu)).toEqual(['json_schema', 'json_object']);
    // JSON mode carries the schema in the prompt, after the unchanged prefix (the provider's prompt cache still applies).
    const repair = emu.requests[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.slice(0, 2)).toEqual(messages('go'));
    expect(repair.at(-1)!.content).toContain("JSON Schema (named 'plan')");
    expect(repair.at(-1)!.content).toContain('"required":["summary","steps","risk"]');
    expect(client.ledger.entries.map((e) => e.outcome)).toEqual(['repair', 'ok']);
    expect(client.structuredMode).toBe('json_object');

    expect(await ask()).toEqual(PLAN);
    expect(formats(emu)).toEqual(['json_schema', 'json_object', 'json_object']);

    // No price for the model and no cost cap in the file: the token budget alone, said once.
    expect(client.ledger.totals().costUsd).toBe(0);
    expect(notices.filter((n) => n.includes("model 'llama3.1:8b' has no price in budget.prices"))).toHaveLength(1);
    expect(notices.filter((n) => n.includes('ignored response_format json_schema'))).toHaveLength(1);
  });

  test('the token budget still holds for an unpriced model', async () => {
    const emu = await emulator({ provider: 'ollama' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN, usage: { prompt_tokens: 900, completion_tokens: 300 } });
    const client = clientFor('budget: { max-tokens: 1000 }\n', { apiKey: 'ollama', baseURL: emu.url });
    const error = await client
      .structured({ role: 'planner', model: 'llama3.1:8b', schema: Plan, schemaName: 'plan', messages: messages('go') })
      .catch((e) => e);
    expect((error as Error).name).toBe('BudgetExceededError');
    expect((error as Error).message).toContain('token budget');
  });

  test('a cost cap set in the policy file demands a price: an error naming budget.prices and the model, before any request', async () => {
    const emu = await emulator({ provider: 'ollama' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const client = clientFor('budget: { max-cost-usd: 2 }\n', { apiKey: 'ollama', baseURL: emu.url });
    const error = await client
      .structured({ role: 'planner', model: 'llama3.1:8b', schema: Plan, schemaName: 'plan', messages: messages('go') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).where).toBe("policy key 'budget.prices.llama3.1:8b'");
    expect((error as Error).message).toContain('budget.max-cost-usd is set');
    expect(emu.requests).toHaveLength(0);

    // With the price added, the same cap holds in USD.
    const priced = clientFor('budget:\n  max-cost-usd: 2\n  prices:\n    "llama3.1:8b": { input: 0, output: 0 }\n', {
      apiKey: 'ollama',
      baseURL: emu.url,
    });
    expect(await priced.structured({ role: 'planner', model: 'llama3.1:8b', schema: Plan, schemaName: 'plan', messages: messages('go') })).toEqual(
      PLAN,
    );
  });

  test('JSON mode answers are still checked against the schema: one repair turn, then the invalid answer is an error', async () => {
    const emu = await emulator({ provider: 'ollama' });
    emu.script({ match: { schemaName: 'plan' }, reply: { summary: 'no steps given' } });
    const client = clientFor('', { apiKey: 'ollama', baseURL: emu.url });
    const error = await client
      .structured({ role: 'planner', model: 'llama3.1:8b', schema: Plan, schemaName: 'plan', messages: messages('go') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelOutputInvalidError);
    expect((error as Error).message).toMatch(/steps/);
    expect(formats(emu)).toEqual(['json_schema', 'json_object']);
    expect(client.ledger.entries.map((e) => e.outcome)).toEqual(['repair', 'invalid']);
  });
});

describe('vLLM and other OpenAI-compatible servers', () => {
  test('vLLM: json_schema honoured, Bearer key when the server has one', async () => {
    const emu = await emulator({ provider: 'vllm', apiKey: 'vllm-key' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const client = clientFor('budget:\n  prices:\n    Qwen/Qwen2.5-7B-Instruct: { input: 0, output: 0 }\n', { apiKey: 'vllm-key', baseURL: emu.url });
    const plan = await client.structured({
      role: 'planner',
      model: 'Qwen/Qwen2.5-7B-Instruct',
      schema: Plan,
      schemaName: 'plan',
      messages: messages('go'),
    });
    expect(plan).toEqual(PLAN);
    expect(formats(emu)).toEqual(['json_schema']);
    expect(emu.requests[0]!.headers.authorization).toBe('Bearer vllm-key');
  });

  test('a server that answers 400 to json_schema: the same call again in JSON mode, no repair turn spent, remembered for the run', async () => {
    const emu = await emulator({ provider: 'vllm', jsonSchema: 'rejected' });
    emu.script({ match: { schemaName: 'plan' }, reply: PLAN });
    const notices: string[] = [];
    const client = clientFor('', { apiKey: 'none', baseURL: emu.url, onNotice: (m) => notices.push(m) });
    const ask = () => client.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('go') });
    expect(await ask()).toEqual(PLAN);
    expect(emu.requests.map((r) => r.status)).toEqual([400, 200]);
    expect(client.ledger.entries.map((e) => e.outcome)).toEqual(['ok']);
    expect(notices.some((n) => n.includes('refused response_format json_schema'))).toBe(true);
    expect(await ask()).toEqual(PLAN);
    expect(formats(emu)).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  test('a server that refuses json_schema and JSON mode: asked without response_format, the schema in the prompt, the answer checked', async () => {
    const emu = await emulator({ provider: 'vllm', jsonSchema: 'rejected', rejectJsonObject: true });
    emu.script({ match: { schemaName: 'plan' }, reply: '```json\n' + JSON.stringify(PLAN) + '\n```' });
    const client = clientFor('', { apiKey: 'none', baseURL: emu.url });
    const plan = await client.structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('go') });
    expect(plan).toEqual(PLAN);
    expect(formats(emu)).toEqual(['json_schema', 'json_object', 'none']);
    expect(emu.requests.map((r) => r.status)).toEqual([400, 400, 200]);
    expect(client.structuredMode).toBe('prompt');
  });

  test('a 400 that is not about the format is an error, and the mode stays', async () => {
    const emu = await emulator({ provider: 'vllm' });
    const client = clientFor('', { apiKey: 'none', baseURL: emu.url });
    const error = await client
      .structured({ role: 'planner', model: 'gpt-4.1', schema: Plan, schemaName: 'plan', messages: messages('nothing scripted') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelRequestError);
    expect((error as ModelRequestError).status).toBe(400);
    expect(client.structuredMode).toBe('json_schema');
    expect(emu.requests).toHaveLength(1);
  });
});

test('the default policy needs no price for any model (the cap applies to priced ones)', () => {
  expect(budgetOf(DEFAULT_POLICY).requirePrices).toBe(false);
});
