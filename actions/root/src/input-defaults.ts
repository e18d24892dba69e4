/**
 * A role's literal input defaults, from its action.yml: GitHub applies only the root action.yml's defaults, so the
 * root entry applies the chosen role's own. The dist build swaps this module for a table made from the same files
 * by this same function (scripts/dist-plugins.mjs, `rootInputDefaults`), so the bundled root loads no YAML parser
 * before it hands over.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export function inputDefaults(actionsDir: string, step: string): Record<string, string> {
  const manifest = parse(readFileSync(path.join(actionsDir, step, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown } | null>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = spec?.default;
    if (value === undefined || value === null) continue;
    const text = String(value);
    // Expression defaults such as ${{ github.token }} only GitHub can evaluate; the root declares those itself.
    if (!text.includes('${{')) defaults[name] = text;
  }
  return defaults;
}
