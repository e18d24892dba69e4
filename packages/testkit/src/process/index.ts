export { runSync, runSyncOrThrow, type SyncOptions, type SyncResult } from './run-sync.js';
