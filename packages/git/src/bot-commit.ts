import type { Git } from './git.js';

const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

/** The noreply address GitHub attributes a bot login's commits to. */
export function botEmail(botLogin: string): string {
  return botLogin === GITHUB_ACTIONS_BOT ? '41898282+github-actions[bot]@users.noreply.github.com' : `${botLogin}@users.noreply.github.com`;
}

/** Stages exactly `files` (never the whole tree: whatever else is in it was not validated) and commits as the bot; returns the new sha. */
export async function commitAsBot(git: Git, opts: { subject: string; body: string; botLogin: string; files: readonly string[] }): Promise<string> {
  if (opts.files.length === 0) throw new Error('commitAsBot: no files to commit');
  await git.configureBotIdentity(opts.botLogin, botEmail(opts.botLogin));
  await git.add(opts.files);
  return git.commit(`${opts.subject}\n\n${opts.body.trim()}\n`);
}
