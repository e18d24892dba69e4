/** Which job run a step belongs to, as one string: the job id (with the caller's prefix inside a called workflow) and its matrix leg. */
import type { StepFrame } from './run-context.js';

export function jobKey(frame: StepFrame): string {
  const { job } = frame;
  const matrix = job.contexts.matrix;
  const leg = matrix && typeof matrix === 'object' && Object.keys(matrix).length > 0 ? ` ${JSON.stringify(matrix)}` : '';
  return `${job.level.idPrefix}${job.jobId}${leg}`;
}
