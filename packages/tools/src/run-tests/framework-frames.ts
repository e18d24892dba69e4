/** A stack line inside the runner or Node itself ("at … (node_modules/jest-circus/…)", "at node:internal/…"). */
const FRAMEWORK_FRAME = /^\s*at (?:.*(?:node_modules[/\\]|node:internal|\(node:)|new Promise \(<anonymous>\))/;

/** Drops stack frames of the test framework and Node internals: they say nothing about the failure and cost tokens. */
export function dropFrameworkFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !FRAMEWORK_FRAME.test(line))
    .join('\n');
}
