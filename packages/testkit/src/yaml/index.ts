export { checkRepository, type CheckRepositoryOptions } from './check-repository.js';
export { formatFinding, type Finding } from './finding.js';
export { isIgnoredActionlintMessage } from './actionlint-policy.js';
export { localTarget, type LocalTarget } from './local-targets.js';
