/** An HTTP error answered in OpenAI's error shape: `{ error: { message, type, param, code } }`. */
export class OpenAIHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): OpenAIHttpError {
  return new OpenAIHttpError(400, message, 'invalid_request_error', code, param);
}
