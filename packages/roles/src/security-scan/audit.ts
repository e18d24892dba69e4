/**
 * Known-vulnerable dependencies, from the ecosystem's own audit output when the workflow produced it:
 * `npm audit --json` (report version 2) and `pip-audit -f json`. Each vulnerable package becomes a finding at the
 * line of the manifest that declares it (package.json, else package-lock.json; requirements*.txt), so a PR that
 * adds or bumps the dependency gets it on a changed line. The re-check reads the manifest again: the finding is
 * gone when the declared version no longer admits a vulnerable one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';
import type { Level, ScanFinding } from './finding.js';

const NpmViaSchema = z.union([
  z.string(),
  z.object({
    source: z.union([z.number(), z.string()]).optional(),
    name: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    severity: z.string().optional(),
    range: z.string().optional(),
  }),
]);
const NpmAuditSchema = z.object({
  auditReportVersion: z.literal(2),
  vulnerabilities: z.record(
    z.string(),
    z.object({
      name: z.string(),
      severity: z.string(),
      isDirect: z.boolean().optional(),
      via: z.array(NpmViaSchema),
      range: z.string(),
      fixAvailable: z.unknown().optional(),
    }),
  ),
});

const PipVulnSchema = z.object({
  id: z.string(),
  fix_versions: z.array(z.string()).default([]),
  description: z.string().optional(),
  aliases: z.array(z.string()).optional(),
});
const PipDependencySchema = z.object({ name: z.string(), version: z.string().optional(), vulns: z.array(PipVulnSchema).default([]) });
const PipAuditSchema = z.union([z.object({ dependencies: z.array(PipDependencySchema) }), z.array(PipDependencySchema)]);

function readJson(file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`is not readable JSON: ${(error as Error).message}`, `${label} ${file}`);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, label: string, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigurationError(`is not a ${label}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, `${label} ${file}`);
}

const NPM_LEVEL: Record<string, Level> = { critical: 'error', high: 'error', moderate: 'warning', low: 'note', info: 'note' };

/** Findings from an `npm audit --json` report, placed in the manifests of `dir` (relative to the workspace). */
export function npmAuditFindings(workspace: string, reportFile: string, dir = '.'): ScanFinding[] {
  const report = parseOrThrow(NpmAuditSchema, readJson(reportFile, 'npm audit report'), 'npm audit report', reportFile);
  const findings: ScanFinding[] = [];
  for (const vuln of Object.values(report.vulnerabilities)) {
    const advisories = vuln.via.filter((v): v is Exclude<typeof v, string> => typeof v !== 'string');
    const titles = advisories.map((a) => `${a.title ?? 'advisory'}${a.url ? ` (${a.url})` : ''}`);
    const where = locateNpm(workspace, dir, vuln.name);
    if (!where) continue;
    findings.push({
      source: 'npm-audit',
      tool: 'npm audit',
      rule: `vulnerable-dependency/${vuln.severity}`,
      level: NPM_LEVEL[vuln.severity] ?? 'warning',
      message:
        titles.length > 0
          ? `${vuln.name} ${vuln.range} is vulnerable: ${titles.join('; ')}.`
          : `${vuln.name} ${vuln.range} is vulnerable through ${vuln.via.filter((v) => typeof v === 'string').join(', ')}.`,
      path: where.path,
      line: where.line,
      ...(advisories[0]?.url ? { helpUri: advisories[0].url } : {}),
      origin: reportFile,
      dependency: { name: vuln.name, vulnerable: vuln.range },
    });
  }
  return findings;
}

/** Findings from a `pip-audit -f json` report, placed in the requirements files of `dir`. */
export function pipAuditFindings(workspace: string, reportFile: string, dir = '.'): ScanFinding[] {
  const report = parseOrThrow(PipAuditSchema, readJson(reportFile, 'pip-audit report'), 'pip-audit report', reportFile);
  const dependencies = Array.isArray(report) ? report : report.dependencies;
  const findings: ScanFinding[] = [];
  for (const dep of dependencies) {
    if (dep.vulns.length === 0 || !dep.version) continue;
    const where = locatePip(workspace, dir, dep.name);
    if (!where) continue;
    const fixes = [...new Set(dep.vulns.flatMap((v) => v.fix_versions))];
    findings.push({
      source: 'pip-audit',
      tool: 'pip-audit',
      rule: `vulnerable-dependency/${dep.vulns.map((v) => v.id).join(',')}`.slice(0, 200),
      level: 'error',
      message: `${dep.name} ${dep.version} is vulnerable (${dep.vulns.map((v) => v.id).join(', ')})${fixes.length ? `; fixed in ${fixes.join(', ')}` : ''}.`,
      path: where.path,
      line: where.line,
      origin: reportFile,
      dependency: { name: dep.name, vulnerable: dep.version, ...(fixes[0] ? { fixedIn: fixes[0] } : {}) },
    });
  }
  return findings;
}

