import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { startOpenAIEmulator, type OpenAIEmulator } from '../src/openai/index.js';

let emu: OpenAIEmulator;
let client: OpenAI;

beforeAll(async () => {
  emu = await startOpenAIEmulator();
  client = new OpenAI({ baseURL: emu.url, apiKey: 'any-key', maxRetries: 0 });
});
afterAll(() => emu.close());

const Plan = z.object({ summary: z.string(), steps: z.array(z.string()), risk: z.string().nullable() });

describe('responses API', () => {
  test('answers with output[].content[] that the SDK turns into output_text', async () => {
    emu.script({ match: { endpoint: 'responses', system: 'terse', user: 'hello' }, reply: 'Hello there.' });
    const response = await client.responses.create({ model: 'gpt-4.1', instructions: 'Be terse.', input: 'hello' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Hello there.');
    const message = response.output[0];
    expect(message?.type).toBe('message');
    expect(message?.type === 'message' && message.content[0]).toMatchObject({ type: 'output_text', text: 'Hello there.' });
    expect(response.usage?.output_tokens).toBe(3);
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(0);
  });

  test('accepts message-item input and streams typed events', async () => {
    emu.script({ match: { endpoint: 'responses', user: 'stream it' }, reply: 'streamed through typed events' });
    const stream = await client.responses.create({
      model: 'gpt-4.1',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'stream it' }] }],
      stream: true,
    });
    let text = '';
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('streamed through typed events');
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(completed?.usage?.output_tokens).toBeGreaterThan(0);
  });

  test('structured output through text.format is parsed by the SDK', async () => {
    const plan = { summary: 'add a flag', steps: ['write test', 'implement'], risk: null };
    emu.script({ match: { endpoint: 'responses', schemaName: 'plan' }, reply: plan });
    const parsed = await client.responses.parse({ model: 'gpt-4.1', input: 'plan it', text: { format: zodTextFormat(Plan, 'plan') } });
    expect(parsed.output_parsed).toEqual(plan);
    expect(emu.schemaMismatches).toEqual([]);
  });

  test('refusal and truncation take the responses shape', async () => {
    emu.fault({ match: { endpoint: 'responses', user: 'refuse me' }, kind: 'refusal', refusal: 'No.', times: 1 });
    const refused = await client.responses.create({ model: 'gpt-4.1', input: 'refuse me' });
    const item = refused.output[0];
    expect(item?.type === 'message' && item.content[0]).toEqual({ type: 'refusal', refusal: 'No.' });
    expect(refused.output_text).toBe('');

    emu.script({ match: { endpoint: 'responses', user: 'cut me' }, reply: 'a b c d e f g h' });
    const cut = await client.responses.create({ model: 'gpt-4.1', input: 'cut me', max_output_tokens: 2 });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details?.reason).toBe('max_output_tokens');
    expect(cut.output_text).toBe('a b');
  });
});

describe('structured outputs on chat completions', () => {
  test('a scripted object comes back as JSON the SDK parses against the schema', async () => {
    const plan = { summary: 'rename module', steps: ['move file'], risk: 'imports break' };
    emu.script({ match: { schemaName: 'plan', endpoint: 'chat' }, reply: plan, times: 1 });
    const completion = await client.chat.completions.parse({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'plan the rename' }],
      response_format: zodResponseFormat(Plan, 'plan'),
    });
    expect(completion.choices[0]?.message.parsed).toEqual(plan);
    expect(emu.schemaMismatches).toEqual([]);
  });

  test('a scripted reply that breaks the requested schema is answered but recorded', async () => {
    emu.script({ match: { schemaName: 'plan', endpoint: 'chat' }, reply: { summary: 42, steps: 'not a list' }, times: 1 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'plan badly' }],
      response_format: zodResponseFormat(Plan, 'plan'),
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ summary: 42, steps: 'not a list' });
    expect(emu.schemaMismatches).toHaveLength(1);
    expect(emu.schemaMismatches[0]?.schemaName).toBe('plan');
    expect(emu.schemaMismatches[0]?.errors).toEqual(
      expect.arrayContaining(["/ must have required property 'risk'", '/summary must be string', '/steps must be array']),
    );
    emu.schemaMismatches.length = 0;
  });

  test('a strict schema with an optional property is refused with 400, as the API does', async () => {
    const error = await client.chat.completions
      .create({
        model: 'gpt-4.1',
        messages: [{ role: 'user', content: 'x' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'loose',
            strict: true,
            schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false },
          },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toMatch(/Invalid schema for response_format 'loose'.*Missing 'b'/);
  });
});
