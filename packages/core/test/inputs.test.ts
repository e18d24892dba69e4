import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConfigurationError } from '../src/errors.js';
import { parseInputs, requireToken } from '../src/inputs.js';

const schema = z.object({
  'github-token': z.string(),
  'max-issues': z.number().int().min(1).max(100).default(5),
  'dry-run': z.boolean().default(false),
  ratio: z.number().positive().optional(),
  mode: z.enum(['poll', 'event']).default('event'),
  paths: z.array(z.string()).default([]),
});

const from = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

function configError(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseInputs', () => {
  test('reads inputs by their action.yml names and returns camelCase keys with defaults', () => {
    const inputs = parseInputs(schema, from({ 'github-token': 't0k', 'max-issues': ' 7 ', 'dry-run': 'TRUE', paths: 'src/**\n\n  lib/**  \n' }));
    expect(inputs).toEqual({ githubToken: 't0k', maxIssues: 7, dryRun: true, ratio: undefined, mode: 'event', paths: ['src/**', 'lib/**'] });
    // The type follows the schema: this line would not compile if maxIssues were a string.
    const n: number = inputs.maxIssues;
    expect(n).toBe(7);
  });

  test('an empty string means not set', () => {
    const inputs = parseInputs(schema, from({ 'github-token': 'x', 'max-issues': '', 'dry-run': '  ' }));
    expect(inputs.maxIssues).toBe(5);
    expect(inputs.dryRun).toBe(false);
  });

  test.each(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'])('boolean %s is accepted as GitHub does', (value) => {
    expect(parseInputs(schema, from({ 'github-token': 'x', 'dry-run': value })).dryRun).toBe(value.toLowerCase() === 'true');
  });

  test.each(['yes', 'no', '1', 'tRue', 'on'])('boolean %s is refused, naming the input', (value) => {
    const error = configError(() => parseInputs(schema, from({ 'github-token': 'x', 'dry-run': value })));
    expect(error.message).toBe(`input 'dry-run': expected true or false, got "${value}"`);
    expect(error.where).toBe("input 'dry-run'");
  });

  test('a whole number that is not one, or out of range, names the input and the range', () => {
    expect(configError(() => parseInputs(schema, from({ 'github-token': 'x', 'max-issues': 'abc' }))).message).toBe(
      `input 'max-issues': expected a whole number from 1 to 100, got "abc"`,
    );
    expect(configError(() => parseInputs(schema, from({ 'github-token': 'x', 'max-issues': '2.5' }))).message).toBe(
      `input 'max-issues': expected a whole number from 1 to 100, got "2.5"`,
    );
    expect(configError(() => parseInputs(schema, from({ 'github-token': 'x', 'max-issues': '101' }))).message).toBe(
      `input 'max-issues': expected a whole number from 1 to 100, got "101"`,
    );
    expect(configError(() => parseInputs(schema, from({ 'github-token': 'x', ratio: '-1' }))).message).toBe(
      `input 'ratio': expected a positive number, got "-1"`,
    );
    expect(parseInputs(schema, from({ 'github-token': 'x', ratio: '0.25' })).ratio).toBe(0.25);
  });

  test('a required input that is missing says so; several problems are reported together', () => {
    const error = configError(() => parseInputs(schema, from({ mode: 'sometimes', 'max-issues': '0' })));
    expect(error.message).toContain(`input 'github-token': is required (expected a string)`);
    expect(error.message).toContain(`input 'max-issues': expected a whole number from 1 to 100, got "0"`);
    expect(error.message).toContain(`input 'mode': expected one of 'poll', 'event', got "sometimes"`);
  });

  test('custom refinements keep their message', () => {
    const s = z.object({ slug: z.string().refine((v) => /^[a-z-]+$/.test(v), { message: 'use lower-case letters and dashes' }) });
    expect(configError(() => parseInputs(s, from({ slug: 'Not OK' }))).message).toBe(`input 'slug': use lower-case letters and dashes, got "Not OK"`);
  });

  test('a mapping input is read as YAML or JSON', () => {
    const s = z.object({ prices: z.record(z.string(), z.number()).default({}) });
    expect(parseInputs(s, from({ prices: '{"a": 1}' })).prices).toEqual({ a: 1 });
    expect(configError(() => parseInputs(s, from({ prices: '{a: [' }))).message).toMatch(
      /^input 'prices': expected a mapping of keys to values in YAML or JSON/,
    );
  });
});

describe('requireToken', () => {
  test('returns the token', () => {
    expect(requireToken('  ghs_abc  ', 'github-token')).toBe('ghs_abc');
  });

  test('a missing token explains how to pass one and which permissions the job needs', () => {
    for (const value of ['', '   ', undefined]) {
      const error = configError(() => requireToken(value, 'github-token', ['contents: write', 'pull-requests: write']));
      expect(error.where).toBe("input 'github-token'");
      expect(error.message).toMatch(/^input 'github-token': a GitHub token is required/);
      expect(error.message).toContain('${{ github.token }}');
      expect(error.message).toContain('secrets.GITHUB_TOKEN');
      expect(error.message).toContain('permissions: { contents: write, pull-requests: write }');
    }
  });

  test('a token with a line break in it is refused', () => {
    expect(configError(() => requireToken('abc\ndef', 'token')).message).toMatch(/^input 'token': the token contains whitespace/);
  });
});
