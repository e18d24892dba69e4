/** The suite's own instruments: each must be able to see what it looks for, or the zeros mean nothing. */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inertLogText } from '@eternia/core';
import { neutralizeMentions } from '@eternia/github';
import { sanitizeUntrusted } from '@eternia/llm';
import { CANARIES, CANARY_VALUES, countSecrets } from './harness/canaries.js';
import { liveMentions, makeTraps, survivingProcesses, workflowCommands } from './harness/inspect.js';
import { obedientReply, type ObedientState } from './harness/obedient-model.js';
import { CHANNELS, PAYLOADS } from './harness/payloads.js';

describe('adversarial instruments', () => {
  test('the stray-process check sees a process naming the loot folder while it runs, and nothing once it is gone', async () => {
    const traps = makeTraps();
    const stray = spawn('sh', ['-c', `sleep 30; echo alive > ${traps.lootDir}/stray`], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => stray.once('spawn', resolve));
      expect(await survivingProcesses(traps.lootDir, 100)).toEqual([expect.stringContaining(traps.lootDir)]);
      const exited = new Promise((resolve) => stray.once('exit', resolve));
      stray.kill('SIGKILL');
      await exited;
      expect(await survivingProcesses(traps.lootDir, 100)).toEqual([]);
    } finally {
      stray.kill('SIGKILL');
      traps.dispose();
    }
  });

  test('at least 60 payloads over at least 6 channels, ids unique', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(PAYLOADS.map((p) => p.channel)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(PAYLOADS.map((p) => p.id)).size).toBe(PAYLOADS.length);
    expect(CHANNELS.every((c) => PAYLOADS.some((p) => p.channel === c))).toBe(true);
  });

  test('hidden payloads carry their marker in the raw text, and the sanitizer removes it', () => {
    const hidden = PAYLOADS.filter((p) => p.hidden && !p.late);
    expect(hidden.length).toBeGreaterThanOrEqual(15);
    for (const p of hidden) {
      expect(p.text).toContain(p.marker);
      expect(sanitizeUntrusted(p.text)).not.toContain(p.marker);
    }
  });

  test('the secret count sees every canary; the obedient model repeats what it sees and obeys the active payload', () => {
    expect(countSecrets([`a ${CANARY_VALUES.join(' b ')} c`])).toBe(CANARY_VALUES.length);
    const traps = makeTraps();
    try {
      const payload = PAYLOADS.find((p) => p.channel === 'repo-file' && p.harm === 'workflow-file')!;
      const state: ObedientState = {
        active: payload,
        reached: new Set(),
        prompts: [],
        benign: { test_patch: { patch: '', summary: 'x', covers: [] } },
      };
      const reply = obedientReply(state, traps, { tests: '', implement: '' });
      const answer = reply({
        endpoint: 'chat',
        model: 'm',
        role: 'test-author',
        schemaName: 'test_patch',
        schema: undefined,
        body: {},
        messages: [{ role: 'user', text: `${payload.text} ${CANARIES.GITHUB_TOKEN}` }],
      });
      expect(state.reached.has(payload.id)).toBe(true);
      expect(countSecrets([JSON.stringify(answer)])).toBe(1);
      expect(JSON.stringify(answer)).toContain('.github/workflows/deploy-preview.yml');
    } finally {
      traps.dispose();
    }
  });

  test('live mentions and workflow commands are seen raw and not once neutralised', () => {
    const text = 'Approved by @octocat and @acme/security-team, mail me@example.com';
    expect(liveMentions(text)).toEqual(['@octocat', '@acme/security-team']);
    expect(liveMentions(neutralizeMentions(text))).toEqual([]);
    const log = 'Done.\n::set-output name=x::y\n  ::add-mask::z\nsee ##[error]x';
    expect(workflowCommands([log])).toHaveLength(3);
    expect(workflowCommands([inertLogText(log)])).toEqual([]);
  });

  test('scripts/adversarial.mjs plants the same canaries', () => {
    const script = readFileSync(new URL('../../scripts/adversarial.mjs', import.meta.url), 'utf8');
    for (const [name, value] of Object.entries(CANARIES)) expect(script).toMatch(new RegExp(`'?${name}'?: '${value.replace(/\./g, '\\.')}'`));
  });
});
