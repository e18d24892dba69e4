import type { OpenAIEmulator } from '../openai/index.js';

/**
 * A SCRIPTED model for the demo issue on examples/sample-repo ("apply a percentage discount code to the cart
 * total"). It answers each role with fixed data: it shows the loop's mechanics offline, not a model's skill.
 * The implementer's first answer forgets the rounding on purpose, so the loop's test feedback is exercised.
 */
export const DISCOUNT_ISSUE = {
  title: 'Apply a percentage discount code to the cart total',
  body: [
    'Customers enter a code like SAVE10 at checkout.',
    '`cartTotal(lines, discountPercent)` should take the percentage off the total, rounded to whole cents.',
    'Without a discount the total must not change.',
  ].join('\n'),
};

const plan = {
  summary: 'Give cartTotal an optional discountPercent argument that takes that percentage off the summed total, rounded to whole cents.',
  steps: [
    {
      title: 'Add tests for discounted totals',
      detail: 'A new test file covering the discount, the rounding and the default.',
      files: ['test/discount.test.js'],
    },
    { title: 'Apply the discount in cartTotal', detail: 'Default the argument to 0 and round the discounted total.', files: ['src/cart.js'] },
  ],
  files_likely_touched: ['src/cart.js', 'test/discount.test.js'],
  acceptance_criteria: [
    { id: 'AC1', statement: 'A 10% discount takes 10% off the total.', test: 'cartTotal([{priceCents:1000,quantity:2}], 10) is 1800' },
    { id: 'AC2', statement: 'The discounted total is rounded to whole cents.', test: 'cartTotal([{priceCents:333,quantity:1}], 10) is 300' },
    { id: 'AC3', statement: 'Without a discount the total is unchanged.', test: 'cartTotal([{priceCents:250,quantity:2}]) is 500' },
  ],
  risks: ['Callers passing a discount above 100 would get a negative total; out of scope here.'],
  out_of_scope: ['Validating discount codes against a list of valid codes.'],
};

const testPatch = `--- /dev/null
+++ b/test/discount.test.js
@@ -0,0 +1,15 @@
+import { test } from 'node:test';
+import assert from 'node:assert/strict';
+import { cartTotal } from '../src/cart.js';
+
+test('AC1: a percentage discount comes off the total', () => {
+  assert.equal(cartTotal([{ priceCents: 1000, quantity: 2 }], 10), 1800);
+});
+
+test('AC2: the discounted total is rounded to whole cents', () => {
+  assert.equal(cartTotal([{ priceCents: 333, quantity: 1 }], 10), 300);
+});
+
+test('AC3: no discount leaves the total unchanged', () => {
+  assert.equal(cartTotal([{ priceCents: 250, quantity: 2 }]), 500);
+});
`;

// First answer: the discount without rounding (AC2 fails), as a model might; the second fixes it.
const unroundedPatch = `--- a/src/cart.js
+++ b/src/cart.js
@@ -1,6 +1,6 @@
 /** Sum of line totals in cents. */
-export function cartTotal(lines) {
+export function cartTotal(lines, discountPercent = 0) {
   let total = 0;
   for (const line of lines) total += line.priceCents * line.quantity;
-  return total;
+  return total * (1 - discountPercent / 100);
 }
`;

const roundedPatch = `--- a/src/cart.js
+++ b/src/cart.js
@@ -1,6 +1,7 @@
-/** Sum of line totals in cents. */
-export function cartTotal(lines) {
+/** Sum of line totals in cents, less an optional percentage discount, rounded to whole cents. */
+export function cartTotal(lines, discountPercent = 0) {
   let total = 0;
   for (const line of lines) total += line.priceCents * line.quantity;
-  return total;
+  if (discountPercent === 0) return total;
+  return Math.round(total * (1 - discountPercent / 100));
 }
`;

const docsPatch = `--- a/README.md
+++ b/README.md
@@ -1,3 +1,5 @@
 # sample-shop
 
 A tiny shop library used by the eternia-agents demo. \`npm test\` runs its tests with Node's test runner.
+
+\`cartTotal(lines, discountPercent = 0)\` takes an optional percentage discount off the total, rounded to whole cents.
`;

export function scriptDiscountModel(openai: OpenAIEmulator): void {
  openai.script({ match: { schemaName: 'plan' }, reply: plan });
  openai.script({
    match: { schemaName: 'test_patch' },
    reply: { patch: testPatch, summary: 'add discount tests for AC1-AC3', covers: ['AC1', 'AC2', 'AC3'] },
  });
  openai.script({
    match: { schemaName: 'implementation_patch' },
    times: 1,
    reply: { patch: unroundedPatch, summary: 'apply a percentage discount in cartTotal', kind: 'feat' },
  });
  openai.script({
    match: { schemaName: 'implementation_patch' },
    reply: { patch: roundedPatch, summary: 'apply a percentage discount code to the cart total', kind: 'feat' },
  });
  // The review job: a passing rubric and no line findings (placement is measured by bench:review and its tests).
  openai.script({
    match: { schemaName: 'code_review' },
    reply: {
      rubric: Object.fromEntries(
        ['correctness', 'tests', 'style', 'performance', 'security', 'docs'].map((key) => [key, { score: 4, reason: `${key} fits the plan` }]),
      ),
      summary: 'Applies a percentage discount code to the cart total, with tests for each acceptance criterion.',
      findings: [],
    },
  });
  // The scribe: one README line for the new argument, no ADR (the change makes no architectural decision).
  openai.script({
    match: { schemaName: 'docs_update' },
    reply: {
      needed: true,
      reason: 'cartTotal takes a new optional argument that the README should name.',
      summary: 'document the discount argument of cartTotal',
      patch: docsPatch,
      adr: null,
    },
  });
}
