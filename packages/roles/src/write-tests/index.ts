export { runWriteTests, type WriteTestsResult } from './run-write-tests.js';
export { renderWriteTestsSummary } from './render-summary.js';
export { TestPatchAnswerSchema, TEST_PATCH_SCHEMA_NAME, type TestPatchAnswer } from './answer-schema.js';
