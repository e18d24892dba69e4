import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A copy of this bundle the proxy user can read: the action's own folder may sit in a home directory
 * other users cannot enter. The copy is the runner's, readable by all and writable by none of them.
 */
export function stageBundle(bundlePath: string): { dir: string; entry: string } {
  const from = path.dirname(bundlePath);
  // /tmp rather than TMPDIR, which may point into the runner's home as well.
  const parent = existsSync('/tmp') ? '/tmp' : os.tmpdir();
  const dir = mkdtempSync(path.join(parent, 'eternia-model-proxy-'));
  for (const file of readdirSync(from)) {
    if (!file.endsWith('.js')) continue;
    copyFileSync(path.join(from, file), path.join(dir, file));
    chmodSync(path.join(dir, file), 0o644);
  }
  chmodSync(dir, 0o755);
  return { dir, entry: path.join(dir, path.basename(bundlePath)) };
}
