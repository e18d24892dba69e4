/**
 * The root helper ("launcher"), plain CommonJS run with `node -e`, so it ships inside the bundle
 * with no file beside dist/. It is started once per job (directly when the job is root, through
 * `sudo -n` otherwise) and takes JSON-line requests on stdin from the process that started it, which
 * alone holds that pipe; answers go to stdout as JSON lines `{id, ok, result | error}`.
 *
 * Requests: `setup` (create or look up the sandbox user, probe the namespaces), `drop-sudo`, `run`.
 * A run: hand cwd (except .git) and `writable` to the sandbox user, open traversal to them, then
 *   setpriv --pdeathsig=KILL unshare --pid --fork --kill-child --mount-proc [--net] sh -c <stage>
 * where the stage shell (root, PID 1 of the new namespace) brings loopback up, gives the code
 * private /tmp, /var/tmp and /dev/shm, bind-mounts .git read-only over itself (a mount point cannot
 * be renamed away either), and runs
 *   setpriv --reuid --regid --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs argv
 * as its child. The shell stays root so unshare's kill-child signal still reaches it (dropping the
 * uid would clear it); when the shell exits the kernel kills everything left in the namespace.
 * Afterwards ownership and modes go back to the job's user and the changed modes are restored.
 * When stdin closes (our process ended) every running namespace is killed and the launcher exits.
 *
 * Keep it free of backticks and dollar-brace: it lives in a template string.
 */
