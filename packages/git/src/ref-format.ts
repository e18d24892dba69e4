/**
 * The rules of `git check-ref-format` (refs.c, check_refname_format) in code, so a branch name is
 * refused before git sees it. `refNameProblem` says why a name is bad, or returns null.
 */

// Characters git refuses anywhere in a ref: controls, DEL, space and ~ ^ : ? * [ \
const FORBIDDEN = /[\u0000-\u001f\u007f ~^:?*[\\]/;

export function refNameProblem(refname: string): string | null {
  if (refname === '') return 'is empty';
  if (refname === '@') return "is the single character '@'";
  const bad = FORBIDDEN.exec(refname);
  if (bad) return `contains the forbidden character ${JSON.stringify(bad[0])}`;
  if (refname.includes('..')) return "contains '..'";
  if (refname.includes('@{')) return "contains '@{'";
  if (refname.endsWith('.')) return "ends with '.'";
  for (const component of refname.split('/')) {
    if (component === '') return 'has an empty path component (leading, trailing or double slash)';
    if (component.startsWith('.')) return `has a component starting with '.' (${JSON.stringify(component)})`;
    if (component.endsWith('.lock')) return `has a component ending with '.lock' (${JSON.stringify(component)})`;
  }
  return null;
}

/** A full ref name such as `refs/heads/main` (what `git check-ref-format <name>` accepts). */
export function isValidRefName(refname: string): boolean {
  return refname.includes('/') && refNameProblem(refname) === null;
}

/** Why a short branch name is bad, mirroring `git check-ref-format --branch`, or null. */
export function branchNameProblem(name: string): string | null {
  if (name.startsWith('-')) return "starts with '-'";
  if (name === 'HEAD') return "is 'HEAD'";
  return refNameProblem(`refs/heads/${name}`);
}

/** A short branch name such as `agent/12-fix-login` (what `git check-ref-format --branch <name>` accepts). */
export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === null;
}
