import { describe, expect, test } from '@jest/globals';
import { isRetryable, retryDelayMs } from '../src/retry-delay.js';

const headers = (values: Record<string, string>) => new Headers(values);
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('isRetryable', () => {
  test('408, 409, 429, 5xx and lost connections are retried; other answers are not', () => {
    expect([408, 409, 429, 500, 503, undefined].map((s) => isRetryable(s, undefined))).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 422].map((s) => isRetryable(s, undefined))).toEqual([false, false, false, false, false]);
  });

  test('x-should-retry overrides the status either way', () => {
    expect(isRetryable(500, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(isRetryable(400, headers({ 'x-should-retry': 'true' }))).toBe(true);
  });
});

describe('retryDelayMs', () => {
  test('retry-after-ms wins over retry-after; seconds may be fractional', () => {
    expect(retryDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '7' }), 0, NOW)).toBe(250);
    expect(retryDelayMs(headers({ 'retry-after': '1.5' }), 0, NOW)).toBe(1500);
  });

  test('retry-after as an HTTP date is read against the given clock', () => {
    expect(retryDelayMs(headers({ 'retry-after': new Date(NOW + 12_000).toUTCString() }), 0, NOW)).toBe(12_000);
  });

  test('no header, a wait over 60 s or a date in the past: exponential back-off with jitter, capped at 8 s', () => {
    const none = () => 0;
    const most = () => 1;
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(undefined, n, NOW, none))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(retryDelayMs(undefined, 0, NOW, most)).toBe(375);
    expect(retryDelayMs(headers({ 'retry-after': '61' }), 1, NOW, none)).toBe(1000);
    expect(retryDelayMs(headers({ 'retry-after': new Date(NOW - 5_000).toUTCString() }), 0, NOW, none)).toBe(500);
    expect(retryDelayMs(headers({ 'retry-after': 'soon' }), 0, NOW, none)).toBe(500);
  });
});
