import { ModelProviderError } from '@eternia/core';

/**
 * The ways a model call fails, all of kind 'model' so the summary groups them; the subclass says which,
 * and carries what the caller needs to decide (the refusal text, the invalid reply, the HTTP status).
 */

/** The model declined to answer (`message.refusal`). */
export class ModelRefusalError extends ModelProviderError {
  constructor(
    readonly role: string,
    readonly refusal: string,
  ) {
    super(`model refused the ${role} request: ${refusal}`);
  }
}

/** The answer hit the output token limit (`finish_reason: "length"`), so it is incomplete. */
export class ModelTruncationError extends ModelProviderError {
  constructor(
    readonly role: string,
    readonly partial: string,
  ) {
    super(`model answer for ${role} was cut off at the output token limit (finish_reason "length"); ${partial.length} characters arrived`);
  }
}

/** The answer was not valid JSON for the schema, even after the repair retry. */
export class ModelOutputInvalidError extends ModelProviderError {
  constructor(
    readonly role: string,
    readonly schemaName: string,
    readonly problem: string,
    readonly raw: string,
  ) {
    super(`model answer for ${role} does not match schema '${schemaName}' after a repair retry: ${problem}`);
  }
}

/** The provider could not be reached or answered with an error after the SDK's retries. */
export class ModelRequestError extends ModelProviderError {
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
