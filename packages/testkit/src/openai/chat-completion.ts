import { newId, pieces, type Answer } from './answer.js';

/** `/v1/chat/completions` bodies: the plain completion and the SSE chunk sequence. */

const FINGERPRINT = 'fp_emulator';

function chatUsage(answer: Answer) {
  const { promptTokens, cachedTokens, completionTokens } = answer.usage;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function chatCompletion(model: string, answer: Answer) {
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.content, refusal: answer.refusal, annotations: [] },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: chatUsage(answer),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
}

/** The chunks of a streamed completion; with include_usage, every chunk carries `usage: null` and a last one carries the figures. */
export function chatCompletionChunks(model: string, answer: Answer, includeUsage: boolean): object[] {
  const id = newId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: object[] = [];
  if (answer.refusal !== null) {
    chunks.push(chunk({ role: 'assistant', content: null, refusal: '' }, null));
    for (const piece of pieces(answer.refusal)) chunks.push(chunk({ refusal: piece }, null));
  } else {
    chunks.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of pieces(answer.content ?? '')) chunks.push(chunk({ content: piece }, null));
  }
  chunks.push(chunk({}, answer.finishReason));
  if (includeUsage) {
    chunks.push({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
      choices: [],
      usage: chatUsage(answer),
    });
  }
  return chunks;
}
