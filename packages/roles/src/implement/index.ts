export { runImplement, type ImplementResult } from './run-implement.js';
export { renderImplementSummary } from './render-summary.js';
export { renderEscalationComment, ESCALATION_KEY } from './escalation-comment.js';
export { readTestsEvidence } from './tests-file.js';
export { ImplementationAnswerSchema, IMPLEMENTATION_SCHEMA_NAME, type ImplementationAnswer } from './answer-schema.js';
