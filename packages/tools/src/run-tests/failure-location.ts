function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The line of the first stack frame or report line in `file` ("…/math.test.js:12:5",
 * "tests/test_math.py:7: AssertionError", " ❯ src/a.test.ts:6:15"): where a test failed inside its
 * own file, which is more useful to a reader than where the test starts.
 */
export function failureLine(text: string, file: string): number | undefined {
  if (!text || !file) return undefined;
  const pattern = new RegExp(`(?:^|[\\s(/\\\\]|file://)${escapeRegExp(file.replace(/^\.\//, ''))}:(\\d+)`, 'm');
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The first `path/to/file.ext:line` in a failure text outside node_modules, for reports that name no file for a test. */
export function firstSourceLocation(text: string): { file: string; line: number } | undefined {
  const pattern = /(?:^|[\s(]|file:\/\/)((?:[A-Za-z]:)?[\w./\\@-]+\.(?:[cm]?[jt]sx?|py)):(\d+)/gm;
  for (const match of text.matchAll(pattern)) {
    const file = match[1]!;
    if (file.includes('node_modules') || file.startsWith('node:') || file.startsWith('internal/')) continue;
    return { file, line: Number(match[2]) };
  }
  return undefined;
}