export const LAUNCHER_SOURCE = String.raw`
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
function which(name) {
  for (const dir of SYSTEM_PATH.split(':')) {
    const file = path.join(dir, name);
    try { fs.accessSync(file, fs.constants.X_OK); return file; } catch {}
  }
  return null;
}
const TOOLS = {};
for (const name of ['unshare', 'setpriv', 'useradd', 'getent', 'chown', 'chmod', 'find', 'mount', 'mkdir', 'ip', 'sh', 'nologin', 'visudo', 'prlimit']) TOOLS[name] = which(name);

function tool(name) {
  if (!TOOLS[name]) throw new Error(name + ' is not installed (looked in ' + SYSTEM_PATH + ')');
  return TOOLS[name];
}
function sync(argv, allowFail) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { PATH: SYSTEM_PATH, LC_ALL: 'C' } });
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFail) throw new Error(path.basename(argv[0]) + ' failed (' + r.status + '): ' + String(r.stderr || r.stdout).trim());
  return r;
}
function check(condition, what) { if (!condition) throw new Error('bad request: ' + what); }
function isStringArray(value) { return Array.isArray(value) && value.every((v) => typeof v === 'string'); }
function isId(value) { return Number.isInteger(value) && value > 0 && value < 4294967295; }

function lookUpUser(name) {
  const r = sync([tool('getent'), 'passwd', name], true);
  if (r.status !== 0) return null;
  const fields = r.stdout.trim().split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
function ensureUser(name) {
  check(/^[a-z_][a-z0-9_-]{0,30}$/.test(name), 'user name');
  let user = lookUpUser(name);
  let created = false;
  if (!user) {
    const shell = TOOLS.nologin || '/bin/false';
    // Two jobs of one machine may create the user at once: useradd then fails on the passwd lock; try again.
    let r;
    for (let tries = 0; !user && tries < 10; tries++) {
      if (tries > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 * tries);
      r = sync([tool('useradd'), '--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', shell, '--user-group', name], true);
      user = lookUpUser(name);
      created = created || r.status === 0;
    }
    if (!user) throw new Error('could not create user ' + name + ': ' + String(r && r.stderr).trim());
  }
  if (user.uid === 0 || user.gid === 0) throw new Error('user ' + name + ' has uid or gid 0');
  return { uid: user.uid, gid: user.gid, created };
}

/** Processes per sandbox uid (a fork bomb stops there) and no core files in the tree. */
const MAX_PROCESSES = 4096;
function dropPrivileges(uid, gid) {
  const limits = TOOLS.prlimit ? [TOOLS.prlimit, '--nproc=' + MAX_PROCESSES, '--core=0', '--'] : [];
  return [...limits, tool('setpriv'), '--reuid=' + uid, '--regid=' + gid, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
}
// Arguments: ip (empty: keep the host network), mount, mkdir, the .git to make read-only (empty:
// none), 'keep' when the caller's environment has PWD (sh exports one of its own otherwise), the
// directory to start in, then groups '--root <dir> <mode> <stage> <kept dirs...>', '--', argv.
// Each root is covered by a fresh tmpfs holding only its kept directories, bound back at their own
// paths: private /tmp, /var/tmp and /dev/shm (what the code writes there vanishes with the run, and
// it sees nothing the job left there), and every ancestor of a kept directory that others cannot
// traverse (the job's home on a hosted runner), so reaching the workspace opens nothing beside it.
// The tmpfs is filled at a staging directory and then moved over the root.
const STAGE = [
  'ip="$1"; mnt="$2"; mkd="$3"; gitdir="$4"; pwd="$5"; workdir="$6"; shift 6',
  'fail() { echo "eternia-sandbox: $1" >&2; exit 125; }',
  'if [ -n "$ip" ]; then "$ip" link set lo up || fail "could not bring up loopback"; fi',
  'while [ "$1" = "--root" ]; do',
  '  root="$2"; mode="$3"; stage="$4"; shift 4',
  '  "$mnt" -t tmpfs -o "mode=$mode,nosuid,nodev" tmpfs "$stage" || fail "could not mount a tmpfs for $root"',
  '  while [ "$1" != "--root" ] && [ "$1" != "--" ]; do',
  // Dollar-brace is spelled in two pieces: this source lives in a template string.
  '    rel="$stage/$' + '{1#"$root/"}"',
  '    "$mkd" -p "$rel" && "$mnt" --bind "$1" "$rel" || fail "could not keep $1"',
  '    shift',
  '  done',
  '  "$mnt" --move "$stage" "$root" || fail "could not cover $root"',
  'done',
  'shift',
  'if [ -n "$gitdir" ]; then "$mnt" --bind "$gitdir" "$gitdir" && "$mnt" -o remount,bind,ro "$gitdir" || fail "could not make .git read-only"; fi',
  // Start from the path as the new mounts show it, not from the directory we were spawned in.
  'cd "$workdir" || fail "could not enter $workdir"',
  'if [ "$pwd" != keep ]; then unset PWD; fi',
  'unset OLDPWD',
  '"$@"',
].join('\n');

const inside = (dir, parent) => dir === parent || dir.startsWith(parent + '/');

/** Kept directories without those inside another one (they come along with it). */
function outermost(dirs) {
  const sorted = [...new Set(dirs)].sort();
  return sorted.filter((d, i) => !sorted.slice(0, i).some((p) => inside(d, p)));
}

/**
 * What to cover: /tmp, /var/tmp, /dev/shm, and for each kept directory the outermost ancestor
 * others cannot traverse. Roots inside another root or inside a kept directory are left alone;
 * /tmp comes last because the staging directories live there.
 */
function coverRoots(kept) {
  const candidates = [];
  for (const dir of ['/var/tmp', '/dev/shm', '/tmp']) {
    try { if (fs.statSync(dir).isDirectory()) candidates.push({ root: dir, mode: '1777' }); } catch {}
  }
  for (const dir of kept) {
    const closed = ancestors(dir).reverse().find((a) => (fs.statSync(a).mode & 0o001) === 0);
    if (closed === '/') throw new Error('/ cannot be traversed by other users');
    if (closed) candidates.push({ root: closed, mode: '755' });
  }
  const roots = candidates.filter((c, i) =>
    !candidates.some((o, j) => j !== i && inside(c.root, o.root) && (c.root !== o.root || j < i)) && !kept.some((k) => inside(c.root, k)));
  roots.sort((a, b) => (a.root === '/tmp' ? 1 : 0) - (b.root === '/tmp' ? 1 : 0));
  return roots.map((r) => ({ ...r, kept: kept.filter((k) => k.startsWith(r.root + '/')) }));
}

/** o.roots: [{ root, mode, stage, kept }] */
function namespaceArgv(o) {
  const unshare = [tool('unshare'), '--pid', '--fork', '--kill-child', '--mount-proc'];
  if (!o.network) unshare.push('--net');
  const stageArgs = [o.network ? '' : tool('ip'), tool('mount'), tool('mkdir'), o.gitdir || '', o.keepPwd ? 'keep' : '', o.workdir];
  for (const r of o.roots) stageArgs.push('--root', r.root, r.mode, r.stage, ...r.kept);
  stageArgs.push('--');
  return [tool('setpriv'), '--pdeathsig=SIGKILL', '--', ...unshare, '--', tool('sh'), '-c', STAGE, 'eternia-sandbox', ...stageArgs, ...o.inner];
}

/** A staging directory for each root, removed by the undo steps. */
function withStages(roots, undo) {
  return roots.map((r) => {
    const stage = fs.mkdtempSync('/tmp/eternia-sandbox-stage-');
    undo.push(() => fs.rmSync(stage, { recursive: true, force: true }));
    return { ...r, stage };
  });
}

function setup(req) {
  check(typeof req.user === 'string', 'user');
  check(typeof req.network === 'boolean', 'network');
  for (const name of ['unshare', 'setpriv', 'mount', 'mkdir', 'sh', 'chown', 'chmod', 'find']) tool(name);
  if (!req.network) tool('ip');
  const user = ensureUser(req.user);
  const undo = [];
  let probe;
  try {
    const roots = withStages(coverRoots([]), undo);
    probe = sync(namespaceArgv({ network: req.network, roots, workdir: '/', inner: [...dropPrivileges(user.uid, user.gid), 'true'] }), true);
  } finally {
    for (const step of undo) step();
  }
  if (probe.status !== 0) throw new Error('the namespaces cannot be created here: ' + String(probe.stderr || probe.stdout).trim());
  const setprivVersion = sync([tool('setpriv'), '--version'], true).stdout.trim();
  return { uid: user.uid, gid: user.gid, created: user.created, setpriv: setprivVersion };
}

function dropSudo(req) {
  check(typeof req.user === 'string' && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(req.user), 'user');
  // sudo skips files in sudoers.d whose name has a dot; the last matching rule wins, and zz- is read last.
  const file = '/etc/sudoers.d/zz-eternia-sandbox-drop-' + req.user.replace(/[^A-Za-z0-9_-]/g, '_');
  fs.writeFileSync(file, req.user + ' ALL=(ALL:ALL) !ALL\n', { mode: 0o440 });
  fs.chmodSync(file, 0o440);
  if (TOOLS.visudo) {
    const r = sync([TOOLS.visudo, '-c', '-f', file], true);
    if (r.status !== 0) { fs.rmSync(file, { force: true }); throw new Error('visudo refused the drop rule: ' + String(r.stderr || r.stdout).trim()); }
  }
  return { file };
}

function ancestors(dir) {
  const list = [];
  for (let d = path.dirname(dir); ; d = path.dirname(d)) { list.push(d); if (d === path.dirname(d)) break; }
  return list;
}
function findExecutable(name, envPath, cwd) {
  const isExec = (file) => { try { const s = fs.statSync(file); return s.isFile() && (s.mode & 0o111) !== 0; } catch { return false; } };
  if (name.includes('/')) return isExec(path.resolve(cwd, name));
  return String(envPath || '').split(':').filter(Boolean).some((dir) => isExec(path.join(dir, name)));
}

function processStat(pid) {
  try {
    const text = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch { return null; }
}
function allPids() { return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number); }
function namespaceInit(unsharePid) {
  for (const pid of allPids()) { const s = processStat(pid); if (s && s.ppid === unsharePid) return pid; }
  return null;
}
function signalNamespace(unsharePid, signal) {
  const init = namespaceInit(unsharePid);
  if (init === null) { try { process.kill(unsharePid, 'SIGKILL'); } catch {} return; }
  if (signal === 'SIGKILL') { try { process.kill(init, 'SIGKILL'); } catch {} return; }
  let ns;
  try { ns = fs.readlinkSync('/proc/' + init + '/ns/pid'); } catch { return; }
  for (const pid of allPids()) {
    if (pid === init) continue;
    try { if (fs.readlinkSync('/proc/' + pid + '/ns/pid') === ns) process.kill(pid, signal); } catch {}
  }
}

const running = new Set();
function runOne(req) {
  check(isStringArray(req.argv) && req.argv.length > 0 && req.argv[0] !== '', 'argv');
  check(typeof req.cwd === 'string' && path.isAbsolute(req.cwd), 'cwd');
  check(req.env && typeof req.env === 'object' && Object.values(req.env).every((v) => typeof v === 'string'), 'env');
  check(typeof req.timeoutMs === 'number' && req.timeoutMs > 0, 'timeoutMs');
  check(isStringArray(req.writable) && req.writable.every((w) => path.isAbsolute(w)), 'writable');
  check(typeof req.network === 'boolean' && isId(req.uid) && isId(req.gid), 'identity');
  const killGraceMs = typeof req.killGraceMs === 'number' ? req.killGraceMs : 2000;
  const maxChars = typeof req.maxOutputChars === 'number' ? req.maxOutputChars : 4000000;
  const started = Date.now();
  const undo = [];
  const cleanUp = () => { for (const step of undo.reverse()) { try { step(); } catch (e) { process.stderr.write('eternia-launcher: ' + e.message + '\n'); } } };
  try {
    const cwd = fs.realpathSync(req.cwd);
    check(fs.lstatSync(cwd).isDirectory(), 'cwd is a directory');
    const writable = req.writable.map((w) => fs.realpathSync(w));
    for (const w of writable) {
      check(fs.lstatSync(w).isDirectory(), 'writable ' + w + ' is a directory');
      // Handing over a directory that holds cwd would hand over .git as well.
      check(w !== cwd && !cwd.startsWith(w + '/'), 'writable ' + w + ' must not contain cwd');
    }
        const sandboxOwner = req.uid + ':' + req.gid;

    const home = fs.mkdtempSync('/tmp/eternia-sandbox-home-');
    undo.push(() => fs.rmSync(home, { recursive: true, force: true }));
    fs.mkdirSync(path.join(home, 'tmp'));
    sync([tool('chown'), '-R', sandboxOwner, home]);
    fs.chmodSync(home, 0o700);

    // Traversal: the closed ancestors of each granted directory are covered in the namespace, host modes stay.
    const roots = withStages(coverRoots(outermost([cwd, ...writable, home])), undo);

    // Hand over the tree; .git stays the job's (and is read-only in the namespace as well). Only
    // what belongs to the tree's owner goes over and only what the sandbox user owns comes back, and
    // files with several links never go over: a hard link planted to a file elsewhere (possible
    // where fs.protected_hardlinks is off) must not make that file the sandbox's, or the job's.
    const handOver = (dir, except) => {
      const info = fs.lstatSync(dir);
      const entries = () => fs.readdirSync(dir).filter((n) => n !== except).map((n) => path.join(dir, n));
      undo.push(() => {
        const now = entries();
        if (now.length > 0) {
          // The code may have left files or directories at mode 000: the job must be able to reset and clean.
          sync([tool('find'), '-P', ...now, '-uid', String(req.uid), '!', '-type', 'l', '-exec', tool('chmod'), 'u+rwX,ug-s', '{}', '+']);
          sync([tool('find'), '-P', ...now, '-uid', String(req.uid), '-exec', tool('chown'), '-h', info.uid + ':' + info.gid, '{}', '+']);
        }
        sync([tool('chown'), '-h', info.uid + ':' + info.gid, '--', dir]);
        fs.chmodSync(dir, info.mode & 0o1777);
      });
      sync([tool('chown'), '-h', sandboxOwner, '--', dir]);
      const now = entries();
      if (now.length > 0) {
        sync([tool('find'), '-P', ...now, '(', '-type', 'd', '-o', '-links', '1', ')', '-uid', String(info.uid), '-exec', tool('chown'), '-h', sandboxOwner, '{}', '+']);
      }
    };
    handOver(cwd, '.git');
    for (const w of writable) handOver(w, null);

    const env = { ...req.env, HOME: home, TMPDIR: path.join(home, 'tmp') };
    if ('TMP' in env) env.TMP = env.TMPDIR;
    if ('TEMP' in env) env.TEMP = env.TMPDIR;
    if (!findExecutable(req.argv[0], env.PATH, cwd)) {
      cleanUp();
      const error = { code: 'ENOENT', message: 'spawn ' + req.argv[0] + ' ENOENT' };
      return Promise.resolve({ exitCode: null, signal: null, timedOut: false, spawnError: error, output: '', droppedChars: 0, durationMs: Date.now() - started });
    }
    const gitdir = fs.existsSync(path.join(cwd, '.git')) ? path.join(cwd, '.git') : '';
    const argv = namespaceArgv({ network: req.network, gitdir, keepPwd: 'PWD' in req.env, workdir: cwd, roots, inner: [...dropPrivileges(req.uid, req.gid), ...req.argv] });
    return new Promise((resolve) => {
      const chunks = [];
      let kept = 0;
      let dropped = 0;
      const collect = (data) => {
        const piece = data.toString('utf8');
        chunks.push(piece);
        kept += piece.length;
        while (kept > maxChars && chunks.length > 1) { const first = chunks.shift(); kept -= first.length; dropped += first.length; }
      };
      const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const entry = { kill: () => signalNamespace(child.pid, 'SIGKILL') };
      running.add(entry);
      let timedOut = false;
      let exit;
      let settled = false;
      const timers = [];
      const finish = () => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        running.delete(entry);
        cleanUp();
        let output = chunks.join('');
        if (output.length > maxChars) { dropped += output.length - maxChars; output = output.slice(-maxChars); }
        resolve({ exitCode: exit ? exit.code : null, signal: exit ? exit.signal : null, timedOut, output, droppedChars: dropped, durationMs: Date.now() - started });
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      timers.push(setTimeout(() => {
        if (exit) return;
        timedOut = true;
        signalNamespace(child.pid, 'SIGTERM');
        timers.push(setTimeout(() => signalNamespace(child.pid, 'SIGKILL'), killGraceMs));
      }, req.timeoutMs));
      child.on('error', (error) => { process.stderr.write('eternia-launcher: ' + error.message + '\n'); });
      child.on('exit', (code, signal) => { exit = { code, signal }; timers.push(setTimeout(finish, 1000)); });
      child.on('close', finish);
    });
  } catch (error) {
    cleanUp();
    throw error;
  }
}

// One run at a time: each hands the tree over and back, and a second run must not see a half-returned one.
let queue = Promise.resolve();
function handle(line) {
  let req;
  try { req = JSON.parse(line); } catch { return; }
  const id = req && req.id;
  const reply = (promise) => promise.then(
    (result) => process.stdout.write(JSON.stringify({ id, ok: true, result }) + '\n'),
    (error) => process.stdout.write(JSON.stringify({ id, ok: false, error: String(error && error.message || error) }) + '\n'),
  );
  const job = () => {
    if (req.op === 'setup') return Promise.resolve().then(() => setup(req));
    if (req.op === 'drop-sudo') return Promise.resolve().then(() => dropSudo(req));
    if (req.op === 'run') return Promise.resolve().then(() => runOne(req));
    return Promise.reject(new Error('unknown op ' + req.op));
  };
  const done = queue.then(job);
  queue = done.catch(() => {});
  reply(done);
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', handle);
lines.on('close', () => {
  for (const entry of running) entry.kill();
  queue.finally(() => process.exit(0));
});
process.stdout.write(JSON.stringify({ id: 0, ok: true, result: { ready: true, uid: process.getuid() } }) + '\n');
`;
