/** Temporary workspaces for the tests: create files, read the tree back, clean up. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempWorkspace {
  dir: string;
  read(rel: string): string;
  tree(): Record<string, string>;
  cleanup(): void;
}

export function tempWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-patch-test-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return {
    dir,
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    tree: () => {
      const out: Record<string, string> = {};
      const walk = (d: string, prefix: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const rel = prefix ? `${prefix}/${e.name}` : e.name;
          if (e.isDirectory()) walk(path.join(d, e.name), rel);
          else if (e.isSymbolicLink()) out[rel] = `<symlink ${fs.readlinkSync(path.join(d, e.name))}>`;
          else out[rel] = fs.readFileSync(path.join(d, e.name), 'utf8');
        }
      };
      walk(dir, '');
      return out;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Lines 1..n of a distinctive file. */
export function numberedFile(n: number, prefix = 'line'): string {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
}
