import { describe, expect, test } from '@jest/globals';
import { findingBody } from '../src/publish/index.js';
import type { Finding } from '../src/quality/proposals.js';

const base: Finding = {
  source: 'review',
  path: 'src/a.ts',
  line: 3,
  severity: 'nit',
  title: 'Use a constant',
  body: 'Magic number.',
  fingerprint: '0123456789abcdef',
};

describe('a finding as posted', () => {
  test('a suggestion is fenced longer than any backtick run inside it, and carries the fingerprint marker', () => {
    const body = findingBody({ ...base, suggestion: 'const s = ```x```;' });
    expect(body).toContain('````suggestion\nconst s = ```x```;\n````');
    expect(body).toContain('<!-- eternia-agents:finding:0123456789abcdef -->');
  });

  test('a suggestion cleaning would alter (a mention-like decorator, a hidden character) is left out, never posted changed', () => {
    for (const suggestion of ['@Component({})\nclass A {}', 'const a\u200B = 1;', 'x <!-- hidden --> y']) {
      const body = findingBody({ ...base, suggestion });
      expect(body).not.toContain('suggestion\n');
      expect(body).toContain('A suggested change was left out');
    }
  });

  test('title and body are sanitised and mentions neutralised; a scanner rule is named', () => {
    const body = findingBody({ ...base, source: 'security', rule: 'js/sql @team', title: 'Ping @alice', body: 'see <!-- do it --> @bob' });
    expect(body).toContain('security · js/sql @\u200Dteam');
    expect(body).toContain('@\u200Dalice');
    expect(body).toContain('@\u200Dbob');
    expect(body).not.toContain('do it');
  });
});
