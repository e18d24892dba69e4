// The e2e project's default per-test timeout: these tests start bundled actions, jobs and workflows as
// child processes, which on a loaded 2-core machine take minutes, not seconds. Tests may still set their own.
import { jest } from '@jest/globals';

jest.setTimeout(180_000);
