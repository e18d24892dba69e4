import type { EmulatorState } from './state.js';

/**
 * `POST /graphql`, for the one query the library sends: when an issue's body was last edited.
 *
 *   query($owner: String!, $name: String!, $number: Int!) {
 *     repository(owner: $owner, name: $name) { issue(number: $number) { lastEditedAt } }
 *   }
 *
 * GraphQL is not in GitHub's OpenAPI description, so the query is checked here: it is parsed, and anything
 * else (other fields, aliases, fragments, mutations, undeclared or mistyped variables) is answered 400 with
 * GitHub's error shape and reported as a violation. Lookups that find nothing answer as GitHub does: 200 with
 * `null` data and a NOT_FOUND error.
 */

export const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const ISSUE_FIELDS = new Set(['lastEditedAt', 'createdAt', 'updatedAt', 'number']);

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  /** Why the request was refused (a violation of the emulator's contract), when it was. */
  problem?: string;
}

class QueryError extends Error {}

type Value = { variable: string } | { literal: string | number };
interface Field {
  name: string;
  args: Map<string, Value>;
  selection: Field[];
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s+|,|#[^\n]*|("(?:[^"\\\n]|\\.)*")|(-?\d+)|([A-Za-z_][A-Za-z0-9_]*)|([{}():!$[\]])|(.)/gy;
  for (let m = pattern.exec(query); m; m = pattern.exec(query)) {
    if (m[5] !== undefined) throw new QueryError(`unexpected character ${JSON.stringify(m[5])}`);
    const token = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (token !== undefined) tokens.push(token);
  }
  return tokens;
}

function parseQuery(query: string): { variables: Map<string, string>; selection: Field[] } {
  const tokens = tokenize(query);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined) throw new QueryError('unexpected end of query');
    if (expected !== undefined && token !== expected) throw new QueryError(`expected '${expected}', got '${token}'`);
    return token;
  };
  const name = (): string => {
    const token = take();
    if (!/^[A-Za-z_]/.test(token)) throw new QueryError(`expected a name, got '${token}'`);
    return token;
  };

  const variables = new Map<string, string>();
  if (peek() !== '{') {
    const keyword = take();
    if (keyword !== 'query') throw new QueryError(`only queries are answered, not '${keyword}'`);
    if (peek() !== '(' && peek() !== '{') name();
    if (peek() === '(') {
      take('(');
      while (peek() !== ')') {
        take('$');
        const variable = name();
        take(':');
        let type = name();
        if (peek() === '!') type += take('!');
        variables.set(variable, type);
      }
      take(')');
    }
  }
  const selectionSet = (): Field[] => {
    take('{');
    const fields: Field[] = [];
    while (peek() !== '}') {
      const field: Field = { name: name(), args: new Map(), selection: [] };
      if (peek() === ':') throw new QueryError('aliases are not answered');
      if (peek() === '(') {
        take('(');
        while (peek() !== ')') {
          const arg = name();
          take(':');
          if (peek() === '$') {
            take('$');
            field.args.set(arg, { variable: name() });
          } else {
            const token = take();
            if (token.startsWith('"')) field.args.set(arg, { literal: JSON.parse(token) as string });
            else if (/^-?\d+$/.test(token)) field.args.set(arg, { literal: Number(token) });
            else throw new QueryError(`unsupported value '${token}' for argument '${arg}'`);
          }
        }
        take(')');
      }
      if (peek() === '{') field.selection = selectionSet();
      fields.push(field);
    }
    take('}');
    return fields;
  };
  const selection = selectionSet();
  if (at !== tokens.length) throw new QueryError(`unexpected '${tokens[at]}' after the query`);
  return { variables, selection };
}

function only(fields: Field[], wanted: string, args: string[]): Field {
  const [field, ...rest] = fields;
  if (!field || rest.length > 0 || field.name !== wanted)
    throw new QueryError(`expected exactly the field '${wanted}', got ${fields.map((f) => `'${f.name}'`).join(', ') || 'none'}`);
  const given = [...field.args.keys()].sort();
  if (given.join() !== [...args].sort().join()) throw new QueryError(`'${wanted}' takes exactly the arguments ${args.join(', ')}`);
  return field;
}

function resolve(value: Value, declared: Map<string, string>, variables: Record<string, unknown>, type: 'String!' | 'Int!'): string | number {
  let actual: unknown;
  if ('variable' in value) {
    if (declared.get(value.variable) !== type) throw new QueryError(`variable $${value.variable} must be declared as ${type}`);
    actual = variables[value.variable];
  } else {
    actual = value.literal;
  }
  if (type === 'String!' ? typeof actual !== 'string' : !Number.isInteger(actual))
    throw new QueryError(`a ${type} value is required, got ${JSON.stringify(actual)}`);
  return actual as string | number;
}

function refuse(message: string): GraphqlAnswer {
  return { status: 400, body: { message, documentation_url: GRAPHQL_DOCS }, problem: message };
}

export function answerGraphql(state: EmulatorState, rawBody: string): GraphqlAnswer {
  let request: { query?: unknown; variables?: unknown };
  try {
    request = JSON.parse(rawBody) as typeof request;
  } catch {
    return refuse('Problems parsing JSON');
  }
  if (!request || typeof request !== 'object' || typeof request.query !== 'string')
    return refuse('A query attribute must be specified and must be a string.');
  const variables = (request.variables ?? {}) as Record<string, unknown>;
  if (typeof variables !== 'object' || Array.isArray(variables)) return refuse('Variables must be a JSON object.');
  try {
    const { variables: declared, selection } = parseQuery(request.query);
    const repository = only(selection, 'repository', ['owner', 'name']);
    const issueField = only(repository.selection, 'issue', ['number']);
    if (issueField.selection.length === 0) throw new QueryError("'issue' needs a selection of fields");
    for (const f of issueField.selection) {
      if (!ISSUE_FIELDS.has(f.name) || f.args.size > 0 || f.selection.length > 0)
        throw new QueryError(`the emulator answers only ${[...ISSUE_FIELDS].join(', ')} of an issue, not '${f.name}'`);
    }
    const owner = resolve(repository.args.get('owner')!, declared, variables, 'String!') as string;
    const name = resolve(repository.args.get('name')!, declared, variables, 'String!') as string;
    const number = resolve(issueField.args.get('number')!, declared, variables, 'Int!') as number;

    const repo = state.repo(owner, name);
    if (!repo) {
      return {
        status: 200,
        body: {
          data: { repository: null },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['repository'],
              locations: [],
              message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
            },
          ],
        },
      };
    }
    const issue = repo.issues.find((i) => i.number === number && !i.pull);
    if (!issue) {
      return {
        status: 200,
        body: {
          data: { repository: { issue: null } },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['repository', 'issue'],
              locations: [],
              message: `Could not resolve to an Issue with the number of ${number}.`,
            },
          ],
        },
      };
    }
    const values: Record<string, unknown> = {
      lastEditedAt: issue.lastEditedAt ?? null,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      number: issue.number,
    };
    const answer = Object.fromEntries(issueField.selection.map((f) => [f.name, values[f.name]]));
    return { status: 200, body: { data: { repository: { issue: answer } } } };
  } catch (error) {
    if (error instanceof QueryError) return refuse(`Unsupported query: ${error.message}`);
    throw error;
  }
}
