/**
 * security-scan: reads the SARIF other scanners left (validated against the SARIF 2.1.0 schema), runs its own
 * checks on the PR's changed files (secrets with secretlint's recommended preset; vulnerable dependencies from npm
 * audit / pip-audit JSON when the workflow made it), and asks the model for a fix of each re-checkable finding on a
 * changed line. A fix is kept only if it applies through the patch engine with the default branch's policy and the
 * finding is gone when the check runs again. This job holds no write token: the fix and the comments go into the
 * dossier (proposal-security.json) with the SARIF it wrote (security.sarif); publish posts and pushes.
 *
 * A secret's value never leaves memory: every text written (proposal, SARIF, summary, prompt, log) is masked, and
 * checked once more before it is written.
 */
import path from 'node:path';
import type { Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import { sanitizeUntrusted, type ModelClient } from '@eternia/llm';
import { applyPatch } from '@eternia/patch';
import { patchPolicyFor } from '../delivery/patch-policy.js';
import { QUALITY_PROPOSAL_FILES, SecurityProposalSchema, type Finding, type SecurityProposal } from '../quality/proposals.js';
import { npmAuditFindings, pipAuditFindings } from './audit.js';
import { onChangedLine, parseChangedLines, type ChangedLines } from './changed-lines.js';
import type { ScanFinding } from './finding.js';
import { recheckable, tryFix, type FixOutcome } from './fix.js';
import { GitTree, type Scratch } from './git-tree.js';
import { readSarifFile, sarifFindings } from './sarif.js';
import { readText, scanSecrets, SecretVault } from './secrets.js';
import { buildSarif, findingFingerprint, SECURITY_SARIF_FILE } from './write-sarif.js';

export interface SecurityScanDeps {
  workspace: string;
  pull: { number: number; headSha: string; baseSha: string };
  policy: Policy;
  dossier: Dossier;
  /** Built on first use: a PR with nothing to fix needs no model key. */
  model: () => ModelClient;
  modelName: string;
  promptsDir: string;
  configRoot?: string;
  runId: number;
  /** SARIF files other scanners wrote (absolute, or relative to the workspace). */
  sarifFiles: readonly string[];
  npmAudit?: string;
  pipAudit?: string;
  /** Where the scratch worktree and git's home go (RUNNER_TEMP). */
  tempDir: string;
  /** At most this many findings go to the model (each one call). */
  maxFixes?: number;
  version?: string;
  log?: { info(message: string): void; warning(message: string): void };
  /** Every prompt sent (tests and the bench search them for secret values). */
  onPrompt?: (text: string) => void;
}

export interface ScannedFinding extends ScanFinding {
  changed: boolean;
  fingerprint: string;
  fix?: FixOutcome;
}

export interface SecurityScanResult {
  proposal: SecurityProposal;
  findings: ScannedFinding[];
  sarif: string;
  /** SARIF results from files outside the workspace or without a line. */
  unlocated: number;
}

const DEFAULT_MAX_FIXES = 10;
const silent = { info: () => {}, warning: () => {} };

export async function runSecurityScan(deps: SecurityScanDeps): Promise<SecurityScanResult> {
  const log = deps.log ?? silent;
  const { workspace, pull } = deps;
  const tree = new GitTree(workspace, deps.tempDir);
  const changed = parseChangedLines(await tree.prDiff(pull.baseSha, pull.headSha));
  const changedFiles = [...changed.keys()];
  log.info(`${changedFiles.length} changed file(s) in ${pull.baseSha.slice(0, 12)}...${pull.headSha.slice(0, 12)}`);

  // Secrets first: every other text is masked with what they found.
  const vault = new SecretVault();
  const raw: ScanFinding[] = [...(await scanSecrets(workspace, changedFiles, vault))];
  let unlocated = 0;
  for (const file of deps.sarifFiles) {
    const absolute = path.resolve(workspace, file);
    const label = path.relative(workspace, absolute).startsWith('..') ? absolute : path.relative(workspace, absolute);
    const read = sarifFindings(readSarifFile(absolute, label), workspace, label);
    raw.push(...read.findings);
    unlocated += read.unlocated;
  }
  if (deps.npmAudit) raw.push(...npmAuditFindings(workspace, path.resolve(workspace, deps.npmAudit)));
  if (deps.pipAudit) raw.push(...pipAuditFindings(workspace, path.resolve(workspace, deps.pipAudit)));

  const findings = dedupe(raw).map((f) => scanned(f, changed, workspace, vault));
  const onChanged = findings.filter((f) => f.changed);
  log.info(`${findings.length} finding(s), ${onChanged.length} on changed lines, ${vault.size} secret value(s) masked`);

  const fix = await proposeFixes(deps, tree, vault, onChanged, log);
  const comments: Finding[] = onChanged.filter((f) => !f.fix?.kept).map((f) => comment(f, vault));
  const counts = countsOf(findings, unlocated);
  const sarifLog = buildSarif(
    findings.filter((f) => f.source !== 'sarif'),
    { version: deps.version ?? '0.1.0', informationUri: 'https://github.com/eternia/agents' },
  );
  const sarif = `${JSON.stringify(sarifLog, null, 2)}\n`;
  const proposal: SecurityProposal = {
    version: 1,
    kind: 'security',
    runId: deps.runId,
    headSha: pull.headSha,
    fix,
    findings: comments,
    counts,
    summary: summaryLine(counts),
  };
  // The last guard: nothing with a secret's value is written, whatever went wrong above.
  const written = JSON.stringify(proposal) + sarif;
  if (vault.leaks(written)) throw new Error('internal: a secret value reached the security-scan output; nothing was written');
  deps.dossier.writeJson(QUALITY_PROPOSAL_FILES.security, proposal, SecurityProposalSchema);
  deps.dossier.writeText(SECURITY_SARIF_FILE, sarif);
  return { proposal, findings, sarif, unlocated };
}

function dedupe(findings: readonly ScanFinding[]): ScanFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}\0${f.line}\0${f.rule}\0${f.tool}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function scanned(f: ScanFinding, changed: ChangedLines, workspace: string, vault: SecretVault): ScannedFinding {
  const lineText = (readText(path.join(workspace, f.path)) ?? '').split('\n')[f.line - 1] ?? '';
  return { ...f, message: vault.mask(f.message), changed: onChangedLine(changed, f), fingerprint: findingFingerprint(f, vault.mask(lineText)) };
}

