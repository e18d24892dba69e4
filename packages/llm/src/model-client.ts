import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { AgentError, ConfigurationError, systemClock, type Clock } from '@eternia/core';
import { assertWithinBudget, type Budget } from './budget.js';
import { ModelOutputInvalidError, ModelRefusalError, ModelRequestError, ModelTruncationError } from './errors.js';
import { Ledger, type LedgerEntry } from './ledger.js';
import { costUsd, type PriceTable } from './prices.js';
import { realmSafeFetch } from './realm-safe-fetch.js';
import { isRetryable, retryDelayMs } from './retry-delay.js';
import { assertStrictSchema } from './strict-schema.js';

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

export interface StructuredRequest<T> {
  /** The project role making the call (planner, implementer…): named in the ledger and sent as `x-eternia-role`. */
  role: string;
  model: string;
  schema: z.ZodType<T>;
  schemaName: string;
  /** Stable parts first (system prompt, policy, atlas), the task last, so the provider's prompt cache can serve the prefix. */
  messages: ChatMessage[];
  maxOutputTokens?: number;
}

export interface TextRequest {
  role: string;
  model: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
}

export interface ModelClient {
  structured<T>(req: StructuredRequest<T>): Promise<T>;
  text(req: TextRequest): Promise<string>;
  readonly ledger: Ledger;
}

export interface ModelClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible server: OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, the test emulator. */
  baseURL?: string;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx and connection errors, waiting as `retry-after` says (up to 60 s) or backing off. */
  maxRetries?: number;
  fetch?: typeof fetch;
  /** Pass the run's ledger (restored from the dossier) so budgets count every job of the run. */
  ledger?: Ledger;
  budget?: Budget;
  /** USD per 1M tokens, by model id. */
  prices?: PriceTable;
  /** Retry waits sleep on it and call latency is read from it; defaults to the system clock. */
  clock?: Clock;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 3;
const MAX_PROBLEM_CHARS = 2_000;
const ROLES = new Set(['system', 'developer', 'user', 'assistant']);

function checkOptions(opts: ModelClientOptions): void {
  if (typeof opts.apiKey !== 'string' || opts.apiKey.trim() === '') {
    throw new ConfigurationError('no API key for the model provider (set the OPENAI_API_KEY secret or the openai-api-key input)', 'option apiKey');
  }
  if (opts.baseURL !== undefined && !/^https?:\/\//.test(opts.baseURL)) {
    throw new ConfigurationError(`'${opts.baseURL}' is not an http(s) URL`, 'option baseURL');
  }
  const positive = (value: number | undefined, name: string, allowZero = false) => {
    if (value !== undefined && !(Number.isFinite(value) && (allowZero ? value >= 0 : value > 0))) {
      throw new ConfigurationError(`must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`, `option ${name}`);
    }
  };
  positive(opts.timeoutMs, 'timeoutMs');
  positive(opts.maxRetries, 'maxRetries', true);
  positive(opts.budget?.maxTokens, 'budget.maxTokens');
  positive(opts.budget?.maxCostUsd, 'budget.maxCostUsd');
  for (const [model, price] of Object.entries(opts.prices ?? {})) {
    for (const key of ['input', 'cachedInput', 'output'] as const) positive(price[key], `prices.${model}.${key}`, true);
  }
}

function checkRequest(role: string, model: string, messages: ChatMessage[]): void {
  if (typeof role !== 'string' || role === '') throw new TypeError('model request needs a role name');
  if (typeof model !== 'string' || model === '') throw new TypeError(`model request for ${role} needs a model id`);
  if (!Array.isArray(messages) || messages.length === 0) throw new TypeError(`model request for ${role} has no messages`);
  messages.forEach((m, i) => {
    if (!ROLES.has(m?.role) || typeof m.content !== 'string') {
      throw new TypeError(`model request for ${role}: messages[${i}] needs a role of system/developer/user/assistant and string content`);
    }
  });
}

/** Roughly four characters a token: enough to refuse a call that clearly cannot fit the budget. */
function estimateTokens(messages: ChatMessage[], extra = ''): number {
  return Math.ceil((messages.reduce((n, m) => n + m.content.length, 0) + extra.length) / 4);
}

/**
 * The SDK is loaded on the first model call, not at start: a role's first GitHub request (and a frozen run,
 * which asks no model at all) should not wait for it.
 */
interface Sdk {
  OpenAI: typeof OpenAI;
  zodResponseFormat: typeof import('openai/helpers/zod').zodResponseFormat;
}
let sdk: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import('openai'), import('openai/helpers/zod')]).then(([main, helpers]) => ({
    OpenAI: main.default,
    zodResponseFormat: helpers.zodResponseFormat,
  }));
  return sdk;
}

