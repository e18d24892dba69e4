#!/usr/bin/env node
// npm run release -- <version> [--dry-run]
// Cuts a release on a clean checkout of main: checks that dist/ is the build of the sources, sets package.json's
// version, prepends the CHANGELOG section generated from the commits since the previous tag, commits
// "release: v<version>", tags v<version> and moves the major tag (v1) to it. It pushes nothing: it prints the push
// command. The release workflow (.github/workflows/release.yml) then verifies the tag and publishes the notes.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVersions, parseVersion, prependSection, renderSection } from './changelog.mjs';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const version = args.find((arg) => !arg.startsWith('--'));
if (!version) fail('usage: npm run release -- <version> [--dry-run]   (for example 1.0.0)');
const parsed = parseVersion(version);
if (!parsed) fail(`'${version}' is not a semver version such as 1.2.3 or 1.2.3-rc.1`);

const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
const tags = git('tag', '--list', 'v*.*.*')
  .split('\n')
  .filter((tag) => parseVersion(tag.slice(1)))
  .sort((a, b) => compareVersions(a.slice(1), b.slice(1)));
const previous = tags.at(-1);
if (tags.includes(`v${version}`)) fail(`tag v${version} exists already`);
if (previous && compareVersions(version, previous.slice(1)) <= 0) fail(`${version} is not after the latest release ${previous}`);
if (!dryRun && git('status', '--porcelain')) fail('the working tree has changes: commit or stash them first');

if (!dryRun) {
  try {
    execFileSync('node', ['scripts/check-dist.mjs'], { cwd: root, stdio: 'inherit' });
  } catch {
    fail('dist/ is not the build of the sources: run `npm run build` and commit it');
  }
}

const subjects = git('log', '--no-merges', '--format=%s', ...(previous ? [`${previous}..HEAD`] : ['HEAD']))
  .split('\n')
  .filter(Boolean);
const section = renderSection(version, new Date().toISOString().slice(0, 10), subjects);
const changelogFile = path.join(root, 'CHANGELOG.md');
const changelog = prependSection(existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : null, section);
const major = `v${parsed.major}`;

if (dryRun) {
  console.log(section);
  console.log(`release (dry run): would set version ${pkg.version} → ${version}, tag v${version}${parsed.pre ? '' : ` and move ${major}`}`);
  process.exit(0);
}

pkg.version = version;
writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(changelogFile, changelog);
execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
git('add', 'package.json', 'package-lock.json', 'CHANGELOG.md');
git('commit', '-m', `release: v${version}`);
git('tag', '-a', `v${version}`, '-m', `v${version}`);
// A pre-release never moves the major tag users follow.
if (!parsed.pre) git('tag', '-f', major, `v${version}^{}`);
console.log(`release: v${version} committed and tagged${parsed.pre ? '' : `; ${major} moved to it`}. Push with:`);
console.log(`  git push origin HEAD v${version}${parsed.pre ? '' : ` && git push --force origin ${major}`}`);
