/** Orders jobs by `needs` (stable: file order among ready jobs), refusing unknown needs and cycles like GitHub does at parse time. */
import { ConfigurationError } from '@eternia/core';
import type { JobDef } from './workflow-file.js';

export function needsOf(job: JobDef): string[] {
  if (job.needs === undefined) return [];
  return typeof job.needs === 'string' ? [job.needs] : job.needs;
}

export function orderJobs(jobs: Record<string, JobDef>, file: string): string[] {
  const ids = Object.keys(jobs);
  for (const id of ids) {
    for (const need of needsOf(jobs[id] as JobDef)) {
      if (!(need in jobs)) throw new ConfigurationError(`needs unknown job '${need}'`, `job '${id}' in ${file}`);
    }
  }
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    const ready = ids.find((id) => !done.has(id) && needsOf(jobs[id] as JobDef).every((need) => done.has(need)));
    if (ready === undefined) {
      const stuck = ids.filter((id) => !done.has(id));
      throw new ConfigurationError(`the needs of jobs ${stuck.map((id) => `'${id}'`).join(', ')} form a cycle`, file);
    }
    done.add(ready);
    order.push(ready);
  }
  return order;
}

/** Every job `id` depends on, directly or not (failure() looks at all ancestors). */
export function ancestorsOf(id: string, jobs: Record<string, JobDef>): string[] {
  const seen = new Set<string>();
  const visit = (jobId: string): void => {
    for (const need of needsOf(jobs[jobId] as JobDef)) {
      if (!seen.has(need)) {
        seen.add(need);
        visit(need);
      }
    }
  };
  visit(id);
  return [...seen];
}
