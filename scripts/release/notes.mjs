#!/usr/bin/env node
// node scripts/release/notes.mjs <tag>: prints the CHANGELOG.md section of that release (the GitHub release's notes);
// exits 1 naming the file when the section is missing, so a tag without notes is not published.
import { readFileSync } from 'node:fs';
import { parseVersion, sectionOf } from './changelog.mjs';

const tag = process.argv[2] ?? '';
const version = tag.replace(/^v/, '');
if (!parseVersion(version)) {
  console.error(`release notes: '${tag}' is not a release tag such as v1.2.3`);
  process.exit(1);
}
const notes = sectionOf(readFileSync('CHANGELOG.md', 'utf8'), version);
if (notes === null) {
  console.error(`release notes: CHANGELOG.md has no '## [${version}]' section: cut releases with npm run release`);
  process.exit(1);
}
console.log(notes);
