import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { openSandbox, runProcess, type Sandbox } from '../src/index.js';
import {
  BASE_ENV,
  eventually,
  FAKE_SECRETS,
  IS_ROOT,
  jobTree,
  NODE,
  processesWith,
  READ_ENVIRONS,
  ROOT_SKIP_REASON,
  viaHarness,
} from './sandbox-fixtures.js';

const rootTest = IS_ROOT ? test : test.skip;
const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

const cleanups: Array<() => Promise<void>> = [];
async function tree(): Promise<{ outer: string; ws: string }> {
  const made = await jobTree();
  cleanups.push(made.cleanup);
  return made;
}
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

let sandbox: Sandbox;
beforeAll(async () => {
  if (IS_ROOT) sandbox = await openSandbox({ network: false, allowUnsandboxed: false });
});
afterAll(async () => {
  await sandbox?.close();
});

describe(`sandbox attacks ${IS_ROOT ? '' : `(${ROOT_SKIP_REASON})`}`, () => {
  rootTest(
    '(a) /proc/<ppid>/environ and every /proc/*/environ: the secrets leak from a plain child, not from the sandbox',
    async () => {
      const { ws } = await tree();
      const request = { argv: [NODE, '-e', READ_ENVIRONS], cwd: ws, env: BASE_ENV, timeoutMs: 20_000 };
      const plain = await viaHarness({ ...request, mode: 'plain' });
      expect(plain.outcome.output).toMatch(/LEAKED=\["\d+"/);

      const boxed = await viaHarness({ ...request, mode: 'sandbox', network: false });
      expect(boxed.outcome.exitCode).toBe(0);
      expect(boxed.outcome.output).toMatch(/LEAKED=\[\] TRIED=\d+/);
      for (const value of Object.values(FAKE_SECRETS)) expect(boxed.outcome.output).not.toContain(value);
      expect(boxed.describe).toMatch(/^sandbox os-user: code ran as eternia-sandbox \(uid \d+/);
    },
    120_000,
  );

  rootTest('the environment is exactly the one given, with HOME and TMPDIR of the sandbox; processes and core files limited', async () => {
    const { ws } = await tree();
    const run = await sandbox.run(
      [
        NODE,
        '-e',
        "console.log(JSON.stringify({ env: process.env, uid: process.getuid(), groups: process.getgroups(), limits: require('fs').readFileSync('/proc/self/limits', 'utf8') }))",
      ],
      {
        cwd: ws,
        env: { ...BASE_ENV, ONLY_THIS: '1' },
        timeoutMs: 20_000,
      },
    );
    const seen = JSON.parse(run.output.trim()) as { env: Record<string, string>; uid: number; groups: number[]; limits: string };
    expect(seen.limits).toMatch(/Max processes\s+4096\s+4096/);
    expect(seen.limits).toMatch(/Max core file size\s+0\s+0/);
    expect(Object.keys(seen.env).sort()).toEqual(['HOME', 'ONLY_THIS', 'PATH', 'TMPDIR']);
    expect(seen.env['TMPDIR']).toBe(path.join(seen.env['HOME']!, 'tmp'));
    expect(seen.uid).not.toBe(0);
    expect(seen.groups.length).toBeLessThanOrEqual(1);
    // The home is gone after the run.
    expect(await exists(seen.env['HOME']!)).toBe(false);
  });

  rootTest('(b) hooks and config cannot be planted in .git, nor .git swapped for another', async () => {
    const attack = [
      'echo "#!/bin/sh" > .git/hooks/post-commit; chmod +x .git/hooks/post-commit',
      'printf "[core]\\n\\thooksPath = /tmp/evil\\n" >> .git/config',
      'mv .git .git-moved && mkdir -p .git/hooks && echo evil > .git/hooks/post-commit',
      'exit 0',
    ].join('; ');
    const plainTree = await tree();
    await runProcess(['bash', '-c', attack], { cwd: plainTree.ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(await exists(path.join(plainTree.ws, '.git/hooks/post-commit'))).toBe(true);

    const { ws } = await tree();
    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(run.output).toMatch(/Read-only file system|Permission denied/);
    expect(await exists(path.join(ws, '.git/hooks/post-commit'))).toBe(false);
    expect(await readFile(path.join(ws, '.git/config'), 'utf8')).toBe('[core]\n\tbare = false\n');
    expect(await exists(path.join(ws, '.git-moved'))).toBe(false);
    expect((await stat(path.join(ws, '.git'))).uid).toBe(0);
  });

  rootTest('(c) a setsid child that writes a marker later does not outlive the run', async () => {
    // The pause lets setsid() happen before the plain run's group kill.
    const attack = '(setsid sh -c "sleep 1; echo late > marker" >/dev/null 2>&1 &); sleep 0.3; exit 0';
    const plainTree = await tree();
    await runProcess(['bash', '-c', attack], { cwd: plainTree.ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(await eventually(() => exists(path.join(plainTree.ws, 'marker')), 5000)).toBe(true);

    const { ws } = await tree();
    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(run.exitCode).toBe(0);
    // The plain run's marker appeared within about a second; give the sandboxed one three.
    expect(await eventually(() => exists(path.join(ws, 'marker')), 3000)).toBe(false);
  });

  rootTest('(d) network off: the test process is unreachable, loopback inside works; network on: reachable', async () => {
    const connections: number[] = [];
    const server = net.createServer((socket) => {
      connections.push(1);
      socket.on('error', () => {});
      socket.end('hi');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const connect = (p: string): string =>
      `const s = require('net').connect(${p}, '127.0.0.1'); s.on('connect', () => { console.log('CONNECTED'); s.destroy(); }); s.on('error', (e) => console.log('FAILED ' + e.code));`;
    const ownServer = `const srv = require('net').createServer((c) => c.end()); srv.listen(0, '127.0.0.1', () => { ${connect('srv.address().port')} s.on('close', () => srv.close()); });`;
    const { ws } = await tree();
    const online = await openSandbox({ network: true, allowUnsandboxed: false });
    try {
      const off = await sandbox.run([NODE, '-e', connect(String(port))], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
      expect(off.output).toMatch(/FAILED (ECONNREFUSED|ENETUNREACH)/);
      const inside = await sandbox.run([NODE, '-e', ownServer], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
      expect(inside.output).toContain('CONNECTED');
      expect(connections).toHaveLength(0);

      const on = await online.run([NODE, '-e', connect(String(port))], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
      expect(on.output).toContain('CONNECTED');
      expect(connections).toHaveLength(1);
      expect(online.describe()).toContain('network on');
      expect(sandbox.describe()).toContain('network off');
    } finally {
      await online.close();
      server.close();
    }
  });

  rootTest('(e) writes outside cwd and writable fail; the files come back to the job, host modes untouched', async () => {
    const { outer, ws } = await tree();
    const jobFile = path.join(outer, 'github_env');
    await writeFile(jobFile, 'A=1\n');
    const reports = path.join(outer, 'reports');
    await mkdir(reports, { mode: 0o700 });
    const attack = [
      `echo EVIL=1 >> ${jobFile} && echo WROTE-JOB-FILE`,
      `echo x > ${path.join(outer, 'planted')} && echo WROTE-OUTER`,
      `echo x > /etc/eternia-sandbox-planted && echo WROTE-ETC`,
      `echo ok > ${path.join(reports, 'r.txt')} && echo WROTE-REPORT`,
      `echo ok > ${path.join(ws, 'in-cwd.txt')} && echo WROTE-CWD`,
      'exit 0',
    ].join('; ');
    const outerMode = (await stat(outer)).mode & 0o7777;
    expect(outerMode).toBe(0o700);

    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000, writable: [reports] });
    expect(run.output).not.toMatch(/WROTE-(JOB-FILE|OUTER|ETC)/);
    expect(run.output).toContain('WROTE-REPORT');
    expect(run.output).toContain('WROTE-CWD');
    expect(await readFile(jobFile, 'utf8')).toBe('A=1\n');
    expect(await exists(path.join(outer, 'planted'))).toBe(false);
    expect(await exists('/etc/eternia-sandbox-planted')).toBe(false);
    // Ownership back to the job; the closed parent was covered in the namespace, never opened on the host.
    expect((await stat(path.join(reports, 'r.txt'))).uid).toBe(0);
    expect((await stat(path.join(ws, 'in-cwd.txt'))).uid).toBe(0);
    expect((await stat(outer)).mode & 0o7777).toBe(outerMode);
    expect((await stat(reports)).mode & 0o7777).toBe(0o700);

    // The same writes from a plain child succeed (it is the job's user).
    const plain = await runProcess(['bash', '-c', `echo EVIL=1 >> ${jobFile} && echo WROTE-JOB-FILE`], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(plain.output).toContain('WROTE-JOB-FILE');
  });

  rootTest('(e) /tmp, /var/tmp and /dev/shm are private: what the job left there is unseen, what the code writes there vanishes', async () => {
    const { ws } = await tree();
    const tag = `eternia-sandbox-test-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
    const jobLeft = path.join('/tmp', `${tag}-job`);
    await writeFile(jobLeft, 'left by the job\n', { mode: 0o644 });
    cleanups.push(() => rm(jobLeft, { force: true }));
    const planted = ['/tmp', '/var/tmp', '/dev/shm'].map((dir) => path.join(dir, `${tag}-planted`));
    for (const file of planted) cleanups.push(() => rm(file, { force: true }));
    const attack = [`cat ${jobLeft} && echo READ-JOB-TMP`, ...planted.map((file) => `echo x > ${file} && echo WROTE-${file}`), 'exit 0'].join('; ');

    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(run.output).not.toContain('READ-JOB-TMP');
    // The writes succeed inside (each dir is a fresh tmpfs) but nothing reaches the host.
    for (const file of planted) {
      expect(run.output).toContain(`WROTE-${file}`);
      expect(await exists(file)).toBe(false);
    }

    const plain = await runProcess(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(plain.output).toContain('READ-JOB-TMP');
    for (const file of planted) expect(await exists(file)).toBe(true);
  });

  rootTest('(e) reaching a workspace under a closed directory (the job home) shows nothing beside it', async () => {
    // Outside /tmp, which is covered anyway: like /home/runner (0750) holding work/ and _temp/ with the runner's files.
    const outer = await mkdtemp(path.join(existsSync('/srv') ? '/srv' : '/', 'eternia-sandbox-test-'));
    cleanups.push(() => rm(outer, { recursive: true, force: true }));
    const ws = path.join(outer, 'work', 'ws');
    await mkdir(ws, { recursive: true });
    await mkdir(path.join(outer, '_temp'));
    await writeFile(path.join(outer, '_temp', 'set_env'), 'SECRET=FAKESECRET\n', { mode: 0o644 });
    await writeFile(path.join(outer, 'job-file'), 'FAKESECRET\n', { mode: 0o644 });
    expect((await stat(outer)).mode & 0o777).toBe(0o700);
    const attack = `ls -a ..; ls -a ../..; cat ../../_temp/set_env ../../job-file; cat ${path.join(outer, 'job-file')}; echo kept > mine.txt; exit 0`;

    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(run.output).not.toContain('FAKESECRET');
    // Each closed level shows only the way down to the workspace.
    expect(run.output.startsWith('.\n..\nws\n.\n..\nwork\n')).toBe(true);
    expect(run.output).toMatch(/No such file or directory/);
    expect(await readFile(path.join(ws, 'mine.txt'), 'utf8')).toBe('kept\n');
    // Host modes were never opened.
    expect((await stat(outer)).mode & 0o777).toBe(0o700);

    const plain = await runProcess(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(plain.output).toContain('FAKESECRET');
  });

  rootTest('(f) killed at the timeout with its whole tree, setsid and SIGTERM-ignoring processes included', async () => {
    const token = `98${Math.floor(Math.random() * 1e6)}.5`;
    const attack = `trap "" TERM; (setsid bash -c 'trap "" TERM; exec sleep ${token}' >/dev/null 2>&1 &); ${NODE} -e 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'`;
    const plainTree = await tree();
    const plain = await runProcess(['bash', '-c', attack], { cwd: plainTree.ws, env: BASE_ENV, timeoutMs: 800, killGraceMs: 200 });
    expect(plain.timedOut).toBe(true);
    const survivors = await processesWith(token);
    expect(survivors.length).toBeGreaterThan(0);
    for (const pid of survivors) process.kill(pid, 'SIGKILL');

    const { ws } = await tree();
    const run = await sandbox.run(['bash', '-c', attack], { cwd: ws, env: BASE_ENV, timeoutMs: 800, killGraceMs: 200 });
    expect(run.timedOut).toBe(true);
    expect(await processesWith(token)).toEqual([]);
  });

  rootTest('a command that does not exist is a spawn error, as without the sandbox', async () => {
    const { ws } = await tree();
    const run = await sandbox.run(['definitely-not-a-command-xyz'], { cwd: ws, env: BASE_ENV, timeoutMs: 20_000 });
    expect(run.exitCode).toBeNull();
    expect(run.spawnError?.message).toMatch(/ENOENT/);
  });
});
