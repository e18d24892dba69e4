export { triggerFromEvent, type SupervisorTrigger } from './trigger.js';
export { skipReason, type IssueFacts, type GateLabels } from './eligibility.js';
export { runSupervisor, type SupervisorDeps, type SupervisorResult, type SupervisorSettings } from './run-supervisor.js';
export { claimIssue, type ClaimedIssue } from './claim-issue.js';
export { findAgentPullRequest } from './find-agent-pr.js';
export { renderSupervisorSummary } from './render-summary.js';
