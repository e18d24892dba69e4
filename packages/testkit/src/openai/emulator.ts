import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAIHttpError, invalidRequest } from './api-error.js';
import type { Answer } from './answer.js';
import { chatCompletion, chatCompletionChunks } from './chat-completion.js';
import { cachedTokens, loadTokenizer, promptTokens, textTokens, tokensText } from './prompt-tokens.js';
import { viewChatRequest, viewResponsesRequest, type Endpoint, type RequestView } from './request-view.js';
import { responseEvents, responseObject } from './responses-output.js';
import { RuleBook, replyText, type FaultKind, type FaultRule, type ScriptRule } from './rules.js';
import { replyViolations, strictSchemaProblem } from './schema-check.js';

/**
 * Which server the emulator behaves like, in the parts a client notices:
 * - `openai` (default): `/v1/chat/completions`, `Authorization: Bearer`, json_schema structured outputs.
 * - `azure`: Azure OpenAI. `url` ends in `/openai`; chat is `POST /openai/deployments/{deployment}/chat/completions?api-version=…`
 *   (the deployment is the model; a missing api-version is 404 as on Azure) with the key in the `api-key` header, and
 *   the v1 API `POST /openai/v1/chat/completions` takes `api-key` or Bearer.
 * - `ollama`: `/v1/chat/completions`, any key or none, and json_schema ignored (the model answers in prose) while
 *   JSON mode (`response_format: {type: 'json_object'}`) is honoured.
 * - `vllm`: `/v1/chat/completions`, Bearer only when started with a key, json_schema supported (guided decoding).
 */
export type EmulatedProvider = 'openai' | 'azure' | 'ollama' | 'vllm';

/** What the server does with `response_format: {type: 'json_schema'}`: honour it, answer 400, or ignore it. */
export type JsonSchemaSupport = 'supported' | 'rejected' | 'ignored';

export interface OpenAIEmulatorOptions {
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  /** Behave like this provider (paths, authentication, structured output); `openai` by default. */
  provider?: EmulatedProvider;
  /** Overrides the provider's json_schema support: `rejected` is a server that answers 400 to it. */
  jsonSchema?: JsonSchemaSupport;
  /** true: JSON mode (`response_format: {type: 'json_object'}`) is answered with 400 too, as by servers without any response_format. */
  rejectJsonObject?: boolean;
  /** Model ids listed by GET /v1/models besides those named in script rules. */
  models?: string[];
}

export type RequestOutcome = 'answered' | FaultKind | 'unmatched' | 'unauthorized' | 'invalid';

export interface RecordedRequest {
  endpoint: Endpoint;
  /** The URL path and query as received. */
  url: string;
  /** Azure deployments API: the deployment the path named. */
  deployment?: string;
  body: any;
  headers: IncomingHttpHeaders;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  outcome: RequestOutcome;
  status: number;
  /** The billed figures, for answered requests (including malformed, truncated and refused answers). */
  usage?: { promptTokens: number; cachedTokens: number; completionTokens: number };
}

/** A scripted reply that did not satisfy the schema the request asked for: the test's mistake, answered anyway. */
export interface SchemaMismatch {
  schemaName: string;
  reply: string;
  errors: string[];
  at: number;
}

