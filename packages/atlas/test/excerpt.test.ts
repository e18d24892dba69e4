/** Excerpts of long files: the head, then the parts a text is about, within a budget, markers where lines are left out. */
import { describe, expect, test } from '@jest/globals';
import { excerptFile, excerptText, omissionMarker, type AtlasSymbol } from '../src/index.js';

/** A Python module of `count` functions after a few imports; each function has its own words. */
function pythonModule(count: number): string {
  const head = 'import os\nimport sys\nfrom typing import Any\n\n';
  const body = Array.from(
    { length: count },
    (_, i) => `def handler_${i}(value):\n    """Handles case number ${i}."""\n    total = value + ${i}\n    return str(total).strip()\n\n`,
  ).join('');
  return `${head}${body}def parse_retry_after_header(header):\n    """Reads the Retry-After header: seconds or an HTTP date."""\n    seconds = int(header)\n    return max(seconds, 0)\n`;
}

/** Checks an excerpt against its text: shown lines are the file's own, in order, and each gap is one exact marker. */
function expectFaithful(text: string, content: string, shown: Array<[number, number]>): void {
  const lines = text.replace(/\n$/, '').split('\n');
  const expected: string[] = [];
  let next = 1;
  for (const [from, to] of shown) {
    expect(from).toBeGreaterThanOrEqual(next);
    if (from > next) expected.push(omissionMarker(next, from - 1));
    expected.push(...lines.slice(from - 1, to));
    next = to + 1;
  }
  if (next <= lines.length) expected.push(omissionMarker(next, lines.length));
  expect(content).toBe(`${expected.join('\n')}\n`);
}

describe('excerptFile', () => {
  test('a long module shows the function the text is about, past the point where a plain cap ends', async () => {
    const text = pythonModule(400);
    const budget = 4000;
    const target = text.indexOf('def parse_retry_after_header');
    expect(target).toBeGreaterThan(budget * 5); // a cap on the first characters would never reach it

    const excerpt = await excerptFile('src/http/headers.py', text, 'Handle a `Retry-After` header given as seconds', budget);
    expect(excerpt.content.length).toBeLessThanOrEqual(budget);
    expect(excerpt.content).toContain('def parse_retry_after_header(header):\n    """Reads the Retry-After header: seconds or an HTTP date."""\n');
    expect(excerpt.content.startsWith('import os\nimport sys\n')).toBe(true); // the head: what the module imports
    expect(excerpt.omittedChars).toBeGreaterThan(0);
    expectFaithful(text, excerpt.content, excerpt.shown);
  });

  test('a text within the budget is returned whole', async () => {
    const text = pythonModule(3);
    const excerpt = await excerptFile('a.py', text, 'anything', text.length);
    expect(excerpt).toEqual({ content: text, shown: [[1, text.split('\n').length - 1]], lines: text.split('\n').length - 1, omittedChars: 0 });
  });

  test('a file of a language without a parser is cut into blocks, and the relevant one still shows', async () => {
    const filler = Array.from({ length: 600 }, (_, i) => `key_${i} = value number ${i}`).join('\n');
    const text = `${filler}\n[proxy]\nsocks_timeout = 30\n`;
    const excerpt = await excerptFile('settings.ini', text, 'raise the SOCKS proxy timeout', 2000);
    expect(excerpt.content).toContain('[proxy]\nsocks_timeout = 30\n');
    expect(excerpt.content.length).toBeLessThanOrEqual(2000);
    expectFaithful(text, excerpt.content, excerpt.shown);
  });
});

describe('excerptText', () => {
  const methods = 30;
  // Functions before the class: a fill from the top spends a small budget on them and never reaches the class.
  const before = 40;
  const classText = [
    ...Array.from({ length: before }, (_, i) => `function helper${i}() { return ${i}; }`),
    'export class Client {',
    ...Array.from({ length: methods }, (_, i) => [`  method${i}() {`, `    return ${i}; // plain work`, '  }']).flat(),
    '  rotateCredentials() {',
    '    return this.vault.rotate(); // rotate the stored credentials',
    '  }',
    '}',
  ];
  const text = `${classText.join('\n')}\n`;
  const symbols: AtlasSymbol[] = [
    ...Array.from({ length: before }, (_, i): AtlasSymbol => ({
      name: `helper${i}`,
      kind: 'function',
      line: i + 1,
      endLine: i + 1,
      exported: false,
      signature: `function helper${i}()`,
    })),
    { name: 'Client', kind: 'class', line: before + 1, endLine: classText.length, exported: true, signature: 'export class Client' },
    ...Array.from({ length: methods }, (_, i): AtlasSymbol => ({
      name: `Client.method${i}`,
      kind: 'method',
      line: before + 2 + 3 * i,
      endLine: before + 4 + 3 * i,
      exported: true,
      signature: `method${i}()`,
    })),
    {
      name: 'Client.rotateCredentials',
      kind: 'method',
      line: before + 2 + 3 * methods,
      endLine: before + 4 + 3 * methods,
      exported: true,
      signature: 'rotateCredentials()',
    },
  ];

  test('a method brings the first line of its class, so it reads in place', () => {
    const excerpt = excerptText(text, symbols, 'rotate credentials', 300);
    expect(excerpt.content).toContain('rotateCredentials() {\n    return this.vault.rotate(); // rotate the stored credentials\n  }');
    expect(excerpt.shown).toContainEqual([before + 1, before + 1]); // the class line alone, its other methods left out
    expect(excerpt.content).toContain(`${omissionMarker(before + 2, before + 1 + 3 * methods)}\n  rotateCredentials() {`);
    expectFaithful(text, excerpt.content, excerpt.shown);
  });

  test('never over the budget, markers included, and always faithful to the file', () => {
    for (let budget = 60; budget <= text.length; budget += 37) {
      for (const query of ['rotate credentials', 'method7', 'nothing matches this']) {
        const excerpt = excerptText(text, symbols, query, budget);
        expect(excerpt.content.length).toBeLessThanOrEqual(budget);
        expectFaithful(text, excerpt.content, excerpt.shown);
      }
    }
  });

  test('a text that reaches no part shows the first lines, as a plain cap would', () => {
    const excerpt = excerptText(text, symbols, 'database migrations', 200);
    expect(excerpt.shown).toHaveLength(1);
    expect(excerpt.shown[0]?.[0]).toBe(1);
    expect(excerpt.content.split('\n').at(-2)).toBe(omissionMarker((excerpt.shown[0]?.[1] ?? 0) + 1, classText.length));
  });
});
