/**
 * One model turn of a bounded retry loop. An answer that is still not valid JSON after the client's repair retry,
 * or that was cut off, costs an attempt and goes back as feedback instead of ending the job; provider failures,
 * refusals and budget stops still end it.
 */
import type { z } from 'zod';
import type { Conversation } from './conversation.js';
import { ModelOutputInvalidError, ModelTruncationError } from './errors.js';
import type { ModelClient } from './model-client.js';

export type ModelTurn<T> = { ok: true; answer: T } | { ok: false; raw: string; problem: string };

const MAX_RAW_CHARS = 4_000;

export async function askModel<T>(
  model: ModelClient,
  req: {
    role: string;
    model: string;
    schema: z.ZodType<T>;
    schemaName: string;
    conversation: Conversation;
    /** What the model should do when its answer was cut off (the feedback's second sentence). */
    whenTruncated?: string;
  },
): Promise<ModelTurn<T>> {
  try {
    const answer = await model.structured({
      role: req.role,
      model: req.model,
      schema: req.schema,
      schemaName: req.schemaName,
      messages: req.conversation.messages(),
    });
    return { ok: true, answer };
  } catch (error) {
    if (error instanceof ModelOutputInvalidError) {
      return {
        ok: false,
        raw: error.raw.slice(0, MAX_RAW_CHARS) || '(empty answer)',
        problem: `Your answer was not a valid '${req.schemaName}' JSON object: ${error.problem}. Answer with only that JSON object.`,
      };
    }
    if (error instanceof ModelTruncationError) {
      return {
        ok: false,
        raw: error.partial.slice(0, MAX_RAW_CHARS) || '(empty answer)',
        problem: `Your answer was cut off at the output token limit. ${req.whenTruncated ?? 'Send a shorter answer.'}`,
      };
    }
    throw error;
  }
}