export interface OpenAIEmulator {
  /** Base URL including `/v1`, for `new OpenAI({ baseURL: emu.url, apiKey })`; for `azure`, the resource's `/openai`. */
  readonly url: string;
  script(rule: ScriptRule): void;
  fault(rule: FaultRule): void;
  readonly requests: RecordedRequest[];
  readonly schemaMismatches: SchemaMismatch[];
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o4-mini'];
const REFUSAL = "I'm sorry, but I can't help with that request.";
const MALFORMED = '{"summary": "the model lost track of its quotes, "steps": [}';

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${Date.now().toString(36)}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendEvents(res: ServerResponse, events: object[], named: boolean): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_${Date.now().toString(36)}`,
  });
  for (const event of events) {
    const type = named ? `event: ${(event as { type: string }).type}\n` : '';
    res.write(`${type}data: ${JSON.stringify(event)}\n\n`);
  }
  if (!named) res.write('data: [DONE]\n\n');
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

function maskedKey(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

function outputLimit(view: RequestView): number | undefined {
  const limit = view.endpoint === 'chat' ? (view.body.max_completion_tokens ?? view.body.max_tokens) : view.body.max_output_tokens;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}

/**
 * An OpenAI-compatible server on 127.0.0.1 for tests and the offline demo: scripted answers chosen by
 * rules, injectable faults, usage figures from a real tokenizer (prompt caching included), and every
 * request recorded.
 */
export async function startOpenAIEmulator(opts: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  await loadTokenizer();
  const provider = opts.provider ?? 'openai';
  const jsonSchemaSupport: JsonSchemaSupport = opts.jsonSchema ?? (provider === 'ollama' ? 'ignored' : 'supported');
  const scripts = new RuleBook<ScriptRule>();
  const faults = new RuleBook<FaultRule>();
  const requests: RecordedRequest[] = [];
  const schemaMismatches: SchemaMismatch[] = [];
  const scriptedModels = new Set<string>();
  // The prompt last processed per model: the provider's cache holds its prefix.
  const lastPrompt = new Map<string, number[]>();

  function authorize(headers: IncomingHttpHeaders, route: 'openai' | 'azure-deployments' | 'azure-v1'): void {
    if (provider === 'ollama' || (provider === 'vllm' && opts.apiKey === undefined)) return;
    if (route !== 'openai') {
      const header = headers['api-key'];
      const key = typeof header === 'string' ? header : route === 'azure-v1' ? bearer(headers) : undefined;
      if (!key || (opts.apiKey !== undefined && key !== opts.apiKey)) {
        throw new OpenAIHttpError(
          401,
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
          'invalid_request_error',
          '401',
        );
      }
      return;
    }
    const key = bearer(headers);
    if (!key) {
      throw new OpenAIHttpError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        'invalid_request_error',
      );
    }
    if (opts.apiKey !== undefined && key !== opts.apiKey) {
      throw new OpenAIHttpError(
        401,
        `Incorrect API key provided: ${maskedKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        'invalid_request_error',
        'invalid_api_key',
      );
    }
  }

  function bill(view: RequestView, content: string, rule?: ScriptRule): Answer['usage'] {
    const prompt = promptTokens(view.preamble, view.messages);
    const cached = cachedTokens(lastPrompt.get(view.model), prompt);
    lastPrompt.set(view.model, prompt);
    return {
      promptTokens: rule?.usage?.prompt_tokens ?? prompt.length,
      cachedTokens: rule?.usage?.cached_tokens ?? cached,
      completionTokens: rule?.usage?.completion_tokens ?? textTokens(content).length,
    };
  }

  /** The answer for a matched script rule; a reply longer than the request's output limit is cut there, as the provider does. */
  function scriptedAnswer(view: RequestView, rule: ScriptRule): Answer {
    let text: string;
    try {
      text = replyText(rule.reply, view);
    } catch (error) {
      throw invalidRequest(
        `openai emulator: the reply function of the matching script rule threw: ${(error as Error).message}`,
        null,
        'emulator_reply_failed',
      );
    }
    if (view.schema && view.schemaName) {
      const errors = replyViolations(view.schema, text);
      if (errors.length > 0) schemaMismatches.push({ schemaName: view.schemaName, reply: text, errors, at: Date.now() });
    }
    const limit = outputLimit(view);
    const tokens = textTokens(text);
    if (limit !== undefined && tokens.length > limit) {
      const cut = tokensText(tokens.slice(0, limit));
      return { content: cut, refusal: null, finishReason: 'length', usage: bill(view, cut, rule) };
    }
    return { content: text, refusal: null, finishReason: 'stop', usage: bill(view, text, rule) };
  }

  function faultAnswer(view: RequestView, fault: FaultRule): Answer {
    switch (fault.kind) {
      case 'malformed-json':
        return { content: MALFORMED, refusal: null, finishReason: 'stop', usage: bill(view, MALFORMED) };
      case 'truncated': {
        const script = scripts.peek(view);
        const whole = script ? replyText(script.reply, view) : '{"summary": "an answer that the output limit cut off in the middle of a sentence"}';
        const cut = whole.slice(0, Math.max(1, Math.floor(whole.length / 2)));
        return { content: cut, refusal: null, finishReason: 'length', usage: bill(view, cut) };
      }
      case 'refusal': {
        const refusal = fault.refusal ?? REFUSAL;
        return { content: null, refusal, finishReason: 'stop', usage: bill(view, refusal) };
      }
      default:
        throw new Error(`openai emulator: fault '${fault.kind}' has no answer body`);
    }
  }

  function httpFault(fault: FaultRule): OpenAIHttpError {
    if (fault.kind === '429') {
      const retryAfter = fault.retryAfter ?? 1;
      return new OpenAIHttpError(
        429,
        `Rate limit reached for requests. Please try again in ${retryAfter}s.`,
        'requests',
        'rate_limit_exceeded',
        null,
        {
          'retry-after': String(retryAfter),
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${retryAfter}s`,
        },
      );
    }
    return new OpenAIHttpError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');
  }

  function describe(view: RequestView): string {
    const lastUser = [...view.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
    const excerpt = lastUser.length > 160 ? `${lastUser.slice(0, 160)}…` : lastUser;
    return `endpoint=${view.endpoint} model=${view.model} role=${view.role ?? '(none)'} schemaName=${view.schemaName ?? '(none)'} last user message: ${JSON.stringify(excerpt)}`;
  }

  const held = new Set<ServerResponse>();

  async function handleGeneration(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, record: RecordedRequest): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      throw invalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      );
    }
    record.body = body;
    const role = typeof req.headers['x-eternia-role'] === 'string' ? req.headers['x-eternia-role'] : undefined;
    const view = endpoint === 'chat' ? viewChatRequest(body, role) : viewResponsesRequest(body, role);
    if (record.deployment !== undefined) view.model = record.deployment;
    const asksSchema = endpoint === 'chat' && (body as { response_format?: { type?: unknown } }).response_format?.type === 'json_schema';
    if (endpoint === 'chat' && opts.rejectJsonObject && (body as { response_format?: { type?: unknown } }).response_format?.type === 'json_object') {
      throw invalidRequest("response_format type 'json_object' is not supported by this server", 'response_format');
    }
    if (asksSchema && jsonSchemaSupport === 'rejected') {
      throw invalidRequest("response_format type 'json_schema' is not supported by this server; use 'json_object' or 'text'", 'response_format');
    }
    if (view.schema && view.schemaName && view.strict && jsonSchemaSupport === 'supported') {
      const problem = strictSchemaProblem(view.schemaName, view.schema);
      if (problem) throw invalidRequest(problem, endpoint === 'chat' ? 'response_format' : 'text.format.schema', 'invalid_json_schema');
    }

    const fault = faults.take(view);
    if (fault?.kind === 'timeout') {
      // Hold the socket open past any client timeout; close() or the client's abort ends it.
      record.outcome = 'timeout';
      record.status = 0;
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault?.kind === '429' || fault?.kind === '500') {
      record.outcome = fault.kind;
      throw httpFault(fault);
    }
    let answer: Answer;
    if (fault) {
      record.outcome = fault.kind;
      answer = faultAnswer(view, fault);
    } else {
      const rule = scripts.take(view);
      if (!rule) {
        record.outcome = 'unmatched';
        throw invalidRequest(
          `openai emulator: no scripted answer matched this request (${describe(view)}). Add a script rule that matches it.`,
          null,
          'no_scripted_answer',
        );
      }
      answer = scriptedAnswer(view, rule);
      // A server that ignores json_schema leaves the model unconstrained: it talks around its JSON.
      if (asksSchema && jsonSchemaSupport === 'ignored' && answer.content !== null) {
        answer = { ...answer, content: `Sure! Here is the answer you asked for:\n\n${answer.content}\n\nLet me know if you need anything else.` };
      }
      record.outcome = 'answered';
    }
    record.usage = answer.usage;
    record.status = 200;
    if (endpoint === 'chat') {
      if (view.stream) sendEvents(res, chatCompletionChunks(view.model, answer, view.includeUsage), false);
      else sendJson(res, 200, chatCompletion(view.model, answer));
    } else if (view.stream) {
      sendEvents(res, responseEvents(view.body, answer), true);
    } else {
      sendJson(res, 200, responseObject(view.body, answer));
    }
  }

  function listModels() {
    const ids = [...new Set([...DEFAULT_MODELS, ...(opts.models ?? []), ...scriptedModels])];
    return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'openai-emulator' })) };
  }

  const server = createServer((req, res) => {
    const parsedUrl = new URL(req.url ?? '/', 'http://emulator');
    let path = parsedUrl.pathname.replace(/\/+$/, '');
    let route: 'openai' | 'azure-deployments' | 'azure-v1' = 'openai';
    let deployment: string | undefined;
    let missingApiVersion = false;
    if (provider === 'azure') {
      const deployed = /^\/openai\/deployments\/([^/]+)(\/chat\/completions)$/.exec(path);
      if (deployed) {
        route = 'azure-deployments';
        deployment = decodeURIComponent(deployed[1]!);
        missingApiVersion = !parsedUrl.searchParams.get('api-version');
        path = `/v1${deployed[2]}`;
      } else if (path.startsWith('/openai/v1/')) {
        route = 'azure-v1';
        path = path.slice('/openai'.length);
      } else {
        path = `/unrouted${path}`;
      }
    }
    const endpoint: Endpoint | undefined =
      req.method === 'POST' && path === '/v1/chat/completions' ? 'chat' : req.method === 'POST' && path === '/v1/responses' ? 'responses' : undefined;
    const record: RecordedRequest | undefined = endpoint
      ? {
          endpoint,
          url: req.url ?? '/',
          ...(deployment !== undefined && { deployment }),
          body: undefined,
          headers: req.headers,
          at: Date.now(),
          outcome: 'invalid',
          status: 400,
        }
      : undefined;
    if (record) requests.push(record);

    const run = async () => {
      if (missingApiVersion) throw new OpenAIHttpError(404, 'Resource not found (no api-version query parameter)', 'invalid_request_error', '404');
      try {
        authorize(req.headers, route);
      } catch (error) {
        if (record) record.outcome = 'unauthorized';
        throw error;
      }
      if (endpoint && record) return handleGeneration(req, res, endpoint, record);
      if (req.method === 'GET' && path === '/v1/models') return sendJson(res, 200, listModels());
      const single = /^\/v1\/models\/(.+)$/.exec(path);
      if (req.method === 'GET' && single) {
        const model = listModels().data.find((m) => m.id === decodeURIComponent(single[1]!));
        if (!model)
          throw new OpenAIHttpError(
            404,
            `The model '${decodeURIComponent(single[1]!)}' does not exist`,
            'invalid_request_error',
            'model_not_found',
            'model',
          );
        return sendJson(res, 200, model);
      }
      throw new OpenAIHttpError(404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error');
    };
    run().catch((error: unknown) => {
      const httpError =
        error instanceof OpenAIHttpError
          ? error
          : new OpenAIHttpError(500, `openai emulator bug: ${(error as Error)?.stack ?? String(error)}`, 'server_error');
      if (record) record.status = httpError.status;
      if (!res.headersSent) sendJson(res, httpError.status, httpError.body(), httpError.headers);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: provider === 'azure' ? `http://127.0.0.1:${port}/openai` : `http://127.0.0.1:${port}/v1`,
    script(rule) {
      if (rule === null || typeof rule !== 'object' || !('reply' in rule)) throw new Error("openai emulator: script() needs a rule with a 'reply'");
      if (typeof rule.match?.model === 'string') scriptedModels.add(rule.match.model);
      scripts.add(rule);
    },
    fault(rule) {
      const kinds: FaultKind[] = ['429', '500', 'timeout', 'malformed-json', 'truncated', 'refusal'];
      if (!kinds.includes(rule?.kind))
        throw new Error(`openai emulator: unknown fault kind ${JSON.stringify(rule?.kind)}; expected one of ${kinds.join(', ')}`);
      faults.add(rule);
    },
    requests,
    schemaMismatches,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of held) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
