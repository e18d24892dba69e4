/**
 * Secrets in the changed files, found with secretlint's recommended preset (`@secretlint/core` and
 * `@secretlint/secretlint-rule-preset-recommend`). A secret's value is kept only in memory, in a SecretVault:
 * every text this role writes (comments, summary, SARIF, prompts, logs, the proposal) goes through `mask`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { ScanFinding } from './finding.js';

export const SECRET_TOOL = 'secretlint';
export const MASK = '[secret masked]';
const MAX_FILE_BYTES = 1_000_000;

/** The secret values found, and the one way to write text that may contain them. */
export class SecretVault {
  readonly #values = new Set<string>();
  readonly #where = new Map<string, string>();

  /** Remembers a value (and the file and range it was found at). */
  add(value: string, at?: { path: string; range: readonly [number, number] }): void {
    // Very short matches would mask ordinary words; every preset rule matches far longer values.
    if (value.length < 8) return;
    this.#values.add(value);
    if (at) this.#where.set(`${at.path}:${at.range[0]}:${at.range[1]}`, value);
  }

  get size(): number {
    return this.#values.size;
  }

  /** The values, longest first: placeholder N is the Nth of this list. */
  ordered(): string[] {
    return [...this.#values].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  /** Files a secret was found in. */
  files(): string[] {
    return [...new Set([...this.#where.keys()].map((key) => key.replace(/:\d+:\d+$/, '')))];
  }

  /** The value a secret finding points at. */
  valueOf(finding: { path: string; secretRange?: readonly [number, number] }): string | undefined {
    if (!finding.secretRange) return undefined;
    return this.#where.get(`${finding.path}:${finding.secretRange[0]}:${finding.secretRange[1]}`);
  }

  /** Every known value replaced (longest first, so a value inside another is not left half-masked). */
  mask(text: string, replacement: string | ((index: number) => string) = MASK): string {
    let out = text;
    this.ordered().forEach((value, index) => {
      out = out.split(value).join(typeof replacement === 'string' ? replacement : replacement(index + 1));
    });
    return out;
  }

  /** Whether the text holds a known value. */
  leaks(text: string): boolean {
    for (const value of this.#values) if (text.includes(value)) return true;
    return false;
  }
}

/** Scans the files (relative to the workspace); adds every value found to the vault. */
export async function scanSecrets(workspace: string, files: readonly string[], vault: SecretVault): Promise<ScanFinding[]> {
  const findings: ScanFinding[] = [];
  for (const file of files) {
    const content = readText(path.join(workspace, file));
    if (content === null) continue;
    findings.push(...(await secretsIn(file, content, vault)));
  }
  return findings;
}

/** The secrets in one text; their values go into the vault, never into the findings. */
export async function secretsIn(file: string, content: string, vault: SecretVault): Promise<ScanFinding[]> {
  const result = await lintSource({
    source: { filePath: file, content, contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] },
      maskSecrets: true,
      noPhysicFilePath: true,
    },
  });
  const findings: ScanFinding[] = [];
  for (const message of result.messages) {
    const [start, end] = message.range;
    vault.add(content.slice(start, end), { path: file, range: [start, end] });
    findings.push({
      source: 'secret',
      tool: SECRET_TOOL,
      rule: message.ruleId,
      level: message.severity === 'warning' || message.severity === 'info' ? 'warning' : 'error',
      // Built from the message id only: secretlint's own message quotes (masked) data we do not need.
      message: `A secret (${message.messageId}) is committed in this file. Remove it, rotate it, and read it from the environment or a secret store.`,
      path: file,
      line: message.loc.start.line,
      ...(message.loc.end.line > message.loc.start.line ? { endLine: message.loc.end.line } : {}),
      ...(message.docsUrl ? { helpUri: message.docsUrl } : {}),
      secretRange: [start, end],
    });
  }
  return findings;
}

function readText(file: string): string | null {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    const buffer = readFileSync(file);
    if (buffer.includes(0)) return null;
    return buffer.toString('utf8');
  } catch {
    return null;
  }
}
export { readText };
