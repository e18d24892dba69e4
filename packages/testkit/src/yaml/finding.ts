/** One problem in one file; `file` is relative to the repository root. */
export interface Finding {
  file: string;
  line?: number;
  rule: string;
  message: string;
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}${finding.line ? `:${finding.line}` : ''}: [${finding.rule}] ${finding.message}`;
}
