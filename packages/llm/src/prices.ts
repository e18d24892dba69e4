/** A model's price in USD per 1M tokens; cached input falls back to the input price when not given. */
export interface ModelPrice {
  input: number;
  cachedInput?: number;
  output: number;
}

export type PriceTable = Record<string, ModelPrice>;

export interface TokenUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
}

export function costUsd(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const uncached = Math.max(0, usage.inputTokens - usage.cachedTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return (uncached * price.input + usage.cachedTokens * cachedPrice + usage.outputTokens * price.output) / 1_000_000;
}

/** The policy file's `budget.prices`: the same figures, with the file's kebab-case key. */
export type PolicyPriceTable = Readonly<Record<string, { input: number; 'cached-input'?: number; output: number }>>;

/** The price table the budget logic reads, from the policy's shape (`cached-input` becomes `cachedInput`). */
export function priceTableFromPolicy(prices: PolicyPriceTable): PriceTable {
  const table: PriceTable = {};
  for (const [model, price] of Object.entries(prices)) {
    table[model] = { input: price.input, output: price.output, ...(price['cached-input'] !== undefined && { cachedInput: price['cached-input'] }) };
  }
  return table;
}
