import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';

/**
 * The `jobs` input of the report action: `${{ toJSON(needs) }}` in agent-flow.yml, so the report
 * knows which jobs failed or were skipped and the outputs they set, even when a job died before
 * it wrote its dossier file.
 */
const JobSchema = z.looseObject({
  result: z.enum(['success', 'failure', 'cancelled', 'skipped']),
  outputs: z.record(z.string(), z.string()).default({}),
});

export const FlowJobsSchema = z.record(z.string(), JobSchema);
export type FlowJob = z.infer<typeof JobSchema>;
export type FlowJobs = z.infer<typeof FlowJobsSchema>;

export function parseFlowJobs(text: string, input = 'jobs'): FlowJobs {
  if (text.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(
      `expected the JSON of \`\${{ toJSON(needs) }}\`, got text that does not parse (${(error as Error).message})`,
      `input '${input}'`,
    );
  }
  const parsed = FlowJobsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigurationError(
      `expected the JSON of \`\${{ toJSON(needs) }}\` ({"<job>": {"result": …, "outputs": {…}}}); ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      `input '${input}'`,
    );
  }
  return parsed.data;
}