async function proposeFixes(
  deps: SecurityScanDeps,
  tree: GitTree,
  vault: SecretVault,
  onChanged: ScannedFinding[],
  log: { info(message: string): void; warning(message: string): void },
): Promise<SecurityProposal['fix']> {
  const candidates = onChanged.filter(recheckable).slice(0, deps.maxFixes ?? DEFAULT_MAX_FIXES);
  if (candidates.length === 0) return null;
  const model = deps.model();
  const scratch = await tree.scratch(deps.pull.headSha);
  try {
    for (const finding of candidates) {
      finding.fix = await tryFix(
        {
          model,
          modelName: deps.modelName,
          policy: deps.policy,
          promptsDir: deps.promptsDir,
          ...(deps.configRoot ? { configRoot: deps.configRoot } : {}),
          vault,
          ...(deps.onPrompt ? { onPrompt: deps.onPrompt } : {}),
        },
        scratch,
        finding,
      );
      const outcome = finding.fix;
      log.info(`${finding.rule} at ${finding.path}:${finding.line}: ${outcome.kept ? 'fix re-checked' : `fix not kept (${outcome.reason})`}`);
    }
    await dropLeakingFixes(scratch, vault, candidates, log);
    const kept = candidates.flatMap((finding) => (finding.fix?.kept ? [{ finding, summary: finding.fix.summary }] : []));
    if (kept.length === 0) return null;
    const patch = await combinedPatch(scratch, vault);
    await verifyPatch(tree, deps, patch, scratch);
    const files = (await scratch.changedFiles()).map((f) => f.path);
    return {
      baseSha: deps.pull.headSha,
      patch,
      files,
      subject: kept.length === 1 ? `fix(security): ${oneLine(kept[0]!.summary)}`.slice(0, 200) : `fix(security): ${kept.length} scanner findings`,
      body: vault
        .mask(
          kept.map(({ finding, summary }) => `- ${finding.tool} ${finding.rule} at ${finding.path}:${finding.line}: ${oneLine(summary)}`).join('\n'),
        )
        .slice(0, 20_000),
    };
  } finally {
    await scratch.remove();
  }
}

/**
 * A changed file whose diff quotes a removed secret can still be proposed as a whole-file block, unless its new
 * content holds a secret too (another one left in the same file). Then no patch of it can be written without a
 * value: every fix that wrote it is dropped and its files go back to the head, until no such file is left.
 */
async function dropLeakingFixes(
  scratch: Scratch,
  vault: SecretVault,
  candidates: ScannedFinding[],
  log: { info(message: string): void },
): Promise<void> {
  // Each round reverts at least one changed file to the head, so this ends.
  for (;;) {
    const leaking: string[] = [];
    for (const { path: file } of await scratch.changedFiles()) {
      if (vault.leaks(await scratch.fileDiff(file)) && vault.leaks(readText(path.join(scratch.dir, file)) ?? '')) leaking.push(file);
    }
    if (leaking.length === 0) return;
    const revert = new Set<string>(leaking);
    for (const finding of candidates) {
      const fix = finding.fix;
      if (!fix?.kept || !fix.written.some((f) => revert.has(f))) continue;
      for (const f of fix.written) revert.add(f);
      finding.fix = {
        kept: false,
        reason: 'would-leak-secret',
        detail: `${leaking.join(', ')} would still hold a secret after the fixes, so the change cannot be proposed without quoting one`,
        explanation: fix.explanation,
      };
      log.info(`${finding.rule} at ${finding.path}:${finding.line}: fix not kept (would-leak-secret)`);
    }
    await scratch.revert([...revert], 'drop fixes that cannot be written without a secret');
  }
}

