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

/**
 * How structured answers are asked for. `json_schema`: the provider holds the answer to the schema (OpenAI, Azure,
 * vLLM). `json_object`: JSON mode, the schema in the prompt, the answer checked here (servers without json_schema,
 * such as Ollama). `prompt`: no response_format at all, for servers that refuse both.
 */
export type StructuredMode = 'json_schema' | 'json_object' | 'prompt';

export interface ModelClient {
  structured<T>(req: StructuredRequest<T>): Promise<T>;
  text(req: TextRequest): Promise<string>;
  readonly ledger: Ledger;
  /** The mode structured calls use now: json_schema until the provider shows it lacks it, then kept for the run. */
  readonly structuredMode: StructuredMode;
}

export interface ModelClientOptions {
  apiKey: string;
  /**
   * Any OpenAI-compatible server: OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, the test emulator. A URL with an
   * `api-version` query (`https://NAME.openai.azure.com/openai?api-version=2024-10-21`) is Azure OpenAI's
   * deployments API: the model id names the deployment and the key goes in the `api-key` header.
   */
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
  /**
   * With a cost cap: true (the default) makes a model without a price an error naming `budget.prices`; false lets it
   * run on the token budget alone, said once per model through onNotice. The policy demands prices only when its file
   * sets `budget.max-cost-usd` (budgetOf in @eternia/core).
   */
  requirePrices?: boolean;
  /** Things the job summary should say: a model without a price, a provider without json_schema. */
  onNotice?: (message: string) => void;
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
  AzureOpenAI: typeof import('openai').AzureOpenAI;
  zodResponseFormat: typeof import('openai/helpers/zod').zodResponseFormat;
}
let sdk: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import('openai'), import('openai/helpers/zod')]).then(([main, helpers]) => ({
    OpenAI: main.default,
    AzureOpenAI: main.AzureOpenAI,
    zodResponseFormat: helpers.zodResponseFormat,
  }));
  return sdk;
}

/** Azure OpenAI's deployments API, when the base URL carries an `api-version` query. */
function azureSettings(baseURL: string | undefined): { baseURL: string; apiVersion: string } | undefined {
  if (!baseURL) return undefined;
  const url = new URL(baseURL);
  const apiVersion = url.searchParams.get('api-version');
  if (apiVersion === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
    throw new ConfigurationError(`api-version '${apiVersion}' is not a date such as 2024-10-21 (optionally -preview)`, 'option baseURL');
  }
  url.search = '';
  return { baseURL: url.toString().replace(/\/+$/, ''), apiVersion };
}

const NEXT_MODE: Record<StructuredMode, StructuredMode | undefined> = { json_schema: 'json_object', json_object: 'prompt', prompt: undefined };

/** A 400/422 about the response format: the server lacks the mode (not a prompt too long or a bad model name). */
function refusesFormat(error: unknown): boolean {
  if (!(error instanceof ModelRequestError) || (error.status !== 400 && error.status !== 422)) return false;
  return /response[_ ]?format|json[_ ]?schema|json[_ ]?object|structured|guided|\bformat\b/i.test(error.message);
}

