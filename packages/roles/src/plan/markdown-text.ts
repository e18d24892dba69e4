/**
 * Model-written text rendered into a GitHub comment. The model read untrusted issue text, so its words are
 * shown as words: no links, images or HTML (an image URL can leak data), no @-mentions (they notify people);
 * only `inline code` survives, because plans name files and functions.
 */
import { escapeMarkdown } from '@eternia/core';

const CODE_SPAN = /`([^`\n]+)`/g;

/** Escaped text with its `code spans` kept; newlines become spaces. */
export function inlineText(text: string, opts: { maxChars?: number; inTable?: boolean } = {}): string {
  const source = clip(text.replace(/\r?\n+/g, ' ').trim(), opts.maxChars ?? 2_000);
  let out = '';
  let last = 0;
  for (const match of source.matchAll(CODE_SPAN)) {
    out += prose(source.slice(last, match.index));
    out += codeSpan(match[1]!, opts.inTable);
    last = match.index + match[0].length;
  }
  return out + prose(source.slice(last));
}

/** Any string as one code span, whatever backticks it holds. */
export function codeSpan(text: string, inTable = false): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  // GitHub tables split cells at '|' even inside code spans unless it is escaped.
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  return `${fence}${pad}${body}${pad}${fence}`;
}

function prose(text: string): string {
  // A zero-width space after '@' keeps the name readable and the notification from firing.
  return escapeMarkdown(text).replace(/@(?=[A-Za-z0-9])/g, '@&#8203;');
}

/** Cut to `max` characters (by code point) with a visible ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
