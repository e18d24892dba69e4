import type { Git } from '@eternia/git';

const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

/** A conventional-commit subject from a model's summary: one line, no control characters, at most 72 characters. */
export function commitSubject(prefix: 'test' | 'feat' | 'fix', summary: string, fallback: string): string {
  const line = summary
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(test|feat|fix)(\([^)]*\))?!?:\s*/i, '');
  const text = line === '' ? fallback : line;
  const head = `${prefix}: `;
  const max = 72 - head.length;
  return head + (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
}

/** Stages exactly `files` (never the whole tree: whatever else is in it was not validated) and commits as the bot; returns the new sha. */
export async function commitAsBot(git: Git, opts: { subject: string; body: string; botLogin: string; files: readonly string[] }): Promise<string> {
  if (opts.files.length === 0) throw new Error('commitAsBot: no files to commit');
  const email =
    opts.botLogin === GITHUB_ACTIONS_BOT ? '41898282+github-actions[bot]@users.noreply.github.com' : `${opts.botLogin}@users.noreply.github.com`;
  await git.configureBotIdentity(opts.botLogin, email);
  await git.add(opts.files);
  return git.commit(`${opts.subject}\n\n${opts.body.trim()}\n`);
}
