import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { failureLine, firstSourceLocation } from './failure-location.js';
import { dropFrameworkFrames } from './framework-frames.js';
import { FILE_FAILED_NAME } from './jest-json.js';
import type { TestCaseResult } from './types.js';

/** The JUnit dialects whose quirks matter: names, files and line numbers live in different places. */
export type JUnitFlavor = 'pytest' | 'vitest' | 'node' | 'generic';

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);
const MESSAGE_LIMIT = 4000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function nodes(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (!Array.isArray(value)) return [];
  // <skipped/> parses to '' rather than an object.
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item ?? '') }));
}

function text(node: XmlNode): string {
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

function detectFlavor(root: XmlNode, suites: XmlNode[]): JUnitFlavor {
  const rootName = attr(root, 'name') ?? '';
  if (rootName === 'vitest tests') return 'vitest';
  if (rootName === 'pytest tests' || suites.some((s) => attr(s, 'name') === 'pytest')) return 'pytest';
  const firstCase = nodes(root, 'testcase')[0] ?? suites.flatMap((s) => nodes(s, 'testcase'))[0];
  if (firstCase && attr(firstCase, 'classname') === 'test' && attr(firstCase, 'file') === undefined) return 'node';
  return 'generic';
}

function relative(file: string, workspace: string | undefined): string {
  let f = file.startsWith('file://') ? new URL(file).pathname : file;
  if (workspace && path.isAbsolute(f)) f = path.relative(workspace, f);
  return f.split(path.sep).join('/').replace(/^\.\//, '');
}

function failureMessage(problem: XmlNode): string {
  const message = (attr(problem, 'message') ?? '').trim();
  const body = dropFrameworkFrames(text(problem)).trim();
  const joined = !body ? message : !message || body.includes(message) ? body : `${message}\n${body}`;
  return joined.length > MESSAGE_LIMIT ? `${joined.slice(0, MESSAGE_LIMIT)}…` : joined;
}

/** pytest: classname "tests.test_math.TestThing" with file "tests/test_math.py" → "TestThing::test_x", like a node id. */
function pytestName(classname: string, name: string, file: string | undefined): string {
  if (file) {
    const module = file.replace(/\.py$/, '').split('/').join('.');
    if (classname === module) return name;
    if (classname.startsWith(`${module}.`)) return [...classname.slice(module.length + 1).split('.'), name].join('::');
  }
  const classes = classname.split('.').filter((part) => /^[A-Z]/.test(part));
  return [...classes, name].join('::');
}

/** pytest's xunit2 names no file: "tests.test_math.TestThing" → "tests/test_math.py". */
function pytestFileFromClassname(classname: string): string | undefined {
  const modules = classname.split('.').filter((part) => !/^[A-Z]/.test(part));
  return modules.length > 0 ? `${modules.join('/')}.py` : undefined;
}

function looksLikePath(value: string): boolean {
  return /\.(c|m)?[jt]sx?$|\.py$/.test(value) && /[/\\]|^[\w.-]+\.\w+$/.test(value);
}

/**
 * Reads JUnit XML as pytest, vitest, node:test, jest-junit and most other tools write it. `<failure>`
 * and `<error>` both count as failed. Ids use only the file the report names for every test (so a
 * test keeps its id whether it passes or fails); for failures the file and line may also be
 * recovered from the stack. Throws on XML that is not well-formed.
 */
export function parseJUnitXml(xml: string, options: { workspace?: string; flavor?: JUnitFlavor } = {}): TestCaseResult[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid JUnit XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = parser.parse(xml) as XmlNode;
  const root = (doc['testsuites'] as XmlNode | undefined) ?? { testsuite: doc['testsuite'] };
  if (typeof root !== 'object' || root === null) throw new Error('invalid JUnit XML: no <testsuites> or <testsuite> element');
  const topSuites = nodes(root, 'testsuite');
  const flavor = options.flavor ?? detectFlavor(root, topSuites);
  const results: TestCaseResult[] = [];

  const visitCase = (testcase: XmlNode, suitePath: string[]): void => {
    const rawName = attr(testcase, 'name') ?? '(unnamed)';
    const classname = attr(testcase, 'classname') ?? '';
    const problems = [...nodes(testcase, 'failure'), ...nodes(testcase, 'error')];
    const skipped = nodes(testcase, 'skipped');
    const status: TestCaseResult['status'] = problems.length > 0 ? 'failed' : skipped.length > 0 ? 'skipped' : 'passed';
    const message = problems.length > 0 ? problems.map(failureMessage).join('\n') : undefined;

    // pytest reports a module that failed to import as a case with no classname, named after the module.
    const moduleFailed = flavor === 'pytest' && !classname;
    let file = attr(testcase, 'file');
    if (!file && flavor === 'pytest') file = pytestFileFromClassname(moduleFailed ? rawName : classname);
    if (!file && classname && looksLikePath(classname)) file = classname;
    const idFile = file ? relative(file, options.workspace) : undefined;
    let line = attr(testcase, 'line') !== undefined ? Number(attr(testcase, 'line')) : undefined;
    // pytest writes 0-based line numbers.
    if (line !== undefined && flavor === 'pytest') line += 1;

    let name: string;
    if (moduleFailed) name = FILE_FAILED_NAME;
    else if (flavor === 'pytest') name = pytestName(classname, rawName, idFile);
    else if (flavor === 'node') name = [...suitePath, rawName].join(' > ');
    else name = rawName;

    let shownFile = idFile;
    if (status === 'failed' && message) {
      const located = idFile ? failureLine(message, idFile) : undefined;
      if (located !== undefined) line = located;
      else if (!idFile || flavor === 'node') {
        const found = firstSourceLocation(message);
        if (found) {
          shownFile = relative(found.file, options.workspace);
          line = found.line;
        }
      }
    }
    const result: TestCaseResult = { id: idFile ? `${idFile}::${name}` : name, name, status };
    if (shownFile) result.file = shownFile;
    if (line !== undefined && Number.isFinite(line)) result.line = line;
    if (message !== undefined) result.message = message;
    results.push(result);
  };

  const visitSuite = (suite: XmlNode, suitePath: string[]): void => {
    for (const testcase of nodes(suite, 'testcase')) visitCase(testcase, suitePath);
    for (const child of nodes(suite, 'testsuite')) visitSuite(child, [...suitePath, attr(child, 'name') ?? '']);
  };
  // Top-level suites are files or the tool itself ("pytest"), except for node:test where they are describe blocks.
  for (const testcase of nodes(root, 'testcase')) visitCase(testcase, []);
  for (const suite of topSuites) visitSuite(suite, flavor === 'node' ? [attr(suite, 'name') ?? ''] : []);
  return results;
}