/** Whether the manifest still admits the vulnerable version (the re-check after a fix). */
export function stillVulnerable(workspace: string, finding: ScanFinding): boolean {
  const dep = finding.dependency;
  if (!dep) return false;
  const text = readFileOrNull(path.join(workspace, finding.path));
  if (text === null) return false;
  if (finding.source === 'npm-audit') {
    if (path.basename(finding.path) === 'package.json') {
      const spec = declaredNpmSpec(text, dep.name);
      if (spec === null) return false;
      try {
        return semver.intersects(spec, dep.vulnerable, { loose: true });
      } catch {
        return true; // a spec semver cannot read (a git URL, a tag): not shown to be safe
      }
    }
    const version = lockedNpmVersion(text, dep.name);
    return version !== null && semver.satisfies(version, dep.vulnerable, { loose: true });
  }
  const requirement = requirementLine(text, dep.name);
  if (requirement === null) return false;
  return pipAdmits(requirement.spec, dep.vulnerable);
}

function locateNpm(workspace: string, dir: string, name: string): { path: string; line: number } | null {
  for (const manifest of ['package.json', 'package-lock.json']) {
    const rel = path.posix.join(dir, manifest);
    const text = readFileOrNull(path.join(workspace, rel));
    if (text === null) continue;
    const needle = manifest === 'package.json' ? `"${name}"` : `"node_modules/${name}"`;
    const index = text.split('\n').findIndex((line) => line.trimStart().startsWith(`${needle}:`));
    if (index >= 0) return { path: path.posix.normalize(rel), line: index + 1 };
  }
  return null;
}

function declaredNpmSpec(text: string, name: string): string | null {
  try {
    const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const spec = manifest[field]?.[name];
      if (typeof spec === 'string') return spec;
    }
  } catch {
    return null;
  }
  return null;
}

function lockedNpmVersion(text: string, name: string): string | null {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }> };
    return lock.packages?.[`node_modules/${name}`]?.version ?? null;
  } catch {
    return null;
  }
}

const normalizePip = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

function requirementFiles(workspace: string, dir: string): string[] {
  const abs = path.join(workspace, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => /^requirements.*\.txt$/i.test(f))
    .sort()
    .map((f) => path.posix.normalize(path.posix.join(dir, f)));
}

function requirementLine(text: string, name: string): { index: number; spec: string } | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^#;]*)/.exec(lines[i] ?? '');
    if (m?.[1] && normalizePip(m[1]) === normalizePip(name)) return { index: i, spec: (m[3] ?? '').trim() };
  }
  return null;
}

function locatePip(workspace: string, dir: string, name: string): { path: string; line: number } | null {
  for (const rel of requirementFiles(workspace, dir)) {
    const text = readFileOrNull(path.join(workspace, rel));
    const found = text === null ? null : requirementLine(text, name);
    if (found) return { path: rel, line: found.index + 1 };
  }
  return null;
}

/** A small reading of PEP 440 specifiers (==, !=, >=, >, <=, <, ~=) with numeric release segments. */
export function pipAdmits(spec: string, version: string): boolean {
  if (spec === '') return true;
  const v = release(version);
  return spec.split(',').every((clause) => {
    const m = /^\s*(===|==|!=|~=|>=|<=|>|<)\s*([^\s]+)\s*$/.exec(clause);
    if (!m) return true;
    const [, op, raw] = m as unknown as [string, string, string];
    if ((op === '==' || op === '!=') && raw.endsWith('.*')) {
      const prefix = release(raw.slice(0, -2));
      const match = prefix.every((part, i) => v[i] === part);
      return op === '==' ? match : !match;
    }
    const c = compare(v, release(raw));
    switch (op) {
      case '==':
      case '===':
        return c === 0;
      case '!=':
        return c !== 0;
      case '>=':
        return c >= 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '<':
        return c < 0;
      default: {
        const floor = release(raw);
        const upper = floor.slice(0, Math.max(1, floor.length - 1));
        upper[upper.length - 1] = (upper[upper.length - 1] ?? 0) + 1;
        return c >= 0 && compare(v, upper) < 0;
      }
    }
  });
}

function release(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split(/[^0-9.]/)[0]!
    .split('.')
    .filter((p) => p !== '')
    .map(Number);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
