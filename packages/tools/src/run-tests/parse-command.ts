import { ConfigurationError } from '@eternia/core';

/** Characters a shell would treat as syntax; without a shell they would silently become arguments. */
const SHELL_SYNTAX = new Set(['|', '&', ';', '<', '>', '(', ')', '`', '$', '\n', '\r']);

/**
 * Splits a command line into argv the way a POSIX shell splits words, without running a shell:
 * whitespace separates words, '…' is literal, "…" allows \" \\ \$ \` escapes, a backslash outside
 * quotes escapes the next character. Pipes, redirections, `;`, `&&`, `$VAR`, `$(…)` and leading
 * `NAME=value` assignments are refused with an error naming `where`, because nothing would run
 * them: put such logic in a package.json script or a script file.
 */
export function parseCommand(line: string, where: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (message: string): never => {
    throw new ConfigurationError(`${message} in command ${JSON.stringify(line)}; the command runs without a shell`, where);
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) fail('unterminated single quote');
      word += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) fail('unterminated double quote');
        const c = line[i]!;
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        if (c === '$' || c === '`') fail(`shell expansion '${c}' inside double quotes is not supported`);
        word += c;
        i++;
      }
      i++;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 >= line.length) fail('trailing backslash');
      word += line[i + 1];
      i += 2;
      continue;
    }
    if (SHELL_SYNTAX.has(ch)) fail(`shell syntax '${ch === '\n' || ch === '\r' ? 'newline' : ch}' is not supported`);
    word += ch;
    i++;
  }
  if (inWord) words.push(word);
  if (words.length === 0) fail('empty command');
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) fail(`environment assignment '${words[0]!.split('=')[0]}=…' is not supported`);
  return words;
}
