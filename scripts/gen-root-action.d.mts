// Types of gen-root-action.mjs for the TypeScript tests.
interface InputSpec {
  description?: string;
  required?: boolean;
  default?: string;
}
interface Manifest {
  inputs?: Record<string, InputSpec>;
  runs?: unknown;
  [key: string]: unknown;
}
export declare function rootManifest(current: Manifest, roles: Record<string, Manifest>): Manifest & { inputs: Record<string, InputSpec> };
