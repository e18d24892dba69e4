import { BudgetExceededError } from '@eternia/core';
import type { LedgerTotals } from './ledger.js';

/** A per-run limit on model spending; tokens count input plus output. */
export interface Budget {
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Spending a call is about to add, estimated before it is made. */
export interface Estimate {
  tokens: number;
  costUsd: number;
}

const fmtUsd = (value: number) => `$${value.toFixed(4)}`;

/** Throws when what is spent, plus what the next call is estimated to add, goes over the budget. */
export function assertWithinBudget(budget: Budget | undefined, spent: LedgerTotals, next: Estimate | undefined, what: string): void {
  if (!budget) return;
  const tokens = spent.totalTokens + (next?.tokens ?? 0);
  const cost = spent.costUsd + (next?.costUsd ?? 0);
  const when = next ? `the next call (${what}, ~${next.tokens} input tokens) would exceed` : `${what} exceeded`;
  if (budget.maxTokens !== undefined && tokens > budget.maxTokens) {
    throw new BudgetExceededError(
      `token budget: ${when} the run's budget of ${budget.maxTokens} tokens (${spent.totalTokens} spent in ${spent.calls} calls)`,
    );
  }
  if (budget.maxCostUsd !== undefined && cost > budget.maxCostUsd) {
    throw new BudgetExceededError(
      `cost budget: ${when} the run's budget of ${fmtUsd(budget.maxCostUsd)} (${fmtUsd(spent.costUsd)} spent in ${spent.calls} calls)`,
    );
  }
}
