/** The ADR rules the scribe applies to the model's answer: numbering, file names and MADR's headings. */
import { describe, expect, test } from '@jest/globals';
import { policySchema } from '@eternia/core';
import { commitSubject } from '../src/delivery/index.js';
import { adrPath, adrSlug, adrTitle, docsCandidates, docsMatcher, madrProblems, nextAdrNumber } from '../src/scribe/index.js';

const VALID = `## Context and Problem Statement

Why.

## Decision Drivers

* speed

## Considered Options

* A
* B

## Decision Outcome

Chosen option: "A", because it is fast.

### Consequences

* Good, because fast.

### Confirmation

A benchmark.

## Pros and Cons of the Options

### A

* Good, because fast.

## More Information

See the issue.
`;

describe('nextAdrNumber', () => {
  test('none present: 1', () => {
    expect(nextAdrNumber(['README.md', 'docs/guide.md'])).toBe(1);
  });
  test('one after the highest, gaps not filled; only numbered .md files directly in docs/adr count', () => {
    expect(
      nextAdrNumber([
        'docs/adr/0001-a.md',
        'docs/adr/0003-c.md',
        'docs/adr/README.md',
        'docs/adr/template.md',
        'docs/adr/0099-notes.txt',
        'docs/adr/archive/0050-old.md',
        'other/adr/0070-x.md',
      ]),
    ).toBe(4);
  });
  test('numbers past 9999 keep counting', () => {
    expect(adrPath(nextAdrNumber(['docs/adr/10000-big.md']), 'next')).toBe('docs/adr/10001-next.md');
    expect(adrPath(12, 'x')).toBe('docs/adr/0012-x.md');
  });
});

describe('ADR file names', () => {
  test('the slug is lower-case ASCII joined by dashes; accents folded; nothing the model writes reaches the path unchecked', () => {
    expect(adrSlug('Use PostgreSQL für Événements!')).toBe('use-postgresql-fur-evenements');
    expect(adrSlug('../../.github/workflows/x')).toBe('github-workflows-x');
    expect(adrSlug('日本語')).toBe('');
    expect(adrSlug('a'.repeat(100)).length).toBe(60);
  });
  test('the title is one line without control characters or a leading #', () => {
    expect(adrTitle('# Use\nMADR\u0007  now')).toBe('Use MADR now');
  });
});

describe('madrProblems', () => {
  test('the full MADR layout passes', () => {
    expect(madrProblems(VALID)).toEqual([]);
  });
  test('the minimal layout passes; setext headings count as headings', () => {
    expect(
      madrProblems(
        'Context and Problem Statement\n---\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nChosen option: "A", because.\n',
      ),
    ).toEqual([]);
  });
  test('a required section only inside a code block or a quote does not count', () => {
    const body = '## Context and Problem Statement\n\nWhy.\n\n```md\n## Considered Options\n```\n\n> ## Decision Outcome\n';
    expect(madrProblems(body)).toEqual([
      'the required section "## Considered Options" is missing',
      'the required section "## Decision Outcome" is missing',
    ]);
  });
  test('out of order, repeated, unknown, empty, front matter and a title heading are each named', () => {
    const body =
      '---\nstatus: accepted\n---\n# Title\n\n## Decision Outcome\n\nChosen option: "A", because.\n\n## Context and Problem Statement\n\n## Considered Options\n\n* A\n\n## Considered Options\n\n* B\n\n## Notes\n\nx\n';
    const problems = madrProblems(body);
    expect(problems).toEqual(
      expect.arrayContaining([
        'leave out the front matter (status and date are written for you)',
        'no level-1 heading ("# Title"): the title is written from the \'title\' field',
        '"## Context and Problem Statement" must come before "## Decision Outcome" (MADR\'s order: Context and Problem Statement, Decision Drivers, Considered Options, Decision Outcome, Validation, Pros and Cons of the Options, More Information)',
        '"## Considered Options" appears twice',
        '"## Notes" is not a MADR section (use: Context and Problem Statement, Decision Drivers, Considered Options, Decision Outcome, Validation, Pros and Cons of the Options, More Information)',
        'the section "## Context and Problem Statement" is empty',
      ]),
    );
  });
  test('the outcome names the chosen option, and only Consequences and Confirmation sit under it', () => {
    const body =
      '## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* A\n\n## Decision Outcome\n\nWe pick A.\n\n### Risks\n\nSome.\n';
    expect(madrProblems(body)).toEqual([
      'under "## Decision Outcome" the level-3 headings are "### Consequences" and "### Confirmation", not "### Risks"',
      '"## Decision Outcome" must name the choice as MADR does: Chosen option: "…", because …',
    ]);
  });
  test('text before the first section is refused', () => {
    expect(madrProblems(`Intro.\n\n${VALID}`)).toEqual(['the text must start with "## Context and Problem Statement"']);
  });
});

describe('docs files shown to the scribe', () => {
  test("README first, then the change's docs and its folders' READMEs, the plan's, the rest of docs/; never what it may not write, ADRs by name only", () => {
    const policy = policySchema.parse({ paths: { deny: ['docs/private/**'] } });
    const tracked = [
      'README.md',
      'AGENTS.md',
      '.github/copilot-instructions.md',
      'docs/adr/0001-a.md',
      'docs/api.md',
      'docs/private/keys.md',
      'docs/z.md',
      'packages/cart/README.md',
      'packages/cart/src/cart.js',
      'packages/cart/docs/usage.md',
      'src/x.js',
    ];
    const { wanted, adrs } = docsCandidates({
      policy,
      tracked,
      changed: ['packages/cart/src/cart.js', 'docs/z.md', 'AGENTS.md'],
      planFiles: ['packages/cart/docs/usage.md', 'src/x.js'],
    });
    expect(wanted).toEqual(['README.md', 'docs/z.md', 'packages/cart/README.md', 'packages/cart/docs/usage.md', 'docs/api.md']);
    expect(adrs).toEqual(['docs/adr/0001-a.md']);
  });
  test('the docs matcher: paths.docs, minus paths.deny and the built-in docs denials', () => {
    const isDocs = docsMatcher(policySchema.parse({}));
    expect(['README.md', 'docs/api/index.html', 'src/lib/README.md'].map(isDocs)).toEqual([true, true, true]);
    expect(['src/a.ts', '.github/PULL_REQUEST_TEMPLATE.md', 'docs/.vitepress/config.mts', 'CLAUDE.md', 'docs/secrets/x.md'].map(isDocs)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the docs commit subject', () => {
  test("starts with 'docs: ' once, whatever prefix the model wrote", () => {
    expect(commitSubject('docs', 'docs(readme): explain discounts', 'x')).toBe('docs: explain discounts');
    expect(commitSubject('docs', 'feat: explain\ndiscounts', 'x')).toBe('docs: explain discounts');
    expect(commitSubject('docs', '', 'document #7')).toBe('docs: document #7');
  });
});
