export { runScribe, type ScribeDeps, type ScribeResult, type ScribeAttempt } from './run-scribe.js';
export { renderScribeSummary } from './render-summary.js';
export { scribeGit } from './scribe-git.js';
export { ScribeAnswerSchema, SCRIBE_SCHEMA_NAME, type ScribeAnswer } from './answer-schema.js';
export { ADR_DIR, adrPath, adrSlug, adrTitle, madrProblems, nextAdrNumber, renderAdr } from './adr.js';
export { docsCandidates, docsMatcher } from './docs-context.js';
// The docs patch policy publish re-applies a DocsProposal with (the same the scribe applied it with).
export { docsPatchPolicy, DOCS_BUILTIN_DENY } from '../delivery/index.js';
