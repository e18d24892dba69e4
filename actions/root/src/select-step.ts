import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { inputDefaults } from './input-defaults.js';

/** A role the root action runs, found in the actions/ folder beside dist/ so the list never drifts. */
export interface StepSelection {
  step: string;
  entry: string;
  /** Literal input defaults of the role's action.yml: GitHub applies only the root action.yml's defaults. */
  defaults: Record<string, string>;
}

export function selectStep(requested: string, repoRoot: string): StepSelection {
  const step = requested.trim();
  const actionsDir = path.join(repoRoot, 'actions');
  const known = existsSync(actionsDir)
    ? readdirSync(actionsDir)
        .filter((name) => existsSync(path.join(actionsDir, name, 'action.yml')))
        .sort()
    : [];
  if (!/^[a-z][a-z0-9-]*$/.test(step) || !known.includes(step)) {
    throw new StepError(`'${requested}' is not a role; choose one of: ${known.join(', ')}`);
  }
  const defaults = inputDefaults(actionsDir, step);
  return { step, entry: path.join(repoRoot, 'dist', step, 'index.js'), defaults };
}

export class StepError extends Error {}

/** The name of the INPUT_ variable the runner sets for an input, exactly as the runner spells it. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
