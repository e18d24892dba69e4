/** Temporary directories for the atlas tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempTree {
  dir: string;
  write(rel: string, content: string | Uint8Array): void;
  cleanup(): void;
}

export function tempTree(files: Record<string, string | Uint8Array> = {}): TempTree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-atlas-test-'));
  const write = (rel: string, content: string | Uint8Array): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  return { dir, write, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
