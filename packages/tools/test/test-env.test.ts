import { describe, expect, test } from '@jest/globals';
import { buildTestEnv } from '../src/index.js';

describe('buildTestEnv', () => {
  const base = {
    PATH: '/usr/bin',
    HOME: '/home/me',
    LANG: 'C.UTF-8',
    NODE_ENV: 'test',
    NPM_TOKEN: 'npm_abcdefghijklmnop',
    MY_API_KEY: 'k-123456789',
    MY_FLAG: '1',
    DB_PASSWORD: 'hunter2hunter2',
    GITHUB_TOKEN: 'ghs_abcdefghijklmnopqrstuvwxyz0123',
    UNLISTED: 'x',
    EMPTY: undefined,
  };

  test('passes the baseline and listed names only, adds CI=true', () => {
    const env = buildTestEnv(['NODE_ENV', 'LANG'], base);
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', LANG: 'C.UTF-8', NODE_ENV: 'test', CI: 'true', PYTHONDONTWRITEBYTECODE: '1' });
  });

  test('a prefix never lets a secret-looking name through; an exact name does', () => {
    const env = buildTestEnv(['MY_*', 'NPM_TOKEN'], base);
    expect(env['MY_FLAG']).toBe('1');
    expect(env['MY_API_KEY']).toBeUndefined();
    expect(env['NPM_TOKEN']).toBe('npm_abcdefghijklmnop');
    expect(env['DB_PASSWORD']).toBeUndefined();
  });

  test("the runner's own GITHUB_TOKEN never passes, even when listed", () => {
    expect(buildTestEnv(['GITHUB_TOKEN'], base)['GITHUB_TOKEN']).toBeUndefined();
  });
});
