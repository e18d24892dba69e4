/**
 * The root helper ("launcher"), plain CommonJS run with `node -e`, so it ships inside the ncc bundle
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
for (const name of ['unshare', 'setpriv', 'useradd', 'getent', 'chown', 'chmod', 'mount', 'mkdir', 'ip', 'sh', 'nologin', 'visudo']) TOOLS[name] = which(name);

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
    const r = sync([tool('useradd'), '--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', shell, '--user-group', name], true);
    user = lookUpUser(name);
    if (!user) throw new Error('could not create user ' + name + ': ' + String(r.stderr).trim());
    created = r.status === 0;
  }
  if (user.uid === 0 || user.gid === 0) throw new Error('user ' + name + ' has uid or gid 0');
  return { uid: user.uid, gid: user.gid, created };
}

function dropPrivileges(uid, gid) {
  return [tool('setpriv'), '--reuid=' + uid, '--regid=' + gid, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
}
// Arguments: ip (empty: keep the host network), mount, mkdir, the .git to make read-only (empty:
// none), 'keep' when the caller's environment has PWD (sh exports one of its own otherwise), a
// staging directory under /tmp (empty: keep the host's /tmp), the directories under /tmp the code
// keeps, '--', then argv. The code gets private, empty /tmp, /var/tmp and /dev/shm: what it writes
// there vanishes with the run, and it sees nothing the job left there. Directories it must keep are
// bound into a fresh tmpfs at their own paths before that tmpfs is moved over /tmp.
const STAGE = [
  'ip="$1"; mnt="$2"; mkd="$3"; gitdir="$4"; pwd="$5"; stage="$6"; shift 6',
  'fail() { echo "eternia-sandbox: $1" >&2; exit 125; }',
  'if [ -n "$ip" ]; then "$ip" link set lo up || fail "could not bring up loopback"; fi',
  'if [ -n "$stage" ]; then',
  '  "$mnt" -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$stage" || fail "could not mount a private /tmp"',
  '  while [ "$1" != "--" ]; do',
  // Dollar-brace is spelled in two pieces: this source lives in a template string.
  '    rel="$stage/$' + '{1#/tmp/}"',
  '    "$mkd" -p "$rel" && "$mnt" --bind "$1" "$rel" || fail "could not keep $1"',
  '    shift',
  '  done',
  '  "$mnt" --move "$stage" /tmp || fail "could not move the private /tmp in place"',
  'fi',
  'while [ "$1" != "--" ]; do shift; done; shift',
  'for d in /var/tmp /dev/shm; do if [ -d "$d" ]; then "$mnt" -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$d" || fail "could not hide $d"; fi; done',
  'if [ -n "$gitdir" ]; then "$mnt" --bind "$gitdir" "$gitdir" && "$mnt" -o remount,bind,ro "$gitdir" || fail "could not make .git read-only"; fi',
  'if [ "$pwd" != keep ]; then unset PWD; fi',
  'unset OLDPWD',
  '"$@"',
].join('\n');

/** Directories under /tmp to keep, without those inside another one (they come along with it). */
function keptUnderTmp(dirs) {
  const under = dirs.filter((d) => d.startsWith('/tmp/')).sort();
  return under.filter((d, i) => !under.slice(0, i).some((p) => d === p || d.startsWith(p + '/')));
}

function namespaceArgv(o) {
  const unshare = [tool('unshare'), '--pid', '--fork', '--kill-child', '--mount-proc'];
  if (!o.network) unshare.push('--net');
  const stageArgs = [o.network ? '' : tool('ip'), tool('mount'), tool('mkdir'), o.gitdir || '', o.keepPwd ? 'keep' : '', o.stage || '', ...(o.stage ? keptUnderTmp(o.keep) : []), '--'];
  return [tool('setpriv'), '--pdeathsig=SIGKILL', '--', ...unshare, '--', tool('sh'), '-c', STAGE, 'eternia-sandbox', ...stageArgs, ...o.inner];
}

