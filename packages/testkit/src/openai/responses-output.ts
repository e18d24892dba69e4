import { newId, pieces, type Answer } from './answer.js';

/** `/v1/responses` bodies: the response object and, for `stream: true`, its typed event sequence. */

function responseUsage(answer: Answer) {
  const { promptTokens, cachedTokens, completionTokens } = answer.usage;
  return {
    input_tokens: promptTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: completionTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: promptTokens + completionTokens,
  };
}

function contentPart(answer: Answer) {
  return answer.refusal !== null
    ? { type: 'refusal', refusal: answer.refusal }
    : { type: 'output_text', text: answer.content ?? '', annotations: [], logprobs: [] };
}

export function responseObject(body: any, answer: Answer, ids = { response: newId('resp_'), message: newId('msg_') }) {
  const incomplete = answer.finishReason === 'length';
  return {
    id: ids.response,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? 'incomplete' : 'completed',
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: [
      {
        type: 'message',
        id: ids.message,
        status: incomplete ? 'incomplete' : 'completed',
        role: 'assistant',
        content: [contentPart(answer)],
      },
    ],
    parallel_tool_calls: true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: responseUsage(answer),
    metadata: body.metadata ?? {},
  };
}

/** The server-sent events of a streamed response, each `{ type, sequence_number, … }`. */
export function responseEvents(body: any, answer: Answer): object[] {
  const ids = { response: newId('resp_'), message: newId('msg_') };
  const final = responseObject(body, answer, ids);
  const pending = { ...final, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const item = { type: 'message', id: ids.message, status: 'in_progress', role: 'assistant', content: [] };
  const part = contentPart(answer);
  const emptyPart = part.type === 'refusal' ? { type: 'refusal', refusal: '' } : { type: 'output_text', text: '', annotations: [], logprobs: [] };
  const at = { item_id: ids.message, output_index: 0, content_index: 0 };
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: pending },
    { type: 'response.in_progress', response: pending },
    { type: 'response.output_item.added', output_index: 0, item },
    { type: 'response.content_part.added', ...at, part: emptyPart },
  ];
  if (answer.refusal !== null) {
    for (const delta of pieces(answer.refusal)) events.push({ type: 'response.refusal.delta', ...at, delta });
    events.push({ type: 'response.refusal.done', ...at, refusal: answer.refusal });
  } else {
    for (const delta of pieces(answer.content ?? '')) events.push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
    events.push({ type: 'response.output_text.done', ...at, text: answer.content ?? '', logprobs: [] });
  }
  events.push({ type: 'response.content_part.done', ...at, part });
  events.push({ type: 'response.output_item.done', output_index: 0, item: final.output[0] });
  events.push({ type: final.status === 'completed' ? 'response.completed' : 'response.incomplete', response: final });
  return events.map((event, i) => ({ ...event, sequence_number: i }));
}