/** The schema in the prompt, for modes where the provider does not hold the answer to it; after the stable prefix. */
function schemaInstruction(name: string, schema: unknown): ChatMessage {
  return {
    role: 'user',
    content: `Answer with only a JSON object, no prose and no code fence, that matches this JSON Schema (named '${name}'):\n${JSON.stringify(schema)}`,
  };
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
  const notice = (message: string) => opts.onNotice?.(message);
  const azure = azureSettings(opts.baseURL);
  let client: Promise<OpenAI> | undefined;
  const openaiClient = (): Promise<OpenAI> =>
    (client ??= loadSdk().then(({ OpenAI, AzureOpenAI }) => {
      const common = {
        apiKey: opts.apiKey,
        timeout: timeoutMs,
        // Retries are ours (below): the SDK would wait on its own timer, out of the clock's reach.
        maxRetries: 0,
        fetch: realmSafeFetch(opts.fetch ?? globalThis.fetch),
      };
      return azure
        ? new AzureOpenAI({ ...common, baseURL: azure.baseURL, apiVersion: azure.apiVersion })
        : new OpenAI({ ...common, baseURL: opts.baseURL });
    }));

  const unpricedNoticed = new Set<string>();
  function priceOf(model: string) {
    const price = opts.prices && Object.hasOwn(opts.prices, model) ? opts.prices[model] : undefined;
    if (!price && opts.budget?.maxCostUsd !== undefined) {
      if (opts.requirePrices ?? true) {
        throw new ConfigurationError(
          `no price for model '${model}', and budget.max-cost-usd is set, so the cost cap cannot be enforced; add the model under budget.prices ` +
            `(USD per 1M tokens: { input, output }; 0 for a model you run yourself) or remove budget.max-cost-usd to run on budget.max-tokens alone`,
          `policy key 'budget.prices.${model}'`,
        );
      }
      if (!unpricedNoticed.has(model)) {
        unpricedNoticed.add(model);
        notice(
          `model '${model}' has no price in budget.prices: its calls count toward budget.max-tokens only, not the cost cap; add a price to count them in USD`,
        );
      }
    }
    return price;
  }

  let structuredMode: StructuredMode = 'json_schema';

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

  /** `lenient`: the provider did not hold the answer to the schema, so a JSON object in one code fence is accepted too. */
  function judge<T>(schema: z.ZodType<T>, raw: string, lenient = false): { ok: true; value: T } | { ok: false; problem: string; notJson: boolean } {
    let json: unknown;
    try {
      const fenced = lenient ? /^\s*```(?:json)?[ \t]*\n([\s\S]*?)\n```\s*$/.exec(raw) : null;
      json = JSON.parse(fenced ? fenced[1]! : raw);
    } catch (error) {
      return { ok: false, problem: `the answer is not valid JSON (${(error as Error).message})`, notJson: true };
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    const pretty = z.prettifyError(parsed.error);
    return { ok: false, problem: pretty.length > MAX_PROBLEM_CHARS ? `${pretty.slice(0, MAX_PROBLEM_CHARS)}…` : pretty, notJson: false };
  }

  return {
    ledger,

    get structuredMode() {
      return structuredMode;
    },

    async structured<T>(req: StructuredRequest<T>): Promise<T> {
      checkRequest(req.role, req.model, req.messages);
      assertStrictSchema(req.schema, req.schemaName);
      const schemaFormat = (await loadSdk()).zodResponseFormat(req.schema as z.ZodType, req.schemaName);

      /** One call in the current mode; a provider that refuses the mode's response_format moves the run to the next. */
      const ask = async (messages: ChatMessage[]) => {
        for (;;) {
          const mode = structuredMode;
          const format = mode === 'json_schema' ? schemaFormat : mode === 'json_object' ? ({ type: 'json_object' } as const) : undefined;
          const sent = mode === 'json_schema' ? messages : [...messages, schemaInstruction(req.schemaName, schemaFormat.json_schema.schema)];
          try {
            return { ...(await complete(req.role, req.model, sent, format, req.maxOutputTokens)), mode };
          } catch (error) {
            const next = NEXT_MODE[mode];
            if (!next || !refusesFormat(error)) throw error;
            structuredMode = next;
            notice(
              `the provider refused response_format ${mode} for ${req.model} (${(error as Error).message.slice(0, 200)}); ` +
                `this run asks in ${next === 'json_object' ? 'JSON mode' : 'plain text'} with the schema in the prompt and checks answers against it`,
            );
          }
        }
      };

      const first = await ask(req.messages);
      const firstJudgement = judge(req.schema, first.content, first.mode !== 'json_schema');
      book(first.entry, firstJudgement.ok ? 'ok' : 'repair');
      if (firstJudgement.ok) return firstJudgement.value;
      if (first.mode === 'json_schema' && firstJudgement.notJson && !/^\s*[{[]/.test(first.content) && structuredMode === 'json_schema') {
        // Strict json_schema output is JSON (a garbled object is repaired in the same mode): prose means the server ignored the schema.
        structuredMode = 'json_object';
        notice(
          `the provider ignored response_format json_schema for ${req.model} (the answer was not JSON); ` +
            'this run asks in JSON mode with the schema in the prompt and checks answers against it',
        );
      }

      // One repair: the failed answer and what was wrong with it go back, after the unchanged prefix.
      const repairMessages: ChatMessage[] = [
        ...req.messages,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: `Your previous answer does not match the required JSON schema '${req.schemaName}':\n${firstJudgement.problem}\nAnswer again with only the corrected JSON object.`,
        },
      ];
      const second = await ask(repairMessages);
      const secondJudgement = judge(req.schema, second.content, second.mode !== 'json_schema');
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
