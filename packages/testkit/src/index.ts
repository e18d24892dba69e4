// The two emulators both name a fault rule and a recorded request; the OpenAI ones are re-exported with a prefix.
export * from './github/index.js';
export { startOpenAIEmulator, CACHE_BLOCK_TOKENS, CACHE_MIN_TOKENS } from './openai/index.js';
export type {
  OpenAIEmulator,
  OpenAIEmulatorOptions,
  EmulatedProvider,
  JsonSchemaSupport,
  RecordedRequest as OpenAIRecordedRequest,
  RequestOutcome,
  SchemaMismatch,
  FaultKind,
  FaultRule as OpenAIFaultRule,
  RuleMatch,
  ScriptRule,
  ScriptedReply,
  ScriptedRequest,
} from './openai/index.js';
export * from './runner/index.js';
export * from './yaml/index.js';
export * from './workflow/index.js';
export * from './artifacts/index.js';
export * from './scenario/index.js';
export * from './net/index.js';
