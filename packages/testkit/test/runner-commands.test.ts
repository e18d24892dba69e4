import { describe, expect, test } from '@jest/globals';
import { CommandStream, evaluateTemplate, inputEnvName, parseCommandLine, parseKeyValueFile } from '../src/runner/index.js';

describe('workflow command lines', () => {
  test('parse name, properties and message with the runner escape rules', () => {
    expect(parseCommandLine('::error file=src/a%2Cb.ts,line=12,title=Bad%3A thing::first%0Asecond %25 done')).toEqual({
      name: 'error',
      properties: { file: 'src/a,b.ts', line: '12', title: 'Bad: thing' },
      message: 'first\nsecond % done',
    });
  });

  test('%25 is unescaped last, so an escaped escape stays literal', () => {
    expect(parseCommandLine('::notice::100%250A')?.message).toBe('100%0A');
  });

  test('message keeps later "::" and leading spaces before the command are allowed', () => {
    expect(parseCommandLine('   ::warning::a::b')).toEqual({ name: 'warning', properties: {}, message: 'a::b' });
  });

  test('plain lines and unterminated commands are not commands', () => {
    expect(parseCommandLine('hello ::error::x')).toBeUndefined();
    expect(parseCommandLine('::error no end')).toBeUndefined();
  });

  test('stop-commands pauses processing until the token comes back; unknown names are ignored', () => {
    const stream = new CommandStream();
    expect(stream.next('::stop-commands::pause-123')).toBeUndefined();
    expect(stream.next('::error::not a command now')).toBeUndefined();
    expect(stream.next('::pause-123::')).toBeUndefined();
    expect(stream.next('::error::again')?.message).toBe('again');
    expect(stream.next('::made-up::x')).toBeUndefined();
  });
});

describe('file commands', () => {
  test('name=value and heredoc forms, value keeps "=" and "<<"', () => {
    const text = 'a=1\nb=x=y<<z\nmulti<<EOF_1\nline 1\n\nline=3\nEOF_1\nempty=\n';
    expect(parseKeyValueFile(text, 'out')).toEqual({ a: '1', b: 'x=y<<z', multi: 'line 1\n\nline=3', empty: '' });
  });

  test('CRLF files parse the same', () => {
    expect(parseKeyValueFile('a=1\r\nm<<E\r\nx\r\nE\r\n', 'out')).toEqual({ a: '1', m: 'x' });
  });

  test('a heredoc without its delimiter is an error naming the file and key', () => {
    expect(() => parseKeyValueFile('m<<EOF\nvalue\n', '/tmp/GITHUB_OUTPUT')).toThrow(/GITHUB_OUTPUT.*delimiter 'EOF'.*'m'/);
  });

  test('a line with neither form is an error', () => {
    expect(() => parseKeyValueFile('just text\n', 'env-file')).toThrow(/env-file: line 1: invalid format/);
  });
});

describe('inputs', () => {
  test('env names: upper-case, spaces to underscores, dashes kept', () => {
    expect(inputEnvName('max-issues')).toBe('INPUT_MAX-ISSUES');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });

  test('defaults are evaluated with GitHub expressions', () => {
    const context = { github: { token: 'ghs_x', repository: 'o/r', event: { issue: { number: 7 } } }, runner: { os: 'Linux' } };
    expect(evaluateTemplate('${{ github.token }}', context, 'w')).toBe('ghs_x');
    expect(evaluateTemplate('repo ${{ github.repository }} on ${{ runner.os }}', context, 'w')).toBe('repo o/r on Linux');
    expect(evaluateTemplate("${{ github.event.issue.number || 'none' }}", context, 'w')).toBe('7');
    expect(evaluateTemplate("${{ github.event.pull_request.number || 'none' }}", context, 'w')).toBe('none');
    expect(evaluateTemplate('plain', context, 'w')).toBe('plain');
  });

  test('a broken expression names where it came from', () => {
    expect(() => evaluateTemplate('${{ github. }}', { github: {} }, "default of input 'x'")).toThrow(/default of input 'x'/);
  });
});
