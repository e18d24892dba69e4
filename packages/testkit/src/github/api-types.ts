import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState, RepoRecord, UserRecord } from './state.js';

export const DOCS = 'https://docs.github.com/rest';

/** An error answered with GitHub's JSON error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: unknown[]; documentation_url?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export function notFound(): ApiError {
  return new ApiError(404, 'Not Found');
}

/** 422 "Validation Failed" with GitHub's `errors` array. */
export function validationFailed(errors: unknown[], message = 'Validation Failed'): ApiError {
  return new ApiError(422, message, { errors });
}

export interface ApiRequest {
  method: string;
  operationId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  // Bodies are checked against the operation's schema before a handler sees them.
  body: any;
  headers: IncomingHttpHeaders;
  user: UserRecord;
  /** The full request URL (for Link headers). */
  url: URL;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as-is instead of JSON. */
  raw?: string | Buffer;
  contentType?: string;
}

export interface EmulatorContext {
  state: EmulatorState;
  /** API root, e.g. http://127.0.0.1:PORT */
  api: string;
  /** Web root used in html_url fields. */
  html: string;
  /** The repository of `{owner}/{repo}` path parameters, or a 404. */
  repo(req: ApiRequest): RepoRecord;
  /** Reports a ref update made through the API to the push handlers (call it outside `git.exclusive`: handlers may write too). */
  pushed?(repo: RepoRecord, update: { ref: string; before: string; after: string }, pusher?: UserRecord): Promise<void>;
}

export type Handler = (req: ApiRequest, ctx: EmulatorContext) => Promise<ApiResponse>;

export function ok(body: unknown, status = 200, headers?: Record<string, string>): ApiResponse {
  return { status, body, headers };
}

export function noContent(): ApiResponse {
  return { status: 204 };
}
