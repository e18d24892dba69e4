export { runReport, REPORT_STICKY_KEY, REPORT_FILE, type ReportDeps, type ReportResult } from './run-report.js';
export { buildReport, type FlowReport, type StageState, type BuildReportInput } from './build-report.js';
export { nextSteps, type NextSteps, type Outcome } from './next-steps.js';
export { renderReport, type RenderReportOptions } from './render-report.js';
export { parseFlowJobs, FlowJobsSchema, type FlowJobs, type FlowJob } from './flow-jobs.js';
