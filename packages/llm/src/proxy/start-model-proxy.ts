import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError, DEFAULT_PRICES } from '@eternia/core';
import { costUsd, priceTableFromPolicy, type PolicyPriceTable } from '../prices.js';
import { bearerMatches } from './access-token.js';
import { endpointOf, UPSTREAM_PATH, type ProxyEndpoint } from './endpoints.js';
import { limitOutput, outputRoom } from './output-limit.js';
import { sendProxyError } from './proxy-error.js';
import { isRefusal, SpendGate, type Spend } from './spend-gate.js';
import { callUpstream, passedRequestHeaders, withoutKey } from './upstream.js';
import { estimateInputTokens, usageOf } from './usage-of.js';

export interface ModelProxyOptions {
  /** OpenAI-compatible base URL including `/v1`. */
  upstream?: string;
  /** The provider key: sent upstream, never answered, logged or echoed. */
  apiKey: string;
  /** What callers must send as `Authorization: Bearer …`: a per-job random value. */
  accessToken: string;
  budget: { maxTokens: number; maxCostUsd: number };
  /** The policy's `budget.prices` (USD per 1M tokens by model); the built-in table when absent. */
  prices?: PolicyPriceTable;
  /**
   * true (the default): a model without a price is refused, since the cost cap could not hold. false (the policy file
   * does not set budget.max-cost-usd): its calls count toward max-tokens only, logged once per model.
   */
  requirePrices?: boolean;
  host?: string;
  port?: number;
  fetch?: typeof fetch;
  /** What earlier jobs of the run spent, counted against the same caps. */
  alreadySpent?: Spend;
  /** One line per call: endpoint, model, status, tokens. Never the key, the token or the prompt. */
  log?: (line: string) => void;
}

export interface ModelProxy {
  /** Base URL for the openai SDK, `http://127.0.0.1:PORT/v1`. */
  url: string;
  close(): Promise<void>;
  /** What the forwarded calls cost so far (alreadySpent included). */
  spent(): Spend;
}

