/**
 * Text the bot posts (plans, reports, escalations) repeats what the model and the issue wrote. An `@login` or
 * `@org/team` in it would notify whoever it names on the bot's behalf, so each one gets a zero-width joiner
 * after the `@`: it reads the same, but GitHub no longer links or notifies. As GitHub, an `@` right after a
 * letter, digit or underscore (an e-mail address) is not a mention and is left alone. Code spans and blocks
 * are treated the same: telling them apart from raw HTML blocks, where mentions do fire, is not worth the risk.
 */
const MENTION = /(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g;
const JOINER = '\u200D';

export function neutralizeMentions(text: string): string {
  return text.replace(MENTION, `$1@${JOINER}`);
}
