import { ConfigurationError } from '@eternia/core';

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file: `name=value` lines and the
 * `name<<DELIMITER` heredoc form, with the same errors the runner raises for a bad file.
 */
export function parseKeyValueFile(text: string, file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  // A trailing newline leaves one empty element that is not a line of its own.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new ConfigurationError(`line ${index + 1}: empty name`, file);
      result[name] = line.slice(equals + 1);
      continue;
    }
    if (heredoc <= 0) throw new ConfigurationError(`line ${index + 1}: invalid format '${line}'`, file);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (delimiter === '') throw new ConfigurationError(`line ${index + 1}: empty delimiter for '${name}'`, file);
    const value: string[] = [];
    let closed = false;
    for (index++; index < lines.length; index++) {
      if (lines[index] === delimiter) {
        closed = true;
        break;
      }
      value.push(lines[index]!);
    }
    if (!closed) throw new ConfigurationError(`matching delimiter '${delimiter}' not found for '${name}'`, file);
    result[name] = value.join('\n');
  }
  return result;
}

/** GITHUB_PATH: one directory per line, later lines take precedence, as the runner prepends them. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .reverse();
}
