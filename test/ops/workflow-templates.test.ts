/**
 * The check workflow templates: the required checks are the job names, every tool version comes from
 * tools/versions.json (no version written into a template), and each version the templates read is in the file.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const versions = JSON.parse(readFileSync(`${root}tools/versions.json`, 'utf8')) as Record<string, string>;
const read = (name: string) => readFileSync(`${root}workflows-templates/${name}`, 'utf8');
const CHECK_TEMPLATES = [
  'preview_comment.yml',
  'ui_smoke.yml',
  'api_perf.yml',
  'sbom.yml',
  'openapi_diff.yml',
  'red-mode.yml',
  'observe.yml',
  'required-checks.yml',
];

describe('check workflow templates', () => {
  test('each required check is the job name of a template (the check run GitHub reports)', () => {
    const jobs = new Set(CHECK_TEMPLATES.flatMap((name) => Object.keys((parse(read(name)) as { jobs: object }).jobs)));
    for (const check of ['ui_smoke', 'openapi_diff', 'sbom', 'api_perf']) expect(jobs).toContain(check);
  });

  test('every version a template reads is in tools/versions.json, and every entry there is read', () => {
    const read_ = new Set<string>();
    for (const name of readdirSync(`${root}workflows-templates`)) {
      for (const m of read(name).matchAll(/jq -er '\.(?:"([^"]+)"|([a-z0-9-]+))' tools\/versions\.json/g)) read_.add(m[1] ?? m[2]!);
    }
    for (const key of read_) expect(Object.keys(versions)).toContain(key);
    expect([...read_].sort()).toEqual(
      Object.keys(versions)
        .filter((k) => !k.startsWith('_'))
        .sort(),
    );
    for (const [key, value] of Object.entries(versions)) if (!key.startsWith('_')) expect(value).toMatch(/^\d+(\.\d+){0,2}$/);
  });

  test('no template writes a tool version itself: package@version and image:tag come from the versions step', () => {
    for (const name of CHECK_TEMPLATES) {
      const runs = (Object.values((parse(read(name)) as { jobs: Record<string, { steps?: { run?: string }[] }> }).jobs) ?? [])
        .flatMap((job) => job.steps ?? [])
        .map((step) => step.run ?? '')
        .join('\n');
      expect({ name, pinned: runs.match(/@\d+\.\d+|==\d+\.\d+|:\d+\.\d+\.\d+/g) }).toEqual({ name, pinned: null });
    }
  });

  test('untrusted event text reaches run: steps through env only', () => {
    for (const name of CHECK_TEMPLATES) {
      const steps = Object.values((parse(read(name)) as { jobs: Record<string, { steps?: { run?: string }[] }> }).jobs).flatMap((j) => j.steps ?? []);
      for (const step of steps) expect({ name, run: step.run ?? '' }).not.toEqual({ name, run: expect.stringContaining('${{ github.event') });
    }
  });
});
