import { describe, expect, test } from '@jest/globals';
import { manualClock, systemClock } from '../src/clock.js';

describe('manualClock', () => {
  test('time moves only by sleeps and advance(); every sleep is recorded and returns at once', async () => {
    const clock = manualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.sleep(250);
    clock.advance(50);
    await clock.sleep(0);
    expect(clock.now()).toBe(1_300);
    expect(clock.sleeps).toEqual([250, 0]);
  });

  test('a negative sleep is recorded but does not move time back', async () => {
    const clock = manualClock(0);
    await clock.sleep(-5);
    expect(clock.now()).toBe(0);
    expect(clock.sleeps).toEqual([-5]);
  });
});

describe('systemClock', () => {
  test('reads the system time and sleeps on a real timer', async () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
    await expect(systemClock.sleep(-1)).resolves.toBeUndefined();
  });
});
