export { waitForChecks } from './wait-for-checks.js';
export type { CheckAnnotation, CheckSummary, ChecksState, FailingCheck, WaitForChecksOptions, WaitForChecksResult } from './wait-for-checks.js';
export { actionsJobId, logTail } from './job-log.js';
export { noChecksMessage } from './no-checks-message.js';
