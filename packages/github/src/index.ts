export { stickyMarker, upsertStickyComment, type StickyCommentTarget, type StickyCommentResult } from './sticky-comment.js';
export { checkFrozen, isFreezeLabel, DEFAULT_FREEZE_LABEL, redModeStatus, type FreezeTarget, type FrozenOn, type RedModeStatus } from './gates.js';
export { labelExists, ensureLabel, type LabelRef, type LabelSpec } from './labels.js';
export { githubCall, httpStatus, validationCodes } from './api-error.js';
export { resolveBotLogin } from './resolve-bot-login.js';
export { neutralizeMentions } from './neutralize-mentions.js';
