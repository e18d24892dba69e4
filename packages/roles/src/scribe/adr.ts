/**
 * Architecture decision records in the MADR layout (https://adr.github.io/madr/): the number and the file name are
 * chosen here, never by the model, and the model's text is checked against MADR's section headings before anything
 * is written. The front matter (status, date) and the title heading are written here too.
 */
import path from 'node:path';
import { Lexer, type Token, type Tokens } from 'marked';

/** Where ADRs live, relative to the repository root. */
export const ADR_DIR = 'docs/adr';

const NUMBERED = /^(\d+)-[^/]*\.md$/i;
const MAX_SLUG = 60;
const MAX_TITLE = 120;

/** MADR's level-2 sections in their order; the required ones must all be there. */
const SECTIONS = [
  'Context and Problem Statement',
  'Decision Drivers',
  'Considered Options',
  'Decision Outcome',
  'Validation',
  'Pros and Cons of the Options',
  'More Information',
] as const;
const REQUIRED = new Set<string>(['Context and Problem Statement', 'Considered Options', 'Decision Outcome']);
/** The level-3 headings MADR puts under Decision Outcome. */
const OUTCOME_SUBSECTIONS = new Set(['consequences', 'confirmation']);

/** The number of the next ADR: one more than the highest present (gaps are not filled), 1 when there is none. */
export function nextAdrNumber(files: readonly string[]): number {
  let highest = 0;
  for (const file of files) {
    if (path.posix.dirname(file) !== ADR_DIR) continue;
    const match = NUMBERED.exec(path.posix.basename(file));
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** The ADR's title as one plain line: no control characters, collapsed spaces, at most MAX_TITLE characters. */
export function adrTitle(title: string): string {
  const line = title
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/^#+\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(line);
  return chars.length > MAX_TITLE ? `${chars.slice(0, MAX_TITLE - 1).join('')}…` : line;
}

/** The file name part after the number: lower-case ASCII letters and digits joined by '-'. */
export function adrSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
}

export function adrPath(number: number, slug: string): string {
  return `${ADR_DIR}/${String(number).padStart(4, '0')}-${slug}.md`;
}

/**
 * What is wrong with the ADR text the model wrote (the sections below the title), or an empty list. Headings inside
 * code blocks, lists or quotes are not sections; setext headings are.
 */
export function madrProblems(body: string): string[] {
  const problems: string[] = [];
  if (/^\s*---\s*\n/.test(body)) problems.push('leave out the front matter (status and date are written for you)');
  const tokens = new Lexer().lex(body);
  const seen: string[] = [];
  let current: string | null = null;
  const content = new Map<string, string>();
  for (const token of tokens) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      const text = heading.text.trim();
      if (heading.depth === 1) {
        problems.push(`no level-1 heading ("# ${text}"): the title is written from the 'title' field`);
      } else if (heading.depth === 2) {
        const known = SECTIONS.find((s) => s.toLowerCase() === text.toLowerCase());
        if (!known) {
          problems.push(`"## ${text}" is not a MADR section (use: ${SECTIONS.join(', ')})`);
          current = null;
        } else if (seen.includes(known)) {
          problems.push(`"## ${known}" appears twice`);
          current = known;
        } else {
          const last = seen.at(-1);
          if (last !== undefined && SECTIONS.indexOf(known) < SECTIONS.indexOf(last as (typeof SECTIONS)[number])) {
            problems.push(`"## ${known}" must come before "## ${last}" (MADR's order: ${SECTIONS.join(', ')})`);
          }
          seen.push(known);
          current = known;
        }
      } else if (heading.depth === 3 && current === 'Decision Outcome' && !OUTCOME_SUBSECTIONS.has(text.toLowerCase())) {
        problems.push(`under "## Decision Outcome" the level-3 headings are "### Consequences" and "### Confirmation", not "### ${text}"`);
      }
      continue;
    }
    if (current === null) {
      if (seen.length === 0 && hasText(token)) problems.push('the text must start with "## Context and Problem Statement"');
      continue;
    }
    content.set(current, `${content.get(current) ?? ''}${hasText(token) ? token.raw : ''}`);
  }
  for (const section of SECTIONS) {
    if (!REQUIRED.has(section)) continue;
    if (!seen.includes(section)) problems.push(`the required section "## ${section}" is missing`);
    else if ((content.get(section) ?? '').trim() === '') problems.push(`the section "## ${section}" is empty`);
  }
  const outcome = content.get('Decision Outcome');
  if (outcome !== undefined && outcome.trim() !== '' && !/Chosen option:/i.test(outcome)) {
    problems.push('"## Decision Outcome" must name the choice as MADR does: Chosen option: "…", because …');
  }
  return [...new Set(problems)];
}

function hasText(token: Token): boolean {
  return token.type !== 'space' && token.raw.trim() !== '';
}

/** The ADR file: MADR front matter, the title, then the model's sections. */
export function renderAdr(opts: { title: string; body: string; date: Date }): string {
  const date = opts.date.toISOString().slice(0, 10);
  const body = opts.body.replace(/\r\n?/g, '\n').trim();
  return `---\nstatus: proposed\ndate: ${date}\n---\n\n# ${opts.title}\n\n${body}\n`;
}

/** A unified diff that creates `file` with `content` (which ends with a newline). */
export function newFileDiff(file: string, content: string): string {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  return [`--- /dev/null`, `+++ b/${file}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ''].join('\n');
}
