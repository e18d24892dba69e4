/**
 * The SARIF 2.1.0 log this role writes for code scanning: its own checks (secretlint, npm audit, pip-audit), one
 * run, validated by the same schema as the logs it reads. Messages never hold a secret's value (the caller passes
 * masked findings; the caller's final leak check refuses anything else) and no snippet is ever written.
 */
import { createHash } from 'node:crypto';
import type * as Sarif from './sarif-types.js';
import type { ScanFinding } from './finding.js';
import { sarifSchemaProblem } from './sarif.js';

export const SECURITY_SARIF_FILE = 'security.sarif';
const TOOL = 'eternia-security-scan';

export function buildSarif(
  findings: ReadonlyArray<ScanFinding & { fingerprint: string }>,
  opts: { version: string; informationUri?: string },
): Sarif.Log {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const example = findings.find((f) => f.rule === id)!;
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+/g, '-'),
      shortDescription: { text: `${example.tool}: ${id}` },
      ...(example.helpUri ? { helpUri: example.helpUri } : {}),
      properties: { tags: ['security', example.source] },
    };
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL, version: opts.version, ...(opts.informationUri ? { informationUri: opts.informationUri } : {}), rules } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: f.level,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, ...(f.endLine ? { endLine: f.endLine } : {}) },
              },
            },
          ],
          partialFingerprints: { 'eterniaFinding/v1': f.fingerprint },
        })),
      },
    ],
  };
  const problem = sarifSchemaProblem(log);
  if (problem) throw new Error(`internal: the security-scan SARIF is not valid SARIF 2.1.0: ${problem}`);
  return log;
}

/** Stable across re-runs and line shifts: path, tool, rule and the line's text (secrets masked by the caller). */
export function findingFingerprint(f: Pick<ScanFinding, 'path' | 'tool' | 'rule'>, maskedLineText: string): string {
  return createHash('sha256').update(`${f.path}\0${f.tool}\0${f.rule}\0${maskedLineText.trim()}`).digest('hex').slice(0, 32);
}
