import { z } from 'zod';
import { DossierError } from '@eternia/core';

/** Every model call of a run: what it cost and how much of its prompt the provider served from cache. */

export const LedgerEntrySchema = z.object({
  role: z.string(),
  model: z.string(),
  inputTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  latencyMs: z.number().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** What became of the answer: used, sent back for repair, refused, truncated, or invalid after repair. */
  outcome: z.enum(['ok', 'repair', 'refused', 'truncated', 'invalid']).optional(),
});

export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export interface LedgerTotals {
  calls: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Input plus output: what a token budget counts. */
  totalTokens: number;
  latencyMs: number;
  costUsd: number;
  /** Cached share of input tokens over the second and later calls (the first call cannot hit a cache); null with fewer than two calls. */
  cacheShareAfterFirst: number | null;
}

const LedgerFileSchema = z.object({ entries: z.array(LedgerEntrySchema) });

export class Ledger {
  readonly entries: LedgerEntry[] = [];

  constructor(entries: LedgerEntry[] = []) {
    for (const entry of entries) this.record(entry);
  }

  /** A ledger carried over from an earlier job (the dossier's ledger.json), so budgets count the whole run. */
  static fromJSON(data: unknown, where = 'ledger'): Ledger {
    const parsed = LedgerFileSchema.safeParse(data);
    if (!parsed.success) throw new DossierError(`${where} is not a valid ledger: ${z.prettifyError(parsed.error)}`);
    return new Ledger(parsed.data.entries);
  }

  record(entry: LedgerEntry): void {
    const parsed = LedgerEntrySchema.safeParse(entry);
    if (!parsed.success) throw new TypeError(`ledger entry for role '${String(entry?.role)}' is invalid: ${z.prettifyError(parsed.error)}`);
    this.entries.push(parsed.data);
  }

  totals(): LedgerTotals {
    const sum = (pick: (e: LedgerEntry) => number, from = this.entries) => from.reduce((n, e) => n + pick(e), 0);
    const later = this.entries.slice(1);
    const laterInput = sum((e) => e.inputTokens, later);
    const inputTokens = sum((e) => e.inputTokens);
    const outputTokens = sum((e) => e.outputTokens);
    return {
      calls: this.entries.length,
      inputTokens,
      cachedTokens: sum((e) => e.cachedTokens),
      outputTokens,
      totalTokens: inputTokens + outputTokens,
      latencyMs: sum((e) => e.latencyMs),
      costUsd: sum((e) => e.costUsd),
      cacheShareAfterFirst: later.length === 0 || laterInput === 0 ? null : sum((e) => e.cachedTokens, later) / laterInput,
    };
  }

  toJSON(): { entries: LedgerEntry[] } {
    return { entries: [...this.entries] };
  }

  /** A table for the job summary, one row per call and a totals row. */
  toMarkdown(): string {
    const n = (value: number) => value.toLocaleString('en-US');
    const usd = (value: number) => `$${value.toFixed(4)}`;
    const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const lines = [
      '| # | role | model | input | cached | output | latency | cost | outcome |',
      '|---:|---|---|---:|---:|---:|---:|---:|---|',
      ...this.entries.map(
        (e, i) =>
          `| ${i + 1} | ${cell(e.role)} | ${cell(e.model)} | ${n(e.inputTokens)} | ${n(e.cachedTokens)} | ${n(e.outputTokens)} | ${n(Math.round(e.latencyMs))} ms | ${usd(e.costUsd)} | ${e.outcome ?? ''} |`,
      ),
    ];
    const t = this.totals();
    lines.push(
      `| | **total** | ${t.calls} calls | ${n(t.inputTokens)} | ${n(t.cachedTokens)} | ${n(t.outputTokens)} | ${n(Math.round(t.latencyMs))} ms | ${usd(t.costUsd)} | |`,
    );
    const share = t.cacheShareAfterFirst === null ? 'n/a' : `${(t.cacheShareAfterFirst * 100).toFixed(1)}%`;
    lines.push('', `Cached share of input tokens after the first call: ${share}.`);
    return lines.join('\n');
  }
}
