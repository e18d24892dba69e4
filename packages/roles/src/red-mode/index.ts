export { runRedMode, type RedModeAction, type RedModeDeps, type RedModeResult, type RedModeSettings } from './run-red-mode.js';
export { readState, stateMarker, nextState, EMPTY_STATE, STATE_MARKER, type RedModeState } from './tracking-state.js';
export { renderRedModeSummary } from './render-summary.js';
