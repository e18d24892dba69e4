/**
 * Reads the Prometheus text exposition format (version 0.0.4): `name{label="value",…} value [timestamp]` lines,
 * `# HELP` / `# TYPE` comments. Written here because the one npm parser, parse-prometheus-text-format 1.1.1, drops
 * the labels of histogram series and merges them into one (checked against prom-client's output), and the status
 * label is what the 5xx rate needs.
 */

export interface Sample {
  /** The series name as written, e.g. `http_request_duration_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class MetricsFormatError extends Error {}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Every sample in the text; a malformed line is an error naming its line number. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      samples.push(parseLine(line));
    } catch (error) {
      throw new MetricsFormatError(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
  return samples;
}

function parseLine(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error('expected a metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) {
        rest = rest.slice(1);
        break;
      }
      const labelName = LABEL_NAME.exec(rest)?.[0];
      if (!labelName) throw new Error('expected a label name');
      rest = rest.slice(labelName.length).trimStart();
      if (!rest.startsWith('="')) throw new Error(`expected ="…" after label ${labelName}`);
      const { value, after } = readQuoted(rest.slice(2));
      labels[labelName] = value;
      rest = after.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
      else if (!rest.startsWith('}')) throw new Error("expected ',' or '}' after a label");
    }
  }
  const fields = rest.trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new Error('expected a value (and an optional timestamp)');
  return { name, labels, value: parseValue(fields[0]!) };
}

function readQuoted(text: string): { value: string; after: string } {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return { value, after: text.slice(i + 1) };
    if (c === '\\') {
      const next = text[++i];
      value += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next ?? ''}`;
    } else value += c;
  }
  throw new Error('unterminated label value');
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: ${JSON.stringify(text.slice(0, 40))}`);
  return value;
}
