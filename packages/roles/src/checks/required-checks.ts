import { ConfigurationError, type Octokit } from '@eternia/core';
import { githubCall, httpStatus } from '@eternia/github';

/** The checks the seed's workflows report, required for merging. */
export const SEED_REQUIRED_CHECKS = ['ui_smoke', 'tests', 'openapi_diff', 'sbom', 'api_perf'] as const;

export interface RequiredChecksResult {
  branch: string;
  /** The required checks after the call, sorted. */
  checks: string[];
  /** The ones this call added. */
  added: string[];
  /** 'created': the branch had no protection; 'updated': checks added; 'unchanged': all were required already. */
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Makes `checks` required on `branch`, keeping whatever protection and other required checks it has: an unprotected
 * branch gets protection with only these checks (strict: the branch must be up to date), a protected one gets them
 * added to its list. Needs a token with administration write (a GITHUB_TOKEN cannot).
 */
export async function requireChecks(
  octokit: Octokit,
  target: { owner: string; repo: string; branch: string; checks: readonly string[] },
): Promise<RequiredChecksResult> {
  const { owner, repo, branch } = target;
  const wanted = [...new Set(target.checks.map((c) => c.trim()))];
  if (wanted.length === 0 || wanted.some((c) => c === '' || c.length > 255)) {
    throw new ConfigurationError(`must name 1 or more check names (each 1 to 255 characters), got ${JSON.stringify(target.checks)}`, 'checks');
  }
  const where = `branch '${branch}' of ${owner}/${repo}`;
  const current = await githubCall(`reading the protection of ${where}`, async () => {
    try {
      return (await octokit.rest.repos.getBranchProtection({ owner, repo, branch })).data;
    } catch (error) {
      // 404 'Branch not protected'; a missing branch is also 404 and fails at the PUT with its own message.
      if (httpStatus(error) === 404) return null;
      throw error;
    }
  });
  if (!current) {
    await githubCall(`protecting ${where}`, () =>
      octokit.rest.repos.updateBranchProtection({
        owner,
        repo,
        branch,
        // `contexts` (names): GitHub's schema requires it on PUT; `checks` with app ids is for the PATCH below.
        required_status_checks: { strict: true, contexts: wanted },
        enforce_admins: false,
        required_pull_request_reviews: null,
        restrictions: null,
      }),
    );
    return { branch, checks: [...wanted].sort(), added: [...wanted].sort(), action: 'created' };
  }
  const existing =
    current.required_status_checks?.checks?.map((c) => ({ context: c.context, app_id: c.app_id ?? undefined })) ??
    (current.required_status_checks?.contexts ?? []).map((context) => ({ context, app_id: undefined }));
  const have = new Set(existing.map((c) => c.context));
  const added = wanted.filter((c) => !have.has(c));
  const all = [...have, ...added].sort();
  if (added.length === 0 && current.required_status_checks) return { branch, checks: all, added: [], action: 'unchanged' };
  await githubCall(`adding required checks to ${where}`, async () => {
    const checks = [...existing, ...added.map((context) => ({ context, app_id: undefined }))].map((c) =>
      c.app_id === undefined || c.app_id === null ? { context: c.context } : { context: c.context, app_id: c.app_id },
    );
    if (current.required_status_checks) {
      await octokit.rest.repos.updateStatusCheckProtection({ owner, repo, branch, checks });
    } else {
      // Protected without status checks: PATCH answers 404 there, so the checks are set with the rest kept.
      await octokit.rest.repos.updateBranchProtection({
        owner,
        repo,
        branch,
        required_status_checks: { strict: true, contexts: checks.map((c) => c.context) },
        enforce_admins: current.enforce_admins?.enabled ?? false,
        required_pull_request_reviews: null,
        restrictions: null,
      });
    }
  });
  return { branch, checks: all, added: added.sort(), action: 'updated' };
}
