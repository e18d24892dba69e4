import { ConfigurationError, DossierError } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import { TESTS_FILE, TestsEvidenceSchema, type TestsEvidence } from '../delivery/index.js';

/** The red evidence of write-tests; required while the policy says tests come first. */
export function readTestsEvidence(dossier: Dossier, testsFirst: boolean): TestsEvidence | null {
  let evidence: TestsEvidence | null;
  try {
    evidence = dossier.readJson(TESTS_FILE, TestsEvidenceSchema);
  } catch (error) {
    if (error instanceof DossierError)
      throw new ConfigurationError(`${error.message} (re-run the write-tests step)`, `dossier file '${TESTS_FILE}'`, { cause: error });
    throw error;
  }
  if (!evidence && testsFirst) {
    throw new ConfigurationError(
      'the dossier of this PR has no test evidence: the write-tests job has not run (or its dossier was not passed on). Tests come first: run write-tests before implement, or set `tests-first: false` in the policy.',
      `dossier file '${TESTS_FILE}'`,
    );
  }
  return evidence;
}
