/** Twirp errors: a code, its HTTP status, and the JSON body `{"code","msg"}` the client reads `msg` from. */

const STATUS = {
  canceled: 408,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
} as const;

export type TwirpCode = keyof typeof STATUS;

export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
    this.name = 'TwirpError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: TwirpCode; msg: string; meta: Record<string, string> } {
    return { code: this.code, msg: this.message, meta: {} };
  }
}
