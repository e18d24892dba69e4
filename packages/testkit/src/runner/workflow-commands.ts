/**
 * Workflow commands printed on stdout (`::name key=value,…::message`), parsed the way the
 * runner's ActionCommand.TryParseV2 does, including its escape rules and `stop-commands`.
 */
export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
}

// The runner unescapes in this order, with %25 last, so "%250A" stays the literal text "%0A".
const dataEscapes: Array<[string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const propertyEscapes: Array<[string, string]> = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

function unescape(value: string, table: Array<[string, string]>): string {
  return table.reduce((text, [escaped, plain]) => text.split(escaped).join(plain), value);
}

export const knownCommands = new Set([
  'error',
  'warning',
  'notice',
  'debug',
  'add-mask',
  'group',
  'endgroup',
  'set-output',
  'set-env',
  'save-state',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'echo',
  'stop-commands',
]);

export function parseCommandLine(line: string): WorkflowCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), propertyEscapes);
    }
  }
  return { name, properties, message: unescape(text.slice(end + 2), dataEscapes) };
}

/** Reads stdout line by line; honours `::stop-commands::TOKEN` … `::TOKEN::` like the runner. */
export class CommandStream {
  private stopToken: string | undefined;

  /** Returns the command on this line, or undefined when it is plain output or commands are paused. */
  next(line: string): WorkflowCommand | undefined {
    const command = parseCommandLine(line);
    if (!command) return undefined;
    if (this.stopToken !== undefined) {
      if (command.name === this.stopToken) this.stopToken = undefined;
      return undefined;
    }
    if (command.name === 'stop-commands') {
      this.stopToken = command.message;
      return undefined;
    }
    return knownCommands.has(command.name) ? command : undefined;
  }
}