function setup(req) {
  check(typeof req.user === 'string', 'user');
  check(typeof req.network === 'boolean', 'network');
  for (const name of ['unshare', 'setpriv', 'mount', 'mkdir', 'sh', 'chown', 'chmod']) tool(name);
  if (!req.network) tool('ip');
  const user = ensureUser(req.user);
  const stage = fs.mkdtempSync('/tmp/eternia-sandbox-stage-');
  let probe;
  try {
    probe = sync(namespaceArgv({ network: req.network, stage, keep: [], inner: [...dropPrivileges(user.uid, user.gid), 'true'] }), true);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
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
function findExecutable(name, envPath) {
  const isExec = (file) => { try { const s = fs.statSync(file); return s.isFile() && (s.mode & 0o111) !== 0; } catch { return false; } };
  if (name.includes('/')) return isExec(name);
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
    const owner = (dir) => { const s = fs.lstatSync(dir); return s.uid + ':' + s.gid; };
    const sandboxOwner = req.uid + ':' + req.gid;

    const home = fs.mkdtempSync('/tmp/eternia-sandbox-home-');
    undo.push(() => fs.rmSync(home, { recursive: true, force: true }));
    fs.mkdirSync(path.join(home, 'tmp'));
    sync([tool('chown'), '-R', sandboxOwner, home]);
    fs.chmodSync(home, 0o700);

    // Traversal to each granted directory: add o+x where missing, put the modes back afterwards.
    for (const dir of [cwd, ...writable, home]) {
      for (const a of ancestors(dir)) {
        const mode = fs.statSync(a).mode & 0o7777;
        if ((mode & 0o001) === 0) { fs.chmodSync(a, mode | 0o001); undo.push(() => fs.chmodSync(a, mode)); }
      }
    }

    // Hand over the tree; .git stays the job's (and is read-only in the namespace as well).
    const handOver = (dir, except) => {
      const target = owner(dir);
      const entries = fs.readdirSync(dir).filter((n) => n !== except).map((n) => path.join(dir, n));
      undo.push(() => {
        const now = fs.readdirSync(dir).filter((n) => n !== except).map((n) => path.join(dir, n));
        if (now.length > 0) {
          sync([tool('chown'), '-R', '-P', '-h', target, '--', ...now]);
          // The code may have left files or directories at mode 000: the job must be able to reset and clean.
          sync([tool('chmod'), '-R', 'u+rwX,ug-s', '--', ...now]);
        }
        sync([tool('chown'), '-h', target, '--', dir]);
        sync([tool('chmod'), 'u+rwx,ug-s', '--', dir]);
      });
      sync([tool('chown'), '-h', sandboxOwner, '--', dir]);
      if (entries.length > 0) sync([tool('chown'), '-R', '-P', '-h', sandboxOwner, '--', ...entries]);
    };
    handOver(cwd, '.git');
    for (const w of writable) handOver(w, null);

    const env = { ...req.env, HOME: home, TMPDIR: path.join(home, 'tmp') };
    if ('TMP' in env) env.TMP = env.TMPDIR;
    if ('TEMP' in env) env.TEMP = env.TMPDIR;
    if (!findExecutable(req.argv[0], env.PATH)) {
      cleanUp();
      const error = { code: 'ENOENT', message: 'spawn ' + req.argv[0] + ' ENOENT' };
      return Promise.resolve({ exitCode: null, signal: null, timedOut: false, spawnError: error, output: '', droppedChars: 0, durationMs: Date.now() - started });
    }
    const gitdir = fs.existsSync(path.join(cwd, '.git')) ? path.join(cwd, '.git') : '';
    const stage = fs.mkdtempSync('/tmp/eternia-sandbox-stage-');
    undo.push(() => fs.rmSync(stage, { recursive: true, force: true }));
    const argv = namespaceArgv({ network: req.network, gitdir, keepPwd: 'PWD' in req.env, stage, keep: [cwd, ...writable, home], inner: [...dropPrivileges(req.uid, req.gid), ...req.argv] });
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

// One run at a time: runs change modes of shared ancestors and restore them afterwards.
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
