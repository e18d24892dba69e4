/** The job's model spending as the proxy sees it, and the caps it holds every call to. */

export interface Spend {
  tokens: number;
  costUsd: number;
}

export interface SpendCaps {
  maxTokens: number;
  maxCostUsd: number;
}

export interface Refusal {
  /** The policy key whose cap stopped the call. */
  cap: 'budget.max-tokens' | 'budget.max-cost-usd';
  message: string;
}

/** A call let through: settle it with what the provider billed (undefined when it billed nothing). */
export interface Reservation {
  settle(actual: Spend | undefined): void;
}

const usd = (value: number) => `$${value.toFixed(4)}`;

/**
 * Counts every forwarded call against the caps. A call's estimate is held while it is in flight, so
 * calls sent at the same time cannot each pass the check and go over together.
 */
export class SpendGate {
  private spent: Spend;
  private held: Spend = { tokens: 0, costUsd: 0 };
  private calls = 0;

  constructor(
    private readonly caps: SpendCaps,
    already: Spend = { tokens: 0, costUsd: 0 },
  ) {
    this.spent = { ...already };
  }

  totals(): Spend & { calls: number } {
    return { ...this.spent, calls: this.calls };
  }

  /** What is left under both caps, after what is spent and what calls in flight are estimated to use. */
  headroom(): Spend {
    return {
      tokens: this.caps.maxTokens - this.spent.tokens - this.held.tokens,
      costUsd: this.caps.maxCostUsd - this.spent.costUsd - this.held.costUsd,
    };
  }

  /** Holds the estimate and lets the call through, or says which cap refuses it. */
  reserve(estimate: Spend): Reservation | Refusal {
    const refusal = this.refusal(estimate);
    if (refusal) return refusal;
    this.held.tokens += estimate.tokens;
    this.held.costUsd += estimate.costUsd;
    let settled = false;
    return {
      settle: (actual) => {
        if (settled) return;
        settled = true;
        this.held.tokens -= estimate.tokens;
        this.held.costUsd -= estimate.costUsd;
        if (actual) {
          this.spent.tokens += actual.tokens;
          this.spent.costUsd += actual.costUsd;
          this.calls += 1;
        }
      },
    };
  }

  private refusal(next: Spend): Refusal | undefined {
    const { maxTokens, maxCostUsd } = this.caps;
    const tokens = this.spent.tokens + this.held.tokens;
    const cost = this.spent.costUsd + this.held.costUsd;
    const spentText = `${this.spent.tokens} tokens and ${usd(this.spent.costUsd)} spent in ${this.calls} calls`;
    if (tokens >= maxTokens) {
      return {
        cap: 'budget.max-tokens',
        message: `budget.max-tokens (${maxTokens}) is reached: ${spentText}; the model proxy forwards no further calls`,
      };
    }
    if (cost >= maxCostUsd) {
      return {
        cap: 'budget.max-cost-usd',
        message: `budget.max-cost-usd (${usd(maxCostUsd)}) is reached: ${spentText}; the model proxy forwards no further calls`,
      };
    }
    if (tokens + next.tokens > maxTokens) {
      return {
        cap: 'budget.max-tokens',
        message: `the call (~${next.tokens} input tokens) would exceed budget.max-tokens (${maxTokens}): ${spentText}`,
      };
    }
    if (cost + next.costUsd > maxCostUsd) {
      return {
        cap: 'budget.max-cost-usd',
        message: `the call (~${usd(next.costUsd)} of input) would exceed budget.max-cost-usd (${usd(maxCostUsd)}): ${spentText}`,
      };
    }
    return undefined;
  }
}

export function isRefusal(value: Reservation | Refusal): value is Refusal {
  return 'cap' in value;
}
