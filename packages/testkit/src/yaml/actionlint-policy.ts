/**
 * actionlint 1.7.x predates two things GitHub now supports and this library relies on:
 * the self-repository syntax `uses: $/…` and the `job.workflow_repository` / `job.workflow_sha`
 * context. Exactly the messages about those are ignored; everything else stands.
 */
const ignoredMessages: RegExp[] = [
  // step: uses: $/actions/<role>
  /^specifying action "\$\/[^"]*" in invalid format because ref is missing\./,
  // job: uses: $/.github/workflows/<name>.yml
  /^reusable workflow call "\$\/[^"]*" at "uses" is not following the format /,
  // ${{ job.workflow_repository }}, ${{ job.workflow_sha }}: the object type listed is the job context's.
  /^property "workflow_(repository|sha)" is not defined in object type \{container: /,
];

export function isIgnoredActionlintMessage(message: string): boolean {
  return ignoredMessages.some((pattern) => pattern.test(message));
}
