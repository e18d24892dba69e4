/**
 * Longest test files first, so that neither of the two workers is left running one long file at the end while
 * the other idles. Jest orders by the durations of earlier runs in its cache; a fresh clone has no cache, and then
 * jest orders by file size, which puts several multi-minute files near the end. So durations come from the cache
 * when present, else from test/test-durations.json (seconds per file, measured on a 2-core machine; only the slow
 * files are listed). A file in neither runs after the listed ones. Failed files still run first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BaseSequencer from '@jest/test-sequencer';

const rootDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** @type {Record<string, number>} */
const measured = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8')).seconds;

export default class LongestFirst extends BaseSequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const seconds = measured[path.relative(rootDir, test.path).split(path.sep).join('/')];
    return seconds == null ? 0 : seconds * 1000;
  }
}
