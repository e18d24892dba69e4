/**
 * bench:review — the review's placement figures on a seeded sample repository with planted defects: the sample
 * shop project, a PR branch that adds four files with one planted defect each, the reviewer scripted on the OpenAI
 * emulator (it reports the planted defects, two findings on lines outside the diff and one duplicate), the review
 * posted through the GitHub emulator (which answers 422 off the diff, as GitHub does), then the whole review run
 * again. The model is scripted: this measures placement and de-duplication, not the model's judgement.
 * Needs nothing outside the repository.
 */
import { RUN_ID, type Bench } from './delivery-bench.js';
import { finding, publishQuality, rubric, startReviewBench, type ModelFinding } from './review-bench.js';
import { runReview } from '../src/review/index.js';

const PLANTED: Record<string, { text: string; marker: string; title: string }> = {
  'src/discount.js': {
    text: `/** Price after a percentage discount, in cents. */\nexport function applyDiscount(cents, percent) {\n  return cents - percent; // PLANTED: subtracts the percentage as cents\n}\n`,
    marker: 'PLANTED: subtracts',
    title: 'Subtracts the percentage as cents',
  },
  'src/users.js': {
    text: `export function findUser(db, name) {\n  // Looks a user up by name.\n  return db.query("SELECT * FROM users WHERE name = '" + name + "'"); // PLANTED: injection\n}\n`,
    marker: 'PLANTED: injection',
    title: 'SQL built by string concatenation',
  },
  'src/batch.js': {
    text: `export function sumAll(list) {\n  let total = 0;\n  for (let i = 0; i <= list.length; i++) total += list[i]; // PLANTED: off by one\n  return total;\n}\n`,
    marker: 'PLANTED: off by one',
    title: 'Reads one past the end of the list',
  },
  'src/notify.js': {
    text: `export async function notifyAll(users, send) {\n  for (const user of users) send(user); // PLANTED: promise not awaited\n}\n`,
    marker: 'PLANTED: promise not awaited',
    title: 'Promise of send is not awaited',
  },
};

const lineOf = (text: string, marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;

async function main(): Promise<void> {
  const files = Object.fromEntries(Object.entries(PLANTED).map(([path, p]) => [path, p.text]));
  const b: Bench = await startReviewBench({ files, policy: { review: { 'chunk-tokens': 1_000 } } });
  try {
    const planted: ModelFinding[] = Object.entries(PLANTED).map(([path, p]) =>
      finding({ path, line: lineOf(p.text, p.marker), severity: 'blocking', title: p.title, body: 'Planted defect.' }),
    );
    const outside = [
      finding({ path: 'README.md', line: 1, title: 'not in the diff' }),
      finding({ path: 'src/cart.js', line: 2, title: 'unchanged line' }),
    ];
    const answer = { rubric: rubric(3), summary: 'Four new helpers.', findings: [...planted, ...outside, planted[0]!] };
    // Every part of the diff gets the same answer: findings about files of other parts are still diff lines.
    b.oai.script({ match: { role: 'reviewer' }, reply: answer });

    const first = await runReview(b.deps());
    if (first.status !== 'reviewed') throw new Error('the review did not run');
    const published = await publishQuality(b);
    if (published.status !== 'published') throw new Error('publish did not post');
    const list = () => b.octokit.paginate(b.octokit.rest.pulls.listReviewComments, { owner: 'acme', repo: 'shop', pull_number: b.pr });
    const afterFirst = await list();

    // What the filter saved: each dropped finding posted anyway, alone.
    let refused = 0;
    for (const f of outside) {
      try {
        await b.octokit.rest.pulls.createReview({
          owner: 'acme',
          repo: 'shop',
          pull_number: b.pr,
          event: 'COMMENT',
          body: 'bench probe',
          comments: [{ path: f.path, line: f.line, side: 'RIGHT', body: f.title }],
        });
      } catch (error) {
        if ((error as { status?: number }).status === 422) refused++;
      }
    }

    await runReview(b.deps());
    const again = await publishQuality(b);
    const afterSecond = await list();
    const onPlanted = planted.filter((p) => afterFirst.some((c) => c.path === p.path && c.line === p.line)).length;

    const rows: Array<[string, string]> = [
      ['planted defects', String(planted.length)],
      ['diff parts (model calls), review.chunk-tokens 1000', `${first.chunks} (${first.calls})`],
      ['findings in the model answers', String(answer.findings.length * first.chunks)],
      ['dropped before any API call: outside the diff', String(first.proposal.dropped['outside-diff'] ?? 0)],
      ['dropped before any API call: duplicates', String(first.proposal.dropped['duplicate'] ?? 0)],
      ['review comments placed by the API', String(published.placement.posted)],
      ['review comments rejected by the API (422)', String(published.placement.rejected)],
      ['planted defects with a comment on their line', `${onPlanted}/${planted.length}`],
      ['outside-diff findings the API refuses when posted anyway', `${refused}/${outside.length} (422)`],
      ['duplicates posted on a re-run', String(afterSecond.length - afterFirst.length)],
      ['re-run: already posted, skipped', String(again.status === 'published' ? again.placement.alreadyPosted : 0)],
      [
        'reviews on the PR after the re-run (probes excluded)',
        String(
          (await b.octokit.paginate(b.octokit.rest.pulls.listReviews, { owner: 'acme', repo: 'shop', pull_number: b.pr })).filter(
            (r) => r.body !== 'bench probe',
          ).length,
        ),
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`bench:review (run ${RUN_ID}; scripted reviewer, GitHub emulator)\n`);
    console.log(`| ${'figure'.padEnd(width)} | value |`);
    console.log(`| ${'-'.repeat(width)} | ----- |`);
    for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);
  } finally {
    await b.close();
  }
}

await main();
