/**
 * Where a `uses:` points inside this repository, if it does: `./actions/x`, `$/actions/x`,
 * `<this repo>/actions/x@ref`, `<this repo>@ref` for actions; `./.github/workflows/x.yml`,
 * `$/.github/workflows/x.yml`, `<this repo>/.github/workflows/x.yml@ref` for reusable workflows.
 */
export interface LocalTarget {
  /** Path relative to the repository root: an action directory ('' for the root) or a workflow file. */
  path: string;
  kind: 'action' | 'workflow';
}

export function localTarget(uses: string, repository: string): LocalTarget | undefined {
  let inner: string | undefined;
  if (uses.startsWith('./')) inner = uses.slice(2);
  else if (uses.startsWith('$/')) inner = uses.slice(2);
  else {
    const at = uses.lastIndexOf('@');
    const name = at < 0 ? uses : uses.slice(0, at);
    const lower = name.toLowerCase();
    const self = repository.toLowerCase();
    if (lower === self) inner = '';
    else if (lower.startsWith(`${self}/`)) inner = name.slice(self.length + 1);
  }
  if (inner === undefined) return undefined;
  inner = inner.replace(/\/+$/, '');
  const kind = /^\.github\/workflows\/[^/]+\.ya?ml$/.test(inner) ? 'workflow' : 'action';
  return { path: inner, kind };
}

export function isSelfReference(uses: string, repository: string): boolean {
  return localTarget(uses, repository) !== undefined;
}
