/**
 * Text printed to the job log (model output, repository files, test output) is read by the runner line by
 * line: a line whose first non-blank characters are `::` is a workflow command (`::add-mask::`,
 * `::stop-commands::`…), and the older `##[name]` form is recognised anywhere in a line. A zero-width space
 * breaks both markers, so the line reads the same to a person and is plain output to the runner.
 */
const BREAK = '\u200B';
// The runner trims what .NET calls white space first: JavaScript's \s plus NEL (U+0085) and U+180E.
const LEADING_COMMAND = /^([\s\u0085\u180E]*):(?=:)/u;

/** The message with every line that could be read as a workflow command made inert. */
export function inertLogText(message: string): string {
  return message
    .split(/(\r\n|\r|\n)/)
    .map((part) => part.replace(LEADING_COMMAND, `$1:${BREAK}`).replaceAll('##[', `##${BREAK}[`))
    .join('');
}