export const DEFAULT_UPSTREAM = 'https://api.openai.com/v1';
/** A prompt is at most a few MB; anything bigger is refused before it is read whole. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Longer than the SDK's own 10-minute default, so the caller's timeout comes first. */
const UPSTREAM_TIMEOUT_MS = 11 * 60 * 1000;
/** The SDK retries 429s unless told not to; a spent budget does not come back by waiting. */
const NO_RETRY = { 'x-should-retry': 'false' };

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function checkOptions(opts: ModelProxyOptions): string {
  if (typeof opts.apiKey !== 'string' || opts.apiKey.trim() === '' || /\s/.test(opts.apiKey)) {
    throw new ConfigurationError('the model proxy needs the provider key, one word without spaces', 'input openai-api-key');
  }
  if (typeof opts.accessToken !== 'string' || opts.accessToken.length < 16 || /\s/.test(opts.accessToken)) {
    throw new ConfigurationError('the access token must be at least 16 characters without spaces (a random per-job value)', 'option accessToken');
  }
  for (const [name, value] of [
    ['budget.max-tokens', opts.budget?.maxTokens],
    ['budget.max-cost-usd', opts.budget?.maxCostUsd],
  ] as const) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0))
      throw new ConfigurationError(`must be a positive number, got ${String(value)}`, name);
  }
  const upstream = (opts.upstream ?? DEFAULT_UPSTREAM).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(upstream);
  } catch {
    throw new ConfigurationError(`'${upstream}' is not a URL`, 'input openai-base-url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ConfigurationError(`'${upstream}' is not an http(s) URL`, 'input openai-base-url');
  if (parsed.username || parsed.password)
    throw new ConfigurationError('the base URL must not carry credentials; pass the key as openai-api-key', 'input openai-base-url');
  return upstream;
}

/**
 * An OpenAI-compatible proxy on loopback that holds the provider key: it forwards only chat completions
 * and responses, only for callers with the access token, refuses streaming (its usage could not be
 * counted), and enforces the run's token and cost caps itself, so code that reaches the proxy can
 * neither read the key nor spend past the budget.
 */
export async function startModelProxy(opts: ModelProxyOptions): Promise<ModelProxy> {
  const upstreamUrl = checkOptions(opts);
  // An api-version query means Azure OpenAI's deployments API (as in the model client): the model names the deployment.
  const parsedUpstream = new URL(upstreamUrl);
  const azureVersion = parsedUpstream.searchParams.get('api-version');
  parsedUpstream.search = '';
  const upstream = azureVersion === null ? upstreamUrl : parsedUpstream.toString().replace(/\/+$/, '');
  const upstreamUrlFor = (endpoint: ProxyEndpoint, model: string): string =>
    azureVersion === null
      ? `${upstream}${UPSTREAM_PATH[endpoint]}`
      : `${upstream}/deployments/${encodeURIComponent(model)}${UPSTREAM_PATH[endpoint]}?api-version=${encodeURIComponent(azureVersion)}`;
  const { apiKey, accessToken } = opts;
  const prices = priceTableFromPolicy(opts.prices ?? DEFAULT_PRICES);
  const gate = new SpendGate(opts.budget, opts.alreadySpent);
  const unpriced = new Set<string>();
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const log = (line: string) => opts.log?.(withoutKey(withoutKey(line, apiKey), accessToken));

  async function forward(endpoint: ProxyEndpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendProxyError(res, 413, `the request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, 'body_too_large', {
          connection: 'close',
        });
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendProxyError(res, 400, 'the request body is not valid JSON', 'invalid_json');
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return sendProxyError(res, 400, 'the request body must be a JSON object', 'invalid_json');
    const request = body as Record<string, unknown>;
    if (request.stream !== undefined && request.stream !== false && request.stream !== null) {
      return sendProxyError(
        res,
        400,
        'the model proxy does not forward streaming requests (stream: true): their usage cannot be counted against the budget; send the request without stream',
        'stream_not_supported',
      );
    }
    if (request.background !== undefined && request.background !== false && request.background !== null) {
      return sendProxyError(
        res,
        400,
        'the model proxy does not forward background responses (background: true): their usage cannot be counted against the budget',
        'background_not_supported',
      );
    }
    if (request.n !== undefined && request.n !== null && request.n !== 1) {
      return sendProxyError(
        res,
        400,
        'the model proxy forwards one answer per call (n: 1): several would each take the output room the budget leaves',
        'n_not_supported',
      );
    }
    const model = request.model;
    if (typeof model !== 'string' || model === '') return sendProxyError(res, 400, 'the request names no model', 'missing_model');
    let price = Object.hasOwn(prices, model) ? prices[model] : undefined;
    if (!price && opts.requirePrices === false) {
      if (!unpriced.has(model)) log(`model=${model} has no price in budget.prices: counted toward budget.max-tokens only`);
      unpriced.add(model);
      price = { input: 0, output: 0 };
    }
    if (!price) {
      return sendProxyError(
        res,
        400,
        `no price for model '${model}' in budget.prices, so budget.max-cost-usd cannot be enforced; add the model to budget.prices in the policy file`,
        'no_price',
        NO_RETRY,
      );
    }
    const inputTokens = estimateInputTokens(request);
    const estimate = { tokens: inputTokens, costUsd: costUsd({ inputTokens, cachedTokens: 0, outputTokens: 0 }, price) };
    const reservation = gate.reserve(estimate);
    if (isRefusal(reservation)) {
      log(`refused ${endpoint} model=${model}: ${reservation.message}`);
      return sendProxyError(res, 429, reservation.message, 'budget_exceeded', NO_RETRY);
    }
    const room = outputRoom(gate.headroom(), price);
    if (room < 1) {
      reservation.settle(undefined);
      const message = `the budget has no room left for an answer after this prompt (budget.max-tokens ${opts.budget.maxTokens}, budget.max-cost-usd $${opts.budget.maxCostUsd})`;
      log(`refused ${endpoint} model=${model}: ${message}`);
      return sendProxyError(res, 429, message, 'budget_exceeded', NO_RETRY);
    }
    limitOutput(endpoint, request, room);

    // A caller that hangs up does not stop the upstream call: the provider bills it anyway, so it is counted.
    let answer;
    try {
      answer = await callUpstream(
        fetchFn,
        upstreamUrlFor(endpoint, model),
        apiKey,
        JSON.stringify(request),
        passedRequestHeaders(req.headers),
        AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        azureVersion === null ? 'authorization' : 'api-key',
      );
    } catch (error) {
      // A call that timed out may still have been billed: count what its prompt is estimated to cost.
      reservation.settle((error as Error)?.name === 'TimeoutError' ? estimate : undefined);
      const reason = withoutKey(
        error instanceof Error ? (error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message) : String(error),
        apiKey,
      );
      log(`upstream unreachable for ${endpoint} model=${model}: ${reason}`);
      return sendProxyError(res, 502, `the model proxy could not reach the upstream provider: ${reason}`, 'upstream_unreachable');
    }
    let billed: Spend | undefined;
    if (answer.status >= 200 && answer.status < 300) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        parsed = undefined;
      }
      const usage = usageOf(endpoint, parsed);
      // An answer without usage still cost something: count at least the estimate.
      billed = usage ? { tokens: usage.inputTokens + usage.outputTokens, costUsd: costUsd(usage, price) } : estimate;
    }
    reservation.settle(billed);
    log(`${endpoint} model=${model} status=${answer.status}${billed ? ` tokens=${billed.tokens}` : ''}`);
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.text);
  }

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
    const endpoint = endpointOf(pathname);
    const run = async () => {
      if (!endpoint)
        return sendProxyError(
          res,
          404,
          `the model proxy forwards only POST /v1/chat/completions and POST /v1/responses, not ${req.method} ${pathname}`,
          'not_forwarded',
        );
      if (req.method !== 'POST') return sendProxyError(res, 405, `${pathname} takes POST only`, 'method_not_allowed', { allow: 'POST' });
      if (!bearerMatches(req.headers.authorization, accessToken)) {
        return sendProxyError(
          res,
          401,
          "the model proxy needs 'Authorization: Bearer <access-token>' with the model-proxy step's access-token output",
          'invalid_access_token',
          { connection: 'close' },
        );
      }
      return forward(endpoint, req, res);
    };
    run().catch((error: unknown) => {
      const message = withoutKey(error instanceof Error ? error.message : String(error), apiKey);
      log(`internal error: ${message}`);
      sendProxyError(res, 500, `model proxy error: ${message}`, 'proxy_error');
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/v1`,
    spent: () => {
      const { tokens, costUsd: cost } = gate.totals();
      return { tokens, costUsd: cost };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
