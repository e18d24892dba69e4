// The CHANGELOG is generated from the history: each release's section lists the commit subjects since the previous
// release tag. `renderSection` makes one section, `prependSection` puts it on top of CHANGELOG.md, and
// `sectionOf` reads one back (the release workflow uses it as the GitHub release's notes).

const HEADER = '# Changelog\n\nEvery release of eternia/agents, newest first. Generated from the commit history by `npm run release`.\n';

/** Strict semver without build metadata: 1.2.3 or 1.2.3-rc.1. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseVersion(text) {
  const match = SEMVER.exec(text);
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), pre: match[4] ?? null };
}

/** < 0, 0 or > 0 as semver orders a and b (pre-releases before their release; pre-release fields compared as text). */
export function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a semver version: ${!x ? a : b}`);
  for (const key of ['major', 'minor', 'patch']) if (x[key] !== y[key]) return x[key] - y[key];
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Commit subjects grouped: conventional `type:` prefixes get their own heading, everything else is "Changes". */
export function renderSection(version, date, subjects) {
  const groups = new Map([
    ['Features', []],
    ['Fixes', []],
    ['Documentation', []],
    ['Changes', []],
  ]);
  for (const subject of subjects) {
    const conventional = /^(feat|fix|docs)(\([^)]*\))?!?:\s*(.+)$/.exec(subject);
    const group = conventional ? { feat: 'Features', fix: 'Fixes', docs: 'Documentation' }[conventional[1]] : 'Changes';
    groups.get(group).push(conventional ? conventional[3] : subject);
  }
  const lines = [`## [${version}] - ${date}`, ''];
  for (const [title, items] of groups) {
    if (items.length === 0) continue;
    lines.push(`### ${title}`, '', ...items.map((item) => `- ${item.replace(/\s+/g, ' ').trim()}`), '');
  }
  if (subjects.length === 0) lines.push('No changes since the previous release.', '');
  return lines.join('\n');
}

export function prependSection(changelog, section) {
  const body = (changelog ?? HEADER).startsWith('# Changelog') ? (changelog ?? HEADER) : `${HEADER}\n${changelog}`;
  const firstRelease = body.indexOf('\n## [');
  if (firstRelease < 0) return `${body.trimEnd()}\n\n${section.trimEnd()}\n`;
  return `${body.slice(0, firstRelease).trimEnd()}\n\n${section.trimEnd()}\n${body.slice(firstRelease)}`;
}

/** The notes of one version (without its heading), or null when CHANGELOG.md has no such section. */
export function sectionOf(changelog, version) {
  const heading = `## [${version}]`;
  const start = changelog.split('\n').findIndex((line) => line.startsWith(heading));
  if (start < 0) return null;
  const lines = changelog.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => line.startsWith('## ['));
  return (end < 0 ? lines : lines.slice(0, end)).join('\n').trim();
}
