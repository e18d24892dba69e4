/** The root action.yml declares every role's inputs (scripts/gen-root-action.mjs), so none is an "Unexpected input". */
import { expect, test } from '@jest/globals';
import { rootManifest } from '../../scripts/gen-root-action.mjs';

test('the root inputs are the union of the roles, with expression defaults only and no "Not used" text', () => {
  const roles = {
    plan: {
      inputs: {
        'github-token': { description: 'plan token', default: '${{ github.token }}' },
        pr: { description: 'Number of the PR.', required: true },
        model: { description: 'Not used (this role calls no model).' },
      },
    },
    implement: {
      inputs: {
        pr: { description: 'Number of the PR.', required: true },
        model: { description: 'Model for the implementer.', default: 'gpt-4.1-mini' },
        'install-command': { description: 'Installs the toolchain.', default: '' },
      },
    },
  };
  const manifest = rootManifest({ name: 'root', runs: { using: 'node24', main: 'dist/root/index.js' } }, roles);
  expect(Object.keys(manifest.inputs)).toEqual(['step', 'github-token', 'install-command', 'model', 'pr']);
  expect(manifest.inputs.step).toMatchObject({ required: true });
  expect(manifest.inputs['github-token']).toEqual({
    description: "plan: Token for the GitHub API; the chosen role's README says which permissions it needs.",
    required: false,
    default: '${{ github.token }}',
  });
  // Literal defaults differ per role: the root entry applies the chosen role's own.
  expect(manifest.inputs.model).toEqual({ description: 'implement, plan: Model for the implementer.', required: false });
  expect(manifest.inputs.pr).toEqual({ description: 'implement, plan: Number of the PR.', required: false });
  expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/root/index.js' });
});
