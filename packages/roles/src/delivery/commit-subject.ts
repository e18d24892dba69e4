/** A conventional-commit subject from a model's summary: one line, no control characters, at most 72 characters. */
export function commitSubject(prefix: 'test' | 'feat' | 'fix' | 'docs', summary: string, fallback: string): string {
  const line = summary
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(test|feat|fix|docs)(\([^)]*\))?!?:\s*/i, '');
  const text = line === '' ? fallback : line;
  const head = `${prefix}: `;
  const max = 72 - head.length;
  return head + (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
}
