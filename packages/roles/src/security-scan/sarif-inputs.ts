import { glob } from 'tinyglobby';
import { ConfigurationError } from '@eternia/core';

/**
 * The SARIF files the `sarif` input names: globs relative to the workspace (`!` excludes). A pattern that matches
 * nothing is an error naming it: a scanner that wrote nowhere should not pass as "no findings".
 */
export async function sarifInputFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  const wanted = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
  const files = new Set<string>();
  const excludes = wanted.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  for (const pattern of wanted.filter((p) => !p.startsWith('!'))) {
    const found = await glob(pattern, {
      cwd: workspace,
      ignore: excludes,
      onlyFiles: true,
      dot: true,
      followSymbolicLinks: false,
      expandDirectories: false,
    });
    if (found.length === 0) throw new ConfigurationError(`no SARIF file matches '${pattern}' in the workspace`, "input 'sarif'");
    for (const f of found.sort()) files.add(f);
  }
  return [...files];
}
