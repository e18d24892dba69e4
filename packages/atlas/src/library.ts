/** Library code (what a project ships) versus tests, examples, scripts, benchmarks and docs around it. */
import { isCode } from './languages.js';

const AROUND =
  /(^|\/)(tests?|test-d|__tests__|__mocks__|spec|specs|e2e|testing|fixtures?|examples?|samples?|demos?|docs?|benchmarks?|bench|scripts|tools|migrations|\.github)\//i;
const TEST_NAME =
  /(^|\/)(test_[^/]*\.py|[^/]*_tests?\.py|conftest\.py|[^/]*\.(test|spec)(-d)?\.[cm]?[jt]sx?|setup\.py|noxfile\.py|[^/]*_test\.go|[^/]*_spec\.rb)$/i;

/** Build and tool configuration: `vite.config.ts`, `.eslintrc.cjs`, `Gruntfile.js`; the project does not ship it. */
const CONFIG_NAME = /(^|\/)([^/]+\.config\.[cm]?[jt]s|\.[^/]+rc\.[cm]?[jt]s|[Gg]runtfile\.[cm]?[jt]s|gulpfile\.[cm]?[jt]s)$/;

/** Folders around the library code that a text may name (`fix(examples): …`, `docs: …`), tests aside. */
const NAMED_AROUND = /(^|\/)(examples?|samples?|demos?|docs?|benchmarks?|bench|scripts|tools)\//i;

/**
 * The word by which a text names the kind of a code file that is not library code: its folder (`examples`,
 * `docs`, `scripts`) or, for a build configuration, its tool (`rollup` of `rollup.config.js`); null for
 * library code, tests and anything else.
 */
export function aroundKind(file: string, language: string): string | null {
  if (!isCode(language) || isTestPath(file)) return null;
  const folder = NAMED_AROUND.exec(file)?.[2];
  if (folder) return folder.toLowerCase();
  const config = CONFIG_NAME.exec(file)?.[2];
  return config ? (/^\.?([A-Za-z]+?)(rc)?\./.exec(config)?.[1]?.toLowerCase() ?? null) : null;
}

export function isLibraryPath(file: string, language: string): boolean {
  return isCode(language) && !AROUND.test(file) && !TEST_NAME.test(file) && !CONFIG_NAME.test(file);
}

export function isTestPath(file: string): boolean {
  return TEST_NAME.test(file) || /(^|\/)(tests?|__tests__|spec|e2e|test-d)\//i.test(file);
}
