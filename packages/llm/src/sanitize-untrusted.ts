/**
 * Cleans untrusted Markdown/HTML/log text of what a human reviewer on GitHub would not see, so the model
 * reads what the person who labelled the issue read. The list of tricks follows claude-code-action's
 * sanitizer (facts carried over, not its code).
 */

// Characters Unicode marks as "default ignorable" render as nothing: zero-width space/joiners, soft hyphen,
// word joiner, invisible math operators, bidi marks/overrides/isolates, BOM, Hangul and halfwidth fillers
// (U+115F, U+1160, U+3164, U+FFA0), Khmer inherent vowels, Mongolian selectors, variation selectors
// (U+FE00–FE0F, U+E0100–E01EF) and tag characters (U+E0000–E007F, "ASCII smuggling").
// Format characters (Cf) add the rest (Arabic letter mark, interlinear annotation…); U+2800 renders blank.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;
// Terminal escape sequences from CI logs, then C0/C1 controls but tab and newline.
const ANSI = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// CR, CRLF, NEL and the Unicode line/paragraph separators all end a line.
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;

// HTML comments render as nothing on GitHub; an unclosed one hides the rest of the text.
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// A link reference definition renders as nothing, label, destination and title alike: `[//]: # (hidden)`,
// `[comment]: <> (hidden)`, `[x]: https://… "hidden"`. The title may continue on following lines.
// A title cannot hold a blank line.
const LINK_DEFINITION =
  /^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*\n?[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]*\n?[ \t]*(?:"(?:[^"\n]|\n(?![ \t]*\n))*"|'(?:[^'\n]|\n(?![ \t]*\n))*'|\((?:[^()\n]|\n(?![ \t]*\n))*\)))?[ \t]*$\n?/gm;
// An HTML start tag as CommonMark reads one (quoted values may hold '>' and newlines). Text that is not a
// valid tag, such as `Map<string, number>`, renders as itself and is left alone.
const START_TAG = /<([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*)\s*(\/?)>/g;
// Markdown image alt text shows only when the image fails to load; link titles only on hover.
const IMAGE_ALT = /!\[[^\]\n]*\](?=[([])/g;
const LINK_TITLE = /(\]\([ \t]*(?:<[^>\n]*>|[^\s()<>]+))[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))[ \t]*\)/g;
// Entities that render as an invisible character: numeric ones are decoded and judged like the character
// (an HTML parser also reads them without the ';').
const ENTITY = /&(?:(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});?|([A-Za-z][A-Za-z0-9]{1,31});)/g;
const INVISIBLE_NAMED = new Set([
  'shy',
  'zwj',
  'zwnj',
  'lrm',
  'rlm',
  'ZeroWidthSpace',
  'NoBreak',
  'ApplyFunction',
  'af',
  'InvisibleTimes',
  'it',
  'InvisibleComma',
  'ic',
  'NegativeVeryThinSpace',
  'NegativeThinSpace',
  'NegativeMediumSpace',
  'NegativeThickSpace',
]);

/**
 * Collapsed `<details>` content is made visible with a marker rather than removed: issue reports put the logs
 * and stack traces the planner needs there, and a reviewer opens them with one click, so it is not hidden the
 * way a comment is. The marker tells the model (and anyone reading the prompt) it was collapsed on GitHub.
 */
export const DETAILS_OPEN_MARKER = '[collapsed on GitHub, shown expanded:]';
export const DETAILS_CLOSE_MARKER = '[end of collapsed section]';

const STRIPPED_CHARACTER = new RegExp(`^(?:${INVISIBLE.source}|${CONTROL.source})$`, 'u');

function invisibleEntity(entity: string, numeric: string | undefined, named: string | undefined): string {
  if (named !== undefined) return INVISIBLE_NAMED.has(named) ? '' : entity;
  const name = numeric!;
  const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  if (code > 0x10ffff) return entity;
  return STRIPPED_CHARACTER.test(String.fromCodePoint(code)) ? '' : entity;
}

function keepTagName(_tag: string, name: string, _attributes: string, selfClosing: string): string {
  if (name.toLowerCase() === 'details') return DETAILS_OPEN_MARKER;
  // Every attribute value can carry text no reader sees (alt, title, aria-label, data-*, style…): keep none.
  return `<${name}${selfClosing}>`;
}

function sanitizeOnce(text: string): string {
  return text
    .replace(LINE_BREAK, '\n')
    .replace(ANSI, '')
    .replace(HTML_COMMENT, '')
    .replace(LINK_DEFINITION, '')
    .replace(START_TAG, keepTagName)
    .replace(/<\/details\s*>/gi, DETAILS_CLOSE_MARKER)
    .replace(IMAGE_ALT, '![]')
    .replace(LINK_TITLE, '$1)')
    .replace(ENTITY, invisibleEntity)
    .replace(INVISIBLE, '')
    .replace(CONTROL, '');
}

/**
 * Removing one construct can join the pieces around it into another (`<!<!-- -->-- x -->`), so passes repeat
 * until nothing changes. Every pass but the details marker only shortens the text, so this ends quickly.
 */
export function sanitizeUntrusted(text: string): string {
  let current = text;
  for (let pass = 0; pass < 50; pass++) {
    const next = sanitizeOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}