/**
 * The kept state as one patch for publish: a unified diff per file, or a whole-file block where the diff would
 * quote a removed secret (tryFix kept nothing whose new content still holds one).
 */
async function combinedPatch(scratch: Scratch, vault: SecretVault): Promise<string> {
  const parts: string[] = [];
  for (const { path: file } of await scratch.changedFiles()) {
    const diff = await scratch.fileDiff(file);
    if (!vault.leaks(diff)) {
      parts.push(diff.endsWith('\n') ? diff : `${diff}\n`);
      continue;
    }
    const content = readText(path.join(scratch.dir, file)) ?? '';
    const body = content.endsWith('\n') ? content.slice(0, -1) : content;
    parts.push(`*** Begin File: ${file}\n${body}\n*** End File\n`);
  }
  return parts.join('');
}

/** Applies the combined patch to a fresh tree at the head, as publish will, and checks it gives the same files. */
async function verifyPatch(tree: GitTree, deps: SecurityScanDeps, patch: string, kept: Scratch): Promise<void> {
  const fresh = await tree.scratch(deps.pull.headSha);
  try {
    const report = await applyPatch({ cwd: fresh.dir, patch, policy: patchPolicyFor(deps.policy) });
    if (!report.ok) throw new Error('internal: the combined security fix does not apply to the PR head');
    for (const { path: file } of await kept.changedFiles()) {
      if (readText(path.join(fresh.dir, file)) !== readText(path.join(kept.dir, file))) {
        throw new Error(`internal: the combined security fix gives a different ${file} than the re-checked tree`);
      }
    }
  } finally {
    await fresh.remove();
  }
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function comment(f: ScannedFinding, vault: SecretVault): Finding {
  const why =
    f.fix === undefined
      ? recheckable(f)
        ? 'No fix was asked for (the limit of findings sent to the model was reached).'
        : `No fix is proposed: ${f.tool}'s check cannot run again here to confirm one.`
      : f.fix.kept
        ? ''
        : `A proposed fix was not kept (${f.fix.reason}: ${f.fix.detail}).`;
  const explanation = f.fix?.explanation ? `\n\n${f.fix.explanation}` : '';
  const body = vault.mask(
    sanitizeUntrusted(
      [`**${f.tool}** rule \`${f.rule}\` at \`${f.path}:${f.line}\`:`, '', f.message, '', why].join('\n') +
        explanation +
        (f.helpUri ? `\n\nMore: ${f.helpUri}` : ''),
    ),
  );
  return {
    source: 'security',
    path: f.path,
    line: f.line,
    severity: f.level === 'error' ? 'blocking' : 'nit',
    title: vault.mask(sanitizeUntrusted(`${f.tool}: ${f.rule}`)).slice(0, 200),
    body: body.slice(0, 4_000),
    rule: f.rule.slice(0, 200),
    fingerprint: f.fingerprint,
  };
}

export function countsOf(findings: readonly ScannedFinding[], unlocated: number): Record<string, number> {
  const n = (pred: (f: ScannedFinding) => boolean): number => findings.filter(pred).length;
  return {
    findings: findings.length,
    'on-changed-lines': n((f) => f.changed),
    'on-unchanged-lines': n((f) => !f.changed),
    'sarif-results': n((f) => f.source === 'sarif'),
    'sarif-unlocated': unlocated,
    secrets: n((f) => f.source === 'secret'),
    'vulnerable-dependencies': n((f) => f.source === 'npm-audit' || f.source === 'pip-audit'),
    'fixes-proposed': n((f) => f.fix !== undefined && !(f.fix.kept === false && (f.fix.reason === 'no-patch' || f.fix.reason === 'invalid-answer'))),
    'fixes-kept': n((f) => f.fix?.kept === true),
    comments: n((f) => f.changed && f.fix?.kept !== true),
  };
}

function summaryLine(counts: Record<string, number>): string {
  return `${counts.findings} finding(s): ${counts['on-changed-lines']} on changed lines, ${counts['on-unchanged-lines']} on unchanged lines (counted, not fixed); ${counts['fixes-kept']} of ${counts['fixes-proposed']} proposed fix(es) kept; ${counts.comments} comment(s).`;
}
