/** One model answer, before it is shaped for an endpoint. */
export interface Answer {
  content: string | null;
  refusal: string | null;
  finishReason: 'stop' | 'length';
  usage: { promptTokens: number; cachedTokens: number; completionTokens: number };
}

let counter = 0;

/** Ids shaped like the provider's (`chatcmpl-…`, `resp_…`), unique within the process. */
export function newId(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(6, '0')}`;
}

/** Content cut into small pieces, as a streaming provider sends it. */
export function pieces(text: string, size = 12): string[] {
  // By code point, so a surrogate pair is never split across two chunks.
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
