import { invalidRequest } from './api-error.js';
import type { PromptPart } from './prompt-tokens.js';

export type Endpoint = 'chat' | 'responses';

/** One request reduced to what rules match on and what the answer needs, whichever endpoint it came from. */
export interface RequestView {
  endpoint: Endpoint;
  model: string;
  /** The project's role, sent by the model client as the `x-eternia-role` header. */
  role: string | undefined;
  messages: PromptPart[];
  schemaName: string | undefined;
  schema: Record<string, unknown> | undefined;
  strict: boolean;
  stream: boolean;
  includeUsage: boolean;
  /** Tools and response format: the part of the prompt the provider renders before the messages. */
  preamble: string | undefined;
  body: any;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentText(content: unknown, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part, i) => {
        if (!isRecord(part)) throw invalidRequest(`Invalid type for '${where}[${i}]': expected an object.`, `${where}[${i}]`);
        if (typeof part.text === 'string') return part.text;
        if (typeof part.refusal === 'string') return part.refusal;
        return '';
      })
      .join('');
  }
  throw invalidRequest(`Invalid type for '${where}': expected a string or an array of content parts.`, where);
}

function requireModel(body: Record<string, any>): string {
  if (typeof body.model !== 'string' || body.model === '') {
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  return body.model;
}

/**
 * Without json_schema in the request (JSON mode, or no response_format), the model reads the schema from the prompt:
 * the model client's instruction names it as `JSON Schema (named 'NAME'):` followed by the schema on the next line.
 */
function schemaInPrompt(messages: PromptPart[]): { name: string; schema: Record<string, unknown> | undefined } | undefined {
  const last = messages.at(-1);
  const match = last ? /JSON Schema \(named '([A-Za-z0-9_-]{1,64})'\):\n([\s\S]*)$/.exec(last.text) : null;
  if (!match) return undefined;
  try {
    const schema: unknown = JSON.parse(match[2]!);
    return { name: match[1]!, schema: isRecord(schema) ? schema : undefined };
  } catch {
    return { name: match[1]!, schema: undefined };
  }
}

function preambleOf(format: unknown, tools: unknown): string | undefined {
  if (format === undefined && tools === undefined) return undefined;
  return JSON.stringify({ format, tools });
}

export function viewChatRequest(body: unknown, role: string | undefined): RequestView {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object.');
  const model = requireModel(body);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  const messages = body.messages.map((message: unknown, i: number): PromptPart => {
    if (!isRecord(message) || typeof message.role !== 'string') {
      throw invalidRequest(`Invalid value for 'messages[${i}]': each message needs a string 'role'.`, `messages[${i}].role`);
    }
    return { role: message.role, text: contentText(message.content, `messages[${i}].content`) };
  });
  const format = body.response_format;
  const jsonSchema = isRecord(format) && format.type === 'json_schema' ? format.json_schema : undefined;
  if (isRecord(format) && format.type === 'json_schema' && (!isRecord(jsonSchema) || typeof jsonSchema.name !== 'string')) {
    throw invalidRequest("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name');
  }
  const prompted = jsonSchema ? undefined : schemaInPrompt(messages);
  return {
    endpoint: 'chat',
    model,
    role,
    messages,
    schemaName: jsonSchema?.name ?? prompted?.name,
    schema: isRecord(jsonSchema?.schema) ? jsonSchema.schema : prompted?.schema,
    strict: jsonSchema?.strict === true,
    stream: body.stream === true,
    includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
    preamble: preambleOf(format, body.tools),
    body,
  };
}

export function viewResponsesRequest(body: unknown, role: string | undefined): RequestView {
  if (!isRecord(body)) throw invalidRequest('The request body must be a JSON object.');
  const model = requireModel(body);
  const messages: PromptPart[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'developer', text: body.instructions });
  if (typeof body.input === 'string') {
    messages.push({ role: 'user', text: body.input });
  } else if (Array.isArray(body.input)) {
    body.input.forEach((item: unknown, i: number) => {
      if (!isRecord(item)) throw invalidRequest(`Invalid type for 'input[${i}]': expected an object.`, `input[${i}]`);
      messages.push({
        role: typeof item.role === 'string' ? item.role : String(item.type ?? 'item'),
        text: contentText(item.content ?? item.output, `input[${i}].content`),
      });
    });
  } else {
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  const format = isRecord(body.text) ? body.text.format : undefined;
  const jsonSchema = isRecord(format) && format.type === 'json_schema' ? format : undefined;
  if (jsonSchema && typeof jsonSchema.name !== 'string') {
    throw invalidRequest("Missing required parameter: 'text.format.name'.", 'text.format.name');
  }
  return {
    endpoint: 'responses',
    model,
    role,
    messages,
    schemaName: jsonSchema?.name,
    schema: isRecord(jsonSchema?.schema) ? jsonSchema.schema : undefined,
    strict: jsonSchema?.strict === true,
    stream: body.stream === true,
    includeUsage: true,
    preamble: preambleOf(format, body.tools),
    body,
  };
}
