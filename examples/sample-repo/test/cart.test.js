import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartTotal } from '../src/cart.js';

test('sums line totals', () => {
  assert.equal(cartTotal([{ priceCents: 250, quantity: 2 }, { priceCents: 100, quantity: 1 }]), 600);
});

test('empty cart is zero', () => {
  assert.equal(cartTotal([]), 0);
});
