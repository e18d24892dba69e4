/** What every check of the security scan reports: one finding at one line of the workspace. */
export type Level = 'error' | 'warning' | 'note';

export type FindingSourceKind = 'sarif' | 'secret' | 'npm-audit' | 'pip-audit';

export interface ScanFinding {
  source: FindingSourceKind;
  /** The scanner that reported it (a SARIF run's driver, secretlint, npm audit…). */
  tool: string;
  rule: string;
  level: Level;
  /** Never a secret's value: secret findings carry a message built without it. */
  message: string;
  /** Relative to the workspace, '/'-separated. */
  path: string;
  line: number;
  endLine?: number;
  helpUri?: string;
  /** The SARIF file or audit report it was read from. */
  origin?: string;
  /** For secrets: where the value is in the file (character offsets), to mask it; never serialised. */
  secretRange?: readonly [number, number];
  /** For vulnerable dependencies: the package and the versions the advisory covers. */
  dependency?: { name: string; vulnerable: string; fixedIn?: string };
}
