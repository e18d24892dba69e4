import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A copy of this bundle the proxy user can read: the action's own folder may sit in a home directory
 * other users cannot enter. The entry (dist/model-proxy/index.js) imports shared chunks from dist/chunks/ by
 * relative path, so the copy keeps that layout: <dir>/model-proxy/index.js, <dir>/chunks/*.js and the
 * package.json that makes them ES modules. The copy is the runner's, readable by all and writable by none of them.
 */
export function stageBundle(bundlePath: string): { dir: string; entry: string } {
  const entryFolder = path.dirname(bundlePath);
  const distRoot = path.dirname(entryFolder);
  // /tmp rather than TMPDIR, which may point into the runner's home as well.
  const parent = existsSync('/tmp') ? '/tmp' : os.tmpdir();
  const dir = mkdtempSync(path.join(parent, 'eternia-model-proxy-'));
  const copyFolder = (from: string, name: string) => {
    if (!existsSync(from)) return;
    const to = path.join(dir, name);
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from)) {
      if (!file.endsWith('.js')) continue;
      copyFileSync(path.join(from, file), path.join(to, file));
      chmodSync(path.join(to, file), 0o644);
    }
    chmodSync(to, 0o755);
  };
  copyFolder(entryFolder, path.basename(entryFolder));
  copyFolder(path.join(distRoot, 'chunks'), 'chunks');
  const manifest = path.join(distRoot, 'package.json');
  if (existsSync(manifest)) {
    copyFileSync(manifest, path.join(dir, 'package.json'));
    chmodSync(path.join(dir, 'package.json'), 0o644);
  }
  chmodSync(dir, 0o755);
  return { dir, entry: path.join(dir, path.basename(entryFolder), path.basename(bundlePath)) };
}