function describeSdkError(error: unknown, OpenAI: Sdk['OpenAI'], role: string, model: string, timeoutMs: number, retries: number): AgentError {
  if (error instanceof AgentError) return error;
  const after = retries > 0 ? ` (after ${retries} retries)` : '';
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ModelRequestError(`model call for ${role} (${model}) timed out after ${timeoutMs} ms${after}`, undefined, { cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const hint =
      error.status === 401
        ? ': the provider rejected the API key'
        : error.status === 404
          ? `: the provider does not know model '${model}' or the base URL is wrong`
          : error.status === 429
            ? `: rate limited${error.headers?.get('retry-after') ? `, retry-after ${error.headers.get('retry-after')} s` : ''}${after}`
            : error.status >= 500
              ? `: provider error${after}`
              : '';
    return new ModelRequestError(`model call for ${role} (${model}) failed with HTTP ${error.status}${hint}: ${error.message}`, error.status, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelRequestError(`model call for ${role} (${model}) could not reach the provider${after}: ${message}`, undefined, { cause: error });
}

/** The one model client: chat completions through the openai SDK, every call on the ledger and inside the budget. */
export function createModelClient(opts: ModelClientOptions): ModelClient {
  checkOptions(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const ledger = opts.ledger ?? new Ledger();
  const clock = opts.clock ?? systemClock;
  let client: Promise<OpenAI> | undefined;
  const openaiClient = (): Promise<OpenAI> =>
    (client ??= loadSdk().then(
      ({ OpenAI }) =>
        new OpenAI({
          apiKey: opts.apiKey,
          baseURL: opts.baseURL,
          timeout: timeoutMs,
          // Retries are ours (below): the SDK would wait on its own timer, out of the clock's reach.
          maxRetries: 0,
          fetch: realmSafeFetch(opts.fetch ?? globalThis.fetch),
        }),
    ));

  function priceOf(model: string) {
    const price = opts.prices?.[model];
    if (!price && opts.budget?.maxCostUsd !== undefined) {
      throw new ConfigurationError(
        `no price for model '${model}', so the cost budget cannot be enforced; add it to the price table`,
        `prices.${model}`,
      );
    }
    return price;
  }

  /** One completion, budget checked before it; the caller books it once it knows what became of the answer. */
  async function complete(
    role: string,
    model: string,
    messages: ChatMessage[],
    format: ChatCompletionCreateParamsNonStreaming['response_format'],
    maxOutputTokens: number | undefined,
  ) {
    const price = priceOf(model);
    const estimatedInput = estimateTokens(messages, format ? JSON.stringify(format) : '');
    assertWithinBudget(
      opts.budget,
      ledger.totals(),
      { tokens: estimatedInput, costUsd: costUsd({ inputTokens: estimatedInput, cachedTokens: 0, outputTokens: 0 }, price) },
      role,
    );

    const started = clock.now();
    const { OpenAI } = await loadSdk();
    let completion: ChatCompletion;
    for (let retries = 0; ; retries++) {
      try {
        const openai = await openaiClient();
        completion = await openai.chat.completions.create(
          { model, messages, ...(format ? { response_format: format } : {}), ...(maxOutputTokens ? { max_completion_tokens: maxOutputTokens } : {}) },
          { headers: { 'x-eternia-role': role } },
        );
        break;
      } catch (error) {
        const sdkError = error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIUserAbortError);
        if (retries >= maxRetries || !sdkError || !isRetryable(error.status, error.headers)) {
          throw describeSdkError(error, OpenAI, role, model, timeoutMs, retries);
        }
        await clock.sleep(retryDelayMs(error.headers, retries, clock.now()));
      }
    }
    const usage = {
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
    };
    const entry: LedgerEntry = { role, model, ...usage, latencyMs: Math.round(clock.now() - started), costUsd: costUsd(usage, price) };
    const choice = completion.choices[0];
    if (!choice) {
      book(entry, 'invalid');
      throw new ModelRequestError(`model call for ${role} (${model}) returned no choices`, undefined);
    }
    if (choice.message.refusal) {
      book(entry, 'refused');
      throw new ModelRefusalError(role, choice.message.refusal);
    }
    if (choice.finish_reason === 'length') {
      book(entry, 'truncated');
      throw new ModelTruncationError(role, choice.message.content ?? '');
    }
    return { content: choice.message.content ?? '', entry };
  }

  /** Records a call, then stops the run if it went over the budget. */
  function book(entry: LedgerEntry, outcome: NonNullable<LedgerEntry['outcome']>): void {
    ledger.record({ ...entry, outcome });
    assertWithinBudget(opts.budget, ledger.totals(), undefined, `the ${entry.role} call`);
  }

  function judge<T>(schema: z.ZodType<T>, raw: string): { ok: true; value: T } | { ok: false; problem: string } {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})` };
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    const pretty = z.prettifyError(parsed.error);
    return { ok: false, problem: pretty.length > MAX_PROBLEM_CHARS ? `${pretty.slice(0, MAX_PROBLEM_CHARS)}…` : pretty };
  }

  return {
    ledger,

    async structured<T>(req: StructuredRequest<T>): Promise<T> {
      checkRequest(req.role, req.model, req.messages);
      assertStrictSchema(req.schema, req.schemaName);
      const format = (await loadSdk()).zodResponseFormat(req.schema as z.ZodType, req.schemaName);

      const first = await complete(req.role, req.model, req.messages, format, req.maxOutputTokens);
      const firstJudgement = judge(req.schema, first.content);
      book(first.entry, firstJudgement.ok ? 'ok' : 'repair');
      if (firstJudgement.ok) return firstJudgement.value;

      // One repair: the failed answer and what was wrong with it go back, after the unchanged prefix.
      const repairMessages: ChatMessage[] = [
        ...req.messages,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: `Your previous answer does not match the required JSON schema '${req.schemaName}':\n${firstJudgement.problem}\nAnswer again with only the corrected JSON object.`,
        },
      ];
      const second = await complete(req.role, req.model, repairMessages, format, req.maxOutputTokens);
      const secondJudgement = judge(req.schema, second.content);
      book(second.entry, secondJudgement.ok ? 'ok' : 'invalid');
      if (secondJudgement.ok) return secondJudgement.value;
      throw new ModelOutputInvalidError(req.role, req.schemaName, secondJudgement.problem, second.content);
    },

    async text(req: TextRequest): Promise<string> {
      checkRequest(req.role, req.model, req.messages);
      const answer = await complete(req.role, req.model, req.messages, undefined, req.maxOutputTokens);
      book(answer.entry, 'ok');
      return answer.content;
    },
  };
}
