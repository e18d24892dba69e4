import type { ChatMessage } from './model-client.js';

/**
 * A retried exchange: a stable prefix (kept unchanged so a provider's prompt cache serves it), then one assistant
 * answer and one feedback message per earlier attempt.
 */
export class Conversation {
  private readonly turns: ChatMessage[] = [];
  constructor(private readonly prefix: readonly ChatMessage[]) {}

  messages(): ChatMessage[] {
    return [...this.prefix, ...this.turns];
  }

  /** Records what the model answered and what was wrong with it. */
  feedback(answer: string, problem: string): void {
    this.turns.push({ role: 'assistant', content: answer }, { role: 'user', content: problem });
  }
}
