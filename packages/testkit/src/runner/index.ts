export {
  runAction,
  emptyActionRun,
  startAction,
  type RunActionOptions,
  type ActionRun,
  type Annotation,
  type AnnotationLevel,
  type Phase,
  type StartedAction,
} from './run-action.js';
export { readActionManifest, parseActionManifest, findActionFile, type ActionManifest, type ActionInput } from './action-manifest.js';
export { issueLabeledEvent, webhookPayload } from './webhook-payload.js';
export { inputEnvName, evaluateTemplate } from './input-env.js';
export { parseCommandLine, CommandStream, type WorkflowCommand } from './workflow-commands.js';
export { parseKeyValueFile } from './file-commands.js';
