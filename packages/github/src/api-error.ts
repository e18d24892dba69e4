import { AgentError, GitHubApiError } from '@eternia/core';

/** The HTTP status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The `errors[].code` values of a 422 validation failure. */
export function validationCodes(error: unknown): string[] {
  const errors = (error as { response?: { data?: { errors?: unknown } } } | null)?.response?.data?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => (e as { code?: unknown } | null)?.code).filter((c): c is string => typeof c === 'string');
}

/** Runs one API call and turns any failure into a GitHubApiError that says what was being done. */
export async function githubCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AgentError) throw error;
    const status = httpStatus(error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new GitHubApiError(`${what} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`, status, { cause: error });
  }
}
