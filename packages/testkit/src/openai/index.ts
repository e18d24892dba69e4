export { startOpenAIEmulator } from './emulator.js';
export type {
  EmulatedProvider,
  JsonSchemaSupport,
  OpenAIEmulator,
  OpenAIEmulatorOptions,
  RecordedRequest,
  RequestOutcome,
  SchemaMismatch,
} from './emulator.js';
export type { FaultKind, FaultRule, RuleMatch, ScriptRule, ScriptedReply, ScriptedRequest } from './rules.js';
export { CACHE_BLOCK_TOKENS, CACHE_MIN_TOKENS } from './prompt-tokens.js';
