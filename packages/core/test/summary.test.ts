import { describe, expect, test } from '@jest/globals';
import { codeBlock, escapeMarkdown, failureSummary, policySummary, summarySection } from '../src/summary.js';

describe('summary markdown', () => {
  test('escapeMarkdown keeps untrusted text from becoming markup', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> **bold** [link](http://x)\n# heading')).toBe(
      '\\<img src=x onerror=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[link\\]\\(http://x\\) \\# heading',
    );
  });

  test('codeBlock cannot be closed early by the content', () => {
    expect(codeBlock('a ``` b')).toBe('````\na ``` b\n````');
    expect(codeBlock('plain', 'text')).toBe('```text\nplain\n```');
  });

  test('sections and failure summaries', () => {
    expect(summarySection('Plan #3', ['- one', '- two'])).toBe('## Plan \\#3\n\n- one\n- two\n');
    const md = failureSummary('review', 'frozen', 'needs-human-review is set on #4');
    expect(md).toContain('## review failed');
    expect(md).toContain('**Kind:** `frozen` — the freeze label');
    expect(md).toContain('```\nneeds-human-review is set on #4\n```');
  });

  test('policySummary names the source and lists notices', () => {
    expect(policySummary({ source: null, notices: [] })).toBe('## Policy\n\nNo policy file; the defaults apply.\n');
    const md = policySummary({ source: '.github/agents.yml', notices: ['paths.deny does not list .git/**'] });
    expect(md).toContain('Policy read from `.github/agents.yml`.');
    expect(md).toContain('- paths.deny does not list .git/\\*\\*');
  });
});
