/**
 * Every failure the library reports has a kind, so the job summary can say what went wrong
 * (a user's configuration, GitHub, the model provider, a refused patch…) and not just the message.
 */
export type ErrorKind =
  'configuration' | 'github' | 'model' | 'patch-refused' | 'tests-failed' | 'review-gate' | 'budget' | 'frozen' | 'dossier' | 'internal';

export class AgentError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = new.target.name;
  }
}

/** A user's mistake: a bad input, policy key or file. `where` names it, e.g. "input 'max-issues'" or "key 'limits.attempts' in .github/agents.yml". */
export class ConfigurationError extends AgentError {
  readonly where: string | undefined;
  constructor(message: string, where?: string, options?: { cause?: unknown }) {
    super('configuration', where ? `${where}: ${message}` : message, options);
    this.where = where;
  }
}

export class GitHubApiError extends AgentError {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super('github', message, options);
    this.status = status;
  }
}

export class ModelProviderError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('model', message, options);
  }
}

export class PatchRefusedError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('patch-refused', message, options);
  }
}

export class TestsFailedError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('tests-failed', message, options);
  }
}

/** The review scored the change below the policy's `review.min-score`: the message names the key and the lowest score. */
export class ReviewGateError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('review-gate', message, options);
  }
}

export class BudgetExceededError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('budget', message, options);
  }
}

/** The freeze label is present: the bot must not push or write. */
export class FrozenError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('frozen', message, options);
  }
}

export class DossierError extends AgentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('dossier', message, options);
  }
}

/** The kind of anything thrown: our own errors carry it, everything else is an internal bug. */
export function errorKind(error: unknown): ErrorKind {
  return error instanceof AgentError ? error.kind : 'internal';
}
