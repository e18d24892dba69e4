/** What the scribe's tests share: the change a PR makes, the docs a model proposes for it, and its answers. */
import { CART_JS } from './delivery-bench.js';

/** The change the PR makes: applyDiscount added to the cart module. */
export const CART_WITH_DISCOUNT = `${CART_JS}
/** Price after a percentage discount, in cents (rounded to the nearest cent). */
export function applyDiscount(cents, percent) {
  return Math.round((cents * (100 - percent)) / 100);
}
`;
export const README_PATCH = `--- a/README.md
+++ b/README.md
@@ -1 +1,5 @@
 # shop
+
+## Discounts
+
+\`applyDiscount(cents, percent)\` takes a percentage off a price in cents, rounded to the nearest cent.
`;
export const ADR_BODY = `## Context and Problem Statement

Prices are whole cents; a percentage discount yields fractions of a cent.

## Considered Options

* Round to the nearest cent
* Truncate

## Decision Outcome

Chosen option: "Round to the nearest cent", because receipts show rounded amounts.

### Consequences

* Good, because totals match receipts.
`;
export const ADR = { title: 'Round discounted prices to the nearest cent', body: ADR_BODY };
export const FIXED_NOW = new Date('2026-03-04T05:06:07Z');

export type Answer = { needed: boolean; reason: string; summary: string; patch: string; adr: { title: string; body: string } | null };
export const answer = (a: Partial<Answer>): Answer => ({
  needed: true,
  reason: 'Documents applyDiscount.',
  summary: 'document applyDiscount',
  patch: '',
  adr: null,
  ...a,
});
