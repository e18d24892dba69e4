import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { BudgetExceededError, ConfigurationError, DossierError, errorKind } from '@eternia/core';
import { startOpenAIEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { createModelClient, Ledger, costUsd, type ChatMessage, type LedgerEntry } from '../src/index.js';

let emu: OpenAIEmulator;

beforeAll(async () => {
  emu = await startOpenAIEmulator();
  emu.script({ match: { schemaName: 'answer' }, reply: { answer: 'yes' } });
  emu.script({ reply: 'ok' });
});
afterAll(() => emu.close());

const Answer = z.object({ answer: z.string() });
// A stable prefix of ~3000 tokens, as a real system prompt + policy + atlas would be.
const stable = `You are the implementer.\n${Array.from({ length: 1500 }, (_, i) => `rule${i}`).join(' ')}`;
const task = (n: number): ChatMessage[] => [
  { role: 'system', content: stable },
  { role: 'user', content: `task number ${n}` },
];

describe('ledger figures from real calls', () => {
  test('the second and later calls of a job are served mostly from the prompt cache', async () => {
    const prices = { 'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 } };
    const c = createModelClient({ apiKey: 'k', baseURL: emu.url, maxRetries: 0, prices });
    for (let n = 1; n <= 3; n++)
      await c.structured({ role: 'implementer', model: 'gpt-4.1-mini', schema: Answer, schemaName: 'answer', messages: task(n) });
    const [first, second, third] = c.ledger.entries;
    expect(first!.cachedTokens).toBe(0);
    expect(second!.cachedTokens).toBeGreaterThan(0);
    expect(second!.cachedTokens % 128).toBe(0);
    expect(third!.cachedTokens).toBe(second!.cachedTokens);
    const totals = c.ledger.totals();
    expect(totals.calls).toBe(3);
    expect(totals.inputTokens).toBe(first!.inputTokens + second!.inputTokens + third!.inputTokens);
    expect(totals.cachedTokens).toBe(second!.cachedTokens * 2);
    expect(totals.totalTokens).toBe(totals.inputTokens + totals.outputTokens);
    expect(totals.cacheShareAfterFirst).toBeCloseTo((second!.cachedTokens + third!.cachedTokens) / (second!.inputTokens + third!.inputTokens), 10);
    expect(totals.cacheShareAfterFirst!).toBeGreaterThanOrEqual(0.9);
    // Cached input is billed at the cached price.
    const expected = ((second!.inputTokens - second!.cachedTokens) * 0.4 + second!.cachedTokens * 0.1 + second!.outputTokens * 1.6) / 1e6;
    expect(second!.costUsd).toBeCloseTo(expected, 12);
    expect(second!.costUsd).toBeLessThan(first!.costUsd);
    expect(totals.costUsd).toBeCloseTo(first!.costUsd + second!.costUsd + third!.costUsd, 12);
  });

  test('toMarkdown has a row per call, a totals row and the cache share', () => {
    const ledger = new Ledger([
      { role: 'planner', model: 'gpt-4.1', inputTokens: 2000, cachedTokens: 0, outputTokens: 300, latencyMs: 812.4, costUsd: 0.0064, outcome: 'ok' },
      {
        role: 'plan|ner',
        model: 'gpt-4.1',
        inputTokens: 2100,
        cachedTokens: 1920,
        outputTokens: 250,
        latencyMs: 640,
        costUsd: 0.0031,
        outcome: 'repair',
      },
    ]);
    const md = ledger.toMarkdown();
    expect(md).toContain('| 1 | planner | gpt-4.1 | 2,000 | 0 | 300 | 812 ms | $0.0064 | ok |');
    expect(md).toContain('| 2 | plan\\|ner | gpt-4.1 | 2,100 | 1,920 | 250 | 640 ms | $0.0031 | repair |');
    expect(md).toContain('| | **total** | 2 calls | 4,100 | 1,920 | 550 | 1,452 ms | $0.0095 | |');
    expect(md).toContain('Cached share of input tokens after the first call: 91.4%.');
    expect(new Ledger().totals().cacheShareAfterFirst).toBeNull();
  });

  test('a ledger survives the dossier round trip, and a bad one is a dossier error naming the field', () => {
    const entry: LedgerEntry = { role: 'planner', model: 'm', inputTokens: 10, cachedTokens: 0, outputTokens: 5, latencyMs: 3, costUsd: 0 };
    const restored = Ledger.fromJSON(JSON.parse(JSON.stringify(new Ledger([entry]))));
    expect(restored.entries).toEqual([entry]);
    const bad = () => Ledger.fromJSON({ entries: [{ ...entry, inputTokens: -1 }] }, 'dossier ledger.json');
    expect(bad).toThrow(DossierError);
    expect(bad).toThrow(/dossier ledger.json is not a valid ledger[\s\S]*entries\[0\]\.inputTokens/);
  });

  test('costUsd prices cached input at the input price when no cached price is given, and unknown models at 0', () => {
    expect(costUsd({ inputTokens: 1_000_000, cachedTokens: 500_000, outputTokens: 0 }, { input: 2, output: 8 })).toBe(2);
    expect(costUsd({ inputTokens: 1_000_000, cachedTokens: 500_000, outputTokens: 1_000_000 }, { input: 2, cachedInput: 0.5, output: 8 })).toBe(9.25);
    expect(costUsd({ inputTokens: 1, cachedTokens: 0, outputTokens: 1 }, undefined)).toBe(0);
  });
});

describe('budget', () => {
  test('a call whose prompt alone would go over the token budget is refused before it is sent', async () => {
    const before = emu.requests.length;
    const c = createModelClient({ apiKey: 'k', baseURL: emu.url, budget: { maxTokens: 500 } });
    const error = await c.text({ role: 'planner', model: 'gpt-4.1', messages: task(1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(errorKind(error)).toBe('budget');
    expect((error as Error).message).toMatch(
      /token budget: the next call \(planner, ~\d+ input tokens\) would exceed the run's budget of 500 tokens \(0 spent in 0 calls\)/,
    );
    expect(emu.requests.length).toBe(before);
  });

  test('the call that spends past the budget is booked, then the run stops; later calls are not sent', async () => {
    const c = createModelClient({ apiKey: 'k', baseURL: emu.url, budget: { maxTokens: 4000 } });
    await c.text({ role: 'implementer', model: 'gpt-4o', messages: task(1) }); // ~3000 tokens
    const error = await c.text({ role: 'implementer', model: 'gpt-4o', messages: task(2) }).catch((e: unknown) => e);
    // The estimate (~3000) fits neither: refused before sending.
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(c.ledger.entries).toHaveLength(1);

    const tight = createModelClient({ apiKey: 'k', baseURL: emu.url, budget: { maxTokens: 12 } });
    const before = emu.requests.length;
    // Estimated at ~5 tokens, the real bill (prompt framing + answer) is larger: caught after the call.
    const after = await tight
      .text({ role: 'scribe', model: 'gpt-4o', messages: [{ role: 'user', content: 'a b c d e f g h i j k' }] })
      .catch((e: unknown) => e);
    expect(emu.requests.length).toBe(before + 1);
    expect(after).toBeInstanceOf(BudgetExceededError);
    expect((after as Error).message).toMatch(/token budget: the scribe call exceeded the run's budget of 12 tokens/);
    expect(tight.ledger.entries).toHaveLength(1);
  });

  test('the cost budget counts the run so far, including a ledger restored from an earlier job', async () => {
    const earlier = new Ledger([
      { role: 'planner', model: 'gpt-4.1', inputTokens: 100_000, cachedTokens: 0, outputTokens: 10_000, latencyMs: 1, costUsd: 0.28 },
    ]);
    const c = createModelClient({
      apiKey: 'k',
      baseURL: emu.url,
      ledger: earlier,
      budget: { maxCostUsd: 0.25 },
      prices: { 'gpt-4.1': { input: 2, output: 8 } },
    });
    const before = emu.requests.length;
    await expect(c.text({ role: 'implementer', model: 'gpt-4.1', messages: task(9) })).rejects.toThrow(
      /cost budget: the next call .* budget of \$0\.2500 \(\$0\.2800 spent in 1 calls\)/,
    );
    expect(emu.requests.length).toBe(before);
    expect(c.ledger).toBe(earlier);
  });

  test('a cost budget with a model missing from the price table is a configuration error naming the model', async () => {
    const c = createModelClient({ apiKey: 'k', baseURL: emu.url, budget: { maxCostUsd: 1 }, prices: {} });
    const error = await c.text({ role: 'planner', model: 'mystery-model', messages: task(1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^policy key 'budget\.prices\.mystery-model': no price for model 'mystery-model'/);
  });
});
