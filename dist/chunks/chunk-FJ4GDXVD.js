import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{XMLParser,XMLValidator}from"./chunk-EBXXG3JU.js";import{ConfigurationError,redactSecrets,scrubEnv,secretValuesFromEnv,toGitHubApiError}from"./chunk-5JJJJML4.js";import{require_picomatch}from"./chunk-ZD6GNU5I.js";import{__toESM}from"./chunk-VUEJJUAN.js";import os2 from"node:os";import{spawn}from"node:child_process";import readline from"node:readline";var LAUNCHER_SOURCE=String.raw`
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
`;var LauncherClient=class{child;pending=new Map;nextId=1;exited;stderr="";ready;constructor(prefix){let argv=[...prefix,process.execPath,"-e",LAUNCHER_SOURCE];this.child=spawn(argv[0],argv.slice(1),{env:{PATH:"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",LC_ALL:"C"},stdio:["pipe","pipe","pipe"]});let markReady,failReady;this.ready=new Promise((resolve,reject)=>{markReady=resolve,failReady=reject}),this.pending.set(0,{resolve:()=>markReady(),reject:error=>failReady(error)}),this.child.stderr.on("data",data=>{this.stderr=(this.stderr+data.toString("utf8")).slice(-4e3)}),this.child.stdin.on("error",()=>{}),readline.createInterface({input:this.child.stdout}).on("line",line=>this.onLine(line));let gone=error=>{this.exited=error;for(let waiter of this.pending.values())waiter.reject(error);this.pending.clear()};this.child.on("error",gone),this.child.on("exit",(code,signal)=>gone(new Error(`the sandbox launcher exited (${signal??code})${this.stderr?`: ${this.stderr.trim()}`:""}`)))}onLine(line){let reply;try{reply=JSON.parse(line)}catch{return}let waiter=this.pending.get(reply.id);waiter&&(this.pending.delete(reply.id),reply.ok?waiter.resolve(reply.result):waiter.reject(new Error(reply.error??"the sandbox launcher failed")))}request(op,payload){if(this.exited)return Promise.reject(this.exited);let id=this.nextId++;return new Promise((resolve,reject)=>{this.pending.set(id,{resolve,reject}),this.child.stdin.write(`${JSON.stringify({...payload,id,op})}
`)})}async close(){if(this.exited)return;let exited=new Promise(resolve=>this.child.once("exit",()=>resolve()));this.child.stdin.end(),await exited}};import path from"node:path";var OsUserSandbox=class{constructor(launcher,identity,network,sudoNote){this.launcher=launcher;this.identity=identity;this.network=network;this.sudoNote=sudoNote}launcher;identity;network;sudoNote;strategy="os-user";describe(){let{user,uid,gid}=this.identity,net=this.network?"network on (host network namespace)":"network off (own network namespace, loopback only)";return`sandbox os-user: code ran as ${user} (uid ${uid}, gid ${gid}, no supplementary groups, no capabilities, no_new_privs) with a clean environment, in its own PID namespace with its own /proc (nothing outlives a run), ${net}, private /tmp, /var/tmp and /dev/shm, closed parents of the workspace covered, .git read-only; ${this.sudoNote}`}async run(argv,options){if(argv.length===0)throw new Error("sandbox run: empty argv");if(!path.isAbsolute(options.cwd))throw new Error(`sandbox run: cwd must be absolute, got ${options.cwd}`);let wire=await this.launcher.request("run",{argv:[...argv],cwd:options.cwd,env:options.env,timeoutMs:options.timeoutMs,killGraceMs:options.killGraceMs??2e3,maxOutputChars:options.maxOutputChars??4e6,writable:(options.writable??[]).map(dir=>path.resolve(dir)),network:this.network,uid:this.identity.uid,gid:this.identity.gid}),{spawnError,...rest}=wire;if(!spawnError)return rest;let error=Object.assign(new Error(spawnError.message),{code:spawnError.code});return{...rest,spawnError:error}}close(){return this.launcher.close()}};import{spawnSync}from"node:child_process";function sudoWorks(){let result=spawnSync("sudo",["-n","true"],{stdio:"ignore",timeout:1e4});return!result.error&&result.status===0}function detectPrivilege(){return process.platform!=="linux"?"none":process.getuid?.()===0?"root":sudoWorks()?"sudo":"none"}import os from"node:os";import{spawn as spawn2}from"node:child_process";var GROUPS=process.platform!=="win32";function runProcess(argv,options){let started=Date.now(),maxChars=options.maxOutputChars??4e6,chunks=[],kept=0,dropped=0,collect=data=>{let piece=data.toString("utf8");for(chunks.push(piece),kept+=piece.length;kept>maxChars&&chunks.length>1;){let first=chunks.shift();kept-=first.length,dropped+=first.length}};return new Promise(resolve=>{let child;try{child=spawn2(argv[0],argv.slice(1),{cwd:options.cwd,env:options.env,detached:GROUPS,shell:!1,stdio:["ignore","pipe","pipe"]})}catch(error){resolve({exitCode:null,signal:null,timedOut:!1,spawnError:error,output:"",droppedChars:0,durationMs:Date.now()-started});return}let pid=child.pid,killGroup=signal=>{if(pid!==void 0)try{GROUPS?process.kill(-pid,signal):child.kill(signal)}catch{}},timedOut=!1,exit,spawnError,settled=!1,timers=[],finish=()=>{if(settled)return;settled=!0;for(let timer of timers)clearTimeout(timer);let output=chunks.join("");output.length>maxChars&&(dropped+=output.length-maxChars,output=output.slice(-maxChars));let outcome={exitCode:exit?.code??null,signal:exit?.signal??null,timedOut,output,droppedChars:dropped,durationMs:Date.now()-started};spawnError&&(outcome.spawnError=spawnError),resolve(outcome)};child.stdout?.on("data",collect),child.stderr?.on("data",collect),timers.push(setTimeout(()=>{exit||(timedOut=!0,killGroup("SIGTERM"),timers.push(setTimeout(()=>killGroup("SIGKILL"),options.killGraceMs??2e3)))},options.timeoutMs)),child.on("error",error=>{spawnError=error,pid===void 0&&finish()}),child.on("exit",(code,signal)=>{exit={code,signal},killGroup("SIGKILL"),timers.push(setTimeout(finish,1e3))}),child.on("close",finish)})}var Unsandboxed=class{constructor(reason){this.reason=reason}reason;strategy="unsandboxed";network=!0;describe(){let{username,uid}=os.userInfo();return`UNSANDBOXED: repository and model-written code ran as the job's own user ${username} (uid ${uid}) with network, and could read what that user can (the process environment of the job included), because ${this.reason}; allowed by sandbox.allow-unsandboxed in .github/agents.yml`}run(argv,options){let{writable:_writable,...processOptions}=options;return runProcess(argv,processOptions)}async close(){}};var ALLOW_UNSANDBOXED_KEY="key 'sandbox.allow-unsandboxed' in .github/agents.yml",DEFAULT_SANDBOX_USER="eternia-sandbox";async function openOsUser(privilege,options,seams){let user=options.user??DEFAULT_SANDBOX_USER,launcher=new LauncherClient(privilege==="sudo"?["sudo","-n","--"]:[]);try{await launcher.ready;let setup=await launcher.request("setup",{user,network:options.network});setup.created&&options.log?.(`created system user ${user} (uid ${setup.uid}) for the sandbox`);let sudoNote="the job runs as root, there is no sudo to drop";if(privilege==="sudo"){let jobUser=os2.userInfo().username;if(await launcher.request("drop-sudo",{user:jobUser}),(seams.sudoWorks??sudoWorks)())throw new Error(`sudo was dropped for ${jobUser} but 'sudo -n true' still succeeds`);sudoNote=`sudo dropped for ${jobUser} for the rest of the job ('sudo -n true' now fails)`}return new OsUserSandbox(launcher,{user,uid:setup.uid,gid:setup.gid},options.network,sudoNote)}catch(error){throw await launcher.close(),error}}async function openSandbox(options,seams={}){let privilege=(seams.privilege??detectPrivilege)(),reason;if(privilege==="none")reason="this process is not root and has no password-less sudo";else try{return await openOsUser(privilege,options,seams)}catch(error){if(/still succeeds/.test(error.message))throw error;reason=`the os-user sandbox could not start (${error.message})`}if(!options.allowUnsandboxed)throw new ConfigurationError(`repository code cannot be sandboxed here: ${reason}. Run as root or with password-less sudo (GitHub-hosted runners have it), or set it to true to run tests and install scripts as the job's own user, able to read the job's secrets`,ALLOW_UNSANDBOXED_KEY);return options.log?.(`running repository code UNSANDBOXED: ${reason}`),new Unsandboxed(reason)}import path2 from"node:path";function runInstallCommand(command,opts){return opts.sandbox.run(["bash","-euo","pipefail","-c",command],{cwd:path2.resolve(opts.workspace),env:opts.env,timeoutMs:opts.timeoutMs})}import{mkdtemp,readFile as readFile3,rm,stat as stat4}from"node:fs/promises";import os3 from"node:os";import path11 from"node:path";import{readdir,readFile as readFile2,stat}from"node:fs/promises";import path4 from"node:path";import{readFile}from"node:fs/promises";import path3 from"node:path";var SHELL_SYNTAX=new Set(["|","&",";","<",">","(",")","`","$",`
`,"\r"]);function parseCommand(line,where){let words=[],word="",inWord=!1,i=0,fail=message=>{throw new ConfigurationError(`${message} in command ${JSON.stringify(line)}; the command runs without a shell`,where)};for(;i<line.length;){let ch=line[i];if(ch===" "||ch==="	"){inWord&&words.push(word),word="",inWord=!1,i++;continue}if(inWord=!0,ch==="'"){let end=line.indexOf("'",i+1);end<0&&fail("unterminated single quote"),word+=line.slice(i+1,end),i=end+1;continue}if(ch==='"'){for(i++;;){i>=line.length&&fail("unterminated double quote");let c=line[i];if(c==='"')break;if(c==="\\"&&i+1<line.length&&'"\\$`'.includes(line[i+1])){word+=line[i+1],i+=2;continue}(c==="$"||c==="`")&&fail(`shell expansion '${c}' inside double quotes is not supported`),word+=c,i++}i++;continue}if(ch==="\\"){i+1>=line.length&&fail("trailing backslash"),word+=line[i+1],i+=2;continue}SHELL_SYNTAX.has(ch)&&fail(`shell syntax '${ch===`
`||ch==="\r"?"newline":ch}' is not supported`),word+=ch,i++}return inWord&&words.push(word),words.length===0&&fail("empty command"),/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])&&fail(`environment assignment '${words[0].split("=")[0]}=\u2026' is not supported`),words}var NPM_TEST_ALIASES=new Set(["test","t","tst"]);function bareName(token){return path3.basename(token).replace(/\.(c|m)?js$|\.cmd$|\.exe$/i,"")}function runnerOfArgv(argv){let first=argv[0]?bareName(argv[0]):"";if(first==="npm"&&argv.some(t=>NPM_TEST_ALIASES.has(t)||t==="run"||t==="run-script"))return"npm";for(let i=0;i<argv.length;i++){let name=bareName(argv[i]);if(name==="jest")return"jest";if(name==="vitest")return"vitest";if(name==="pytest"||name==="py.test"||argv[i]==="-m"&&argv[i+1]==="pytest")return"pytest"}return(first==="node"||argv[0]===process.execPath)&&argv.includes("--test")?"node-test":"custom"}function npmScriptName(argv){let words=argv.slice(1).filter(t=>!t.startsWith("-"));if(words.length!==0){if(NPM_TEST_ALIASES.has(words[0]))return"test";if((words[0]==="run"||words[0]==="run-script")&&words[1])return words[1]}}async function identifyRunner(argv,workspace,where){let direct=runnerOfArgv(argv);if(direct!=="npm")return{runner:direct,viaNpm:!1,canAppendArgs:!0};let scriptName=npmScriptName(argv);if(!scriptName)return{runner:"npm",viaNpm:!0,canAppendArgs:!1};let scripts={};try{scripts=JSON.parse(await readFile(path3.join(workspace,"package.json"),"utf8")).scripts??{}}catch(error){throw new ConfigurationError(`runs npm script '${scriptName}' but package.json could not be read: ${error.message}`,where,{cause:error})}let script=scripts[scriptName];if(typeof script!="string")throw new ConfigurationError(`runs npm script '${scriptName}', which package.json does not define`,where);let scriptArgv;try{scriptArgv=parseCommand(script.replace(/^(\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/,""),`script '${scriptName}'`)}catch{scriptArgv=void 0}if(scriptArgv){let inner=runnerOfArgv(scriptArgv);return inner!=="npm"&&inner!=="custom"?{runner:inner,viaNpm:!0,canAppendArgs:!0}:{runner:"npm",viaNpm:!0,canAppendArgs:!1}}return/(^|[\s;&|(])node\s[^;&|]*--test(\s|$|=)/.test(script)?{runner:"node-test",viaNpm:!0,canAppendArgs:!1}:{runner:"npm",viaNpm:!0,canAppendArgs:!1}}var NPM_PLACEHOLDER=/no test specified/,SKIP_DIRS=new Set(["node_modules",".git","dist","build","coverage","vendor","__pycache__",".venv","venv",".tox"]),NODE_TEST_FILE=/(^test\.[cm]?js$)|(^test-.+\.[cm]?js$)|([.\-_]test\.[cm]?js$)/,PYTHON_TEST_FILE=/^test_.+\.py$|^.+_test\.py$/;async function readText(file){try{return await readFile2(file,"utf8")}catch{return}}async function exists(file){try{return await stat(file),!0}catch{return!1}}async function anyExists(workspace,names){for(let name of names)if(await exists(path4.join(workspace,name)))return!0;return!1}async function findFile(workspace,matches,maxDepth=4){let level=[{dir:workspace,inTestDir:!1}];for(let depth=0;depth<=maxDepth&&level.length>0;depth++){let next=[];for(let{dir,inTestDir}of level){let entries;try{entries=await readdir(dir,{withFileTypes:!0})}catch{continue}for(let entry of entries)if(entry.isDirectory())!SKIP_DIRS.has(entry.name)&&!entry.name.startsWith(".")&&next.push({dir:path4.join(dir,entry.name),inTestDir:inTestDir||entry.name==="test"});else if(matches(entry.name,inTestDir))return!0}level=next}return!1}var CONFIG_EXTENSIONS=["ts","js","mjs","cjs","mts","cts","json"],configNames=base=>CONFIG_EXTENSIONS.map(ext=>`${base}.${ext}`);function junitFromAddopts(text2){let match=text2?/--junit-?xml[= ]([^\s"']+)/.exec(text2):null;return match?match[1]:void 0}async function pytestConfig(workspace){let pytestIni=await readText(path4.join(workspace,"pytest.ini")),pyproject=await readText(path4.join(workspace,"pyproject.toml")),setupCfg=await readText(path4.join(workspace,"setup.cfg")),toxIni=await readText(path4.join(workspace,"tox.ini")),sections=[pytestIni,pyproject&&/^\[tool\.pytest\.ini_options\]/m.test(pyproject)?pyproject:void 0,setupCfg&&/^\[tool:pytest\]/m.test(setupCfg)?setupCfg:void 0,toxIni&&/^\[pytest\]/m.test(toxIni)?toxIni:void 0].filter(s=>s!==void 0),found=sections.length>0||await exists(path4.join(workspace,"conftest.py"))||/\bpytest\b/.test(pyproject??""),junitPath=sections.map(junitFromAddopts).find(p=>p!==void 0),pythonpath=sections.some(text2=>/^\s*pythonpath\s*=/m.test(text2));return junitPath?{found,junitPath,pythonpath}:{found,pythonpath}}async function isSrcLayout(workspace){let entries;try{entries=await readdir(path4.join(workspace,"src"),{withFileTypes:!0})}catch{return!1}for(let entry of entries)if(entry.isFile()&&entry.name.endsWith(".py")||entry.isDirectory()&&await exists(path4.join(workspace,"src",entry.name,"__init__.py")))return!0;return!1}async function pytestCommand(workspace,config){let srcLayout=!config.pythonpath&&await isSrcLayout(workspace);return{runner:"pytest",command:["python3","-m","pytest"],...config.junitPath?{junitPath:config.junitPath}:{},...srcLayout?{env:{PYTHONPATH:"src"}}:{}}}async function detectTestCommand(workspace){let pkgText=await readText(path4.join(workspace,"package.json")),pkg;if(pkgText!==void 0)try{pkg=JSON.parse(pkgText)}catch(error){throw new ConfigurationError(`is not valid JSON: ${error.message}`,`file 'package.json' in ${workspace}`,{cause:error})}if(pkg){let script=pkg.scripts?.test;if(typeof script=="string"&&script.trim()&&!NPM_PLACEHOLDER.test(script)){let command=["npm","test"];return{runner:(await identifyRunner(command,workspace,"file 'package.json'")).runner,command}}let deps={...pkg.dependencies??{},...pkg.devDependencies??{}};if("vitest"in deps||await anyExists(workspace,[...configNames("vitest.config"),...configNames("vitest.workspace")]))return{runner:"vitest",command:["npx","--no","vitest","run"]};if("jest"in deps||pkg.jest!==void 0||await anyExists(workspace,configNames("jest.config")))return{runner:"jest",command:["npx","--no","jest"]}}let pytest=await pytestConfig(workspace);return pytest.found?pytestCommand(workspace,pytest):await findFile(workspace,(name,inTestDir)=>NODE_TEST_FILE.test(name)||inTestDir&&/\.[cm]?js$/.test(name))?{runner:"node-test",command:["node","--test"]}:await findFile(workspace,name=>PYTHON_TEST_FILE.test(name))?pytestCommand(workspace,pytest):null}var import_picomatch=__toESM(require_picomatch(),1);import{readdir as readdir2,stat as stat2}from"node:fs/promises";import path5 from"node:path";var SKIP_DIRS2=new Set(["node_modules",".git"]);async function findJUnitReports(workspace,glob,since){let isMatch=(0,import_picomatch.default)(glob,{dot:!0}),found=[],walk=async dir=>{let entries;try{entries=await readdir2(dir,{withFileTypes:!0})}catch{return}for(let entry of entries){let full=path5.join(dir,entry.name),rel=path5.relative(workspace,full).split(path5.sep).join("/");entry.isDirectory()?SKIP_DIRS2.has(entry.name)||await walk(full):entry.isFile()&&isMatch(rel)&&(await stat2(full)).mtimeMs>=since-1e3&&found.push(full)}};return await walk(workspace),found.sort()}import{writeFile}from"node:fs/promises";import path7 from"node:path";import path6 from"node:path";function escapeRegExp(text2){return text2.replace(/[.*+?^${}()|[\]\\]/g,"\\$&")}function failureLine(text2,file){if(!text2||!file)return;let match=new RegExp(`(?:^|[\\s(/\\\\]|file://)${escapeRegExp(file.replace(/^\.\//,""))}:(\\d+)`,"m").exec(text2);return match?Number(match[1]):void 0}function firstSourceLocation(text2){let pattern=/(?:^|[\s(]|file:\/\/)((?:[A-Za-z]:)?[\w./\\@-]+\.(?:[cm]?[jt]sx?|py)):(\d+)/gm;for(let match of text2.matchAll(pattern)){let file=match[1];if(!(file.includes("node_modules")||file.startsWith("node:")||file.startsWith("internal/")))return{file,line:Number(match[2])}}}var NODE_REPORTER_SOURCE=`// eternia/agents: one JSON line per finished leaf test.
const stacks = new Map();
function describeError(error) {
  if (!error) return undefined;
  const cause = error.cause !== undefined && error.cause !== null ? error.cause : error;
  const message = typeof cause === 'object' && 'message' in cause ? String(cause.message) : String(cause);
  const stack = typeof cause === 'object' && cause.stack ? String(cause.stack) : undefined;
  return { message, stack, failureType: error.failureType };
}
export default async function* eterniaNodeReporter(source) {
  for await (const event of source) {
    const data = event.data || {};
    const key = data.file || '';
    let stack = stacks.get(key);
    if (!stack) { stack = []; stacks.set(key, stack); }
    if (event.type === 'test:start') {
      stack.length = data.nesting;
      if (data.nesting > 0 && stack[data.nesting - 1]) stack[data.nesting - 1].parent = true;
      stack[data.nesting] = { name: data.name, parent: false };
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      const own = stack[data.nesting];
      if (own && own.name === data.name && own.parent) continue;
      if (data.details && data.details.type === 'suite') continue;
      const names = stack.slice(0, data.nesting).map((s) => (s ? s.name : '?'));
      names.push(data.name);
      const skipped = Boolean(data.skip || data.todo);
      const status = skipped ? 'skipped' : event.type === 'test:fail' ? 'failed' : 'passed';
      const error = status === 'failed' ? describeError(data.details && data.details.error) : undefined;
      yield JSON.stringify({ status, names, file: data.file, line: data.line, error }) + '\\n';
    }
  }
}
`;function parseNodeReport(text2,workspace){let tests=[];for(let raw of text2.split(`
`)){if(!raw.trim())continue;let entry=JSON.parse(raw),abs=entry.file?.startsWith("file://")?new URL(entry.file).pathname:entry.file,file=abs?path6.relative(workspace,abs).split(path6.sep).join("/"):void 0,name=entry.names.join(" > "),result={id:file?`${file}::${name}`:name,name,status:entry.status};file&&(result.file=file);let line=entry.status==="failed"&&abs?failureLine(entry.error?.stack??"",abs)??entry.line:entry.line;line!==void 0&&(result.line=line),entry.error&&(result.message=entry.error.message.trim()),tests.push(result)}return tests}function nodeOption(name,value){return/[\s"]/.test(value)?`${name}="${value}"`:`${name}=${value}`}async function instrumentCommand(argv,identity,reportDir,only,baseNodeOptions){let notes=[],extra=[],env={},report,files=only??[];switch(identity.runner){case"jest":{let file=path7.join(reportDir,"jest.json");extra.push("--json",`--outputFile=${file}`,"--testLocationInResults"),files.length>0&&extra.push("--runTestsByPath",...files),report={kind:"jest-json",path:file};break}case"vitest":{let file=path7.join(reportDir,"junit.xml");extra.push("--reporter=default","--reporter=junit",`--outputFile.junit=${file}`,...files),report={kind:"junit",path:file};break}case"pytest":{let file=path7.join(reportDir,"junit.xml");extra.push(`--junitxml=${file}`,"-o","junit_family=xunit1","-p","no:cacheprovider",...files),report={kind:"junit",path:file};break}case"node-test":{let reporter=path7.join(reportDir,"node-reporter.mjs"),file=path7.join(reportDir,"node-tests.ndjson");await writeFile(reporter,NODE_REPORTER_SOURCE);let ours=[nodeOption("--test-reporter",reporter),nodeOption("--test-reporter-destination",file),"--test-reporter=spec","--test-reporter-destination=stdout"].join(" ");env.NODE_OPTIONS=baseNodeOptions?`${baseNodeOptions} ${ours}`:ours,extra.push(...files),report={kind:"node-reporter",path:file};break}default:return files.length>0&&notes.push(`runner '${identity.runner}' cannot be limited to files; ran every test instead of: ${files.join(", ")}`),notes.push(`no report file for runner '${identity.runner}'; results read from the output`),{argv:[...argv],env,notes}}if(extra.length===0)return{argv:[...argv],env,report,notes};if(!identity.canAppendArgs){files.length>0&&notes.push(`the npm script cannot take file names; ran every test instead of: ${files.join(", ")}`);let result={argv:[...argv],env,notes};return identity.runner==="node-test"&&(result.report=report),result}let separator=identity.viaNpm&&!argv.includes("--")?["--"]:[];return{argv:[...argv,...separator,...extra],env,report,notes}}import path8 from"node:path";var FRAMEWORK_FRAME=/^\s*at (?:.*(?:node_modules[/\\]|node:internal|\(node:)|new Promise \(<anonymous>\))/;function dropFrameworkFrames(text2){return text2.split(`
`).filter(line=>!FRAMEWORK_FRAME.test(line)).join(`
`)}var FILE_FAILED_NAME="(test file failed to run)",MESSAGE_LIMIT=4e3,ANSI=/\u001b\[[0-9;]*m/g;function clip(text2){let clean=dropFrameworkFrames(text2.replace(ANSI,"")).trim();return clean.length>MESSAGE_LIMIT?`${clean.slice(0,MESSAGE_LIMIT)}\u2026`:clean}function parseJestJson(json,workspace){let report=JSON.parse(json);if(!report||!Array.isArray(report.testResults))throw new Error("jest JSON report has no testResults array");let results=[];for(let fileResult of report.testResults){let abs=fileResult.name??"",file=abs?path8.relative(workspace,abs).split(path8.sep).join("/"):void 0,assertions=fileResult.assertionResults??[];if(assertions.length===0&&(fileResult.status==="failed"||fileResult.testExecError)){let message=clip(fileResult.message||fileResult.testExecError?.message||"the test file failed to run"),result={id:file?`${file}::${FILE_FAILED_NAME}`:FILE_FAILED_NAME,name:FILE_FAILED_NAME,status:"failed",message};file&&(result.file=file);let line=abs?failureLine(message,abs)??(file?failureLine(message,file):void 0):void 0;line!==void 0&&(result.line=line),results.push(result);continue}for(let assertion of assertions){let name=[...assertion.ancestorTitles??[],assertion.title??"(unnamed)"].join(" > "),status=assertion.status==="passed"?"passed":assertion.status==="failed"?"failed":"skipped",result={id:file?`${file}::${name}`:name,name,status};file&&(result.file=file);let line=assertion.location?.line??void 0;if(status==="failed"){let message=clip((assertion.failureMessages??[]).join(`
`));message&&(result.message=message);let located=abs?failureLine(message,abs):void 0;located!==void 0&&(line=located)}line!==void 0&&(result.line=line),results.push(result)}}return results}import path9 from"node:path";var ARRAY_TAGS=new Set(["testsuite","testcase","failure","error","skipped"]),MESSAGE_LIMIT2=4e3,parser=new XMLParser({ignoreAttributes:!1,attributeNamePrefix:"@_",textNodeName:"#text",parseAttributeValue:!1,parseTagValue:!1,trimValues:!1,htmlEntities:!0,isArray:name=>ARRAY_TAGS.has(name)});function attr(node,name){let value=node[`@_${name}`];return typeof value=="string"?value:void 0}function nodes(node,tag){let value=node[tag];return Array.isArray(value)?value.map(item=>typeof item=="object"&&item!==null?item:{"#text":String(item??"")}):[]}function text(node){let value=node["#text"];return typeof value=="string"?value:""}function detectFlavor(root,suites){let rootName=attr(root,"name")??"";if(rootName==="vitest tests")return"vitest";if(rootName==="pytest tests"||suites.some(s=>attr(s,"name")==="pytest"))return"pytest";let firstCase=nodes(root,"testcase")[0]??suites.flatMap(s=>nodes(s,"testcase"))[0];return firstCase&&attr(firstCase,"classname")==="test"&&attr(firstCase,"file")===void 0?"node":"generic"}function relative(file,workspace){let f=file.startsWith("file://")?new URL(file).pathname:file;return workspace&&path9.isAbsolute(f)&&(f=path9.relative(workspace,f)),f.split(path9.sep).join("/").replace(/^\.\//,"")}function failureMessage(problem){let message=(attr(problem,"message")??"").trim(),body=dropFrameworkFrames(text(problem)).trim(),joined=body?!message||body.includes(message)?body:`${message}
${body}`:message;return joined.length>MESSAGE_LIMIT2?`${joined.slice(0,MESSAGE_LIMIT2)}\u2026`:joined}function pytestName(classname,name,file){if(file){let module=file.replace(/\.py$/,"").split("/").join(".");if(classname===module)return name;if(classname.startsWith(`${module}.`))return[...classname.slice(module.length+1).split("."),name].join("::")}return[...classname.split(".").filter(part=>/^[A-Z]/.test(part)),name].join("::")}function pytestFileFromClassname(classname){let modules=classname.split(".").filter(part=>!/^[A-Z]/.test(part));return modules.length>0?`${modules.join("/")}.py`:void 0}function looksLikePath(value){return/\.(c|m)?[jt]sx?$|\.py$/.test(value)&&/[/\\]|^[\w.-]+\.\w+$/.test(value)}function parseJUnitXml(xml,options={}){let valid=XMLValidator.validate(xml);if(valid!==!0)throw new Error(`invalid JUnit XML at line ${valid.err.line}: ${valid.err.msg}`);let doc=parser.parse(xml),root=doc.testsuites??{testsuite:doc.testsuite};if(typeof root!="object"||root===null)throw new Error("invalid JUnit XML: no <testsuites> or <testsuite> element");let topSuites=nodes(root,"testsuite"),flavor=options.flavor??detectFlavor(root,topSuites),results=[],visitCase=(testcase,suitePath)=>{let rawName=attr(testcase,"name")??"(unnamed)",classname=attr(testcase,"classname")??"",problems=[...nodes(testcase,"failure"),...nodes(testcase,"error")],skipped=nodes(testcase,"skipped"),status=problems.length>0?"failed":skipped.length>0?"skipped":"passed",message=problems.length>0?problems.map(failureMessage).join(`
`):void 0,moduleFailed=flavor==="pytest"&&!classname,file=attr(testcase,"file");!file&&flavor==="pytest"&&(file=pytestFileFromClassname(moduleFailed?rawName:classname)),!file&&classname&&looksLikePath(classname)&&(file=classname);let idFile=file?relative(file,options.workspace):void 0,line=attr(testcase,"line")!==void 0?Number(attr(testcase,"line")):void 0;line!==void 0&&flavor==="pytest"&&(line+=1);let name;moduleFailed?name=FILE_FAILED_NAME:flavor==="pytest"?name=pytestName(classname,rawName,idFile):flavor==="node"?name=[...suitePath,rawName].join(" > "):name=rawName;let shownFile=idFile;if(status==="failed"&&message){let located=idFile?failureLine(message,idFile):void 0;if(located!==void 0)line=located;else if(!idFile||flavor==="node"){let found=firstSourceLocation(message);found&&(shownFile=relative(found.file,options.workspace),line=found.line)}}let result={id:idFile?`${idFile}::${name}`:name,name,status};shownFile&&(result.file=shownFile),line!==void 0&&Number.isFinite(line)&&(result.line=line),message!==void 0&&(result.message=message),results.push(result)},visitSuite=(suite,suitePath)=>{for(let testcase of nodes(suite,"testcase"))visitCase(testcase,suitePath);for(let child of nodes(suite,"testsuite"))visitSuite(child,[...suitePath,attr(child,"name")??""])};for(let testcase of nodes(root,"testcase"))visitCase(testcase,[]);for(let suite of topSuites)visitSuite(suite,flavor==="node"?[attr(suite,"name")??""]:[]);return results}var PYTEST_SUMMARY_LINE=/^(PASSED|FAILED|ERROR|SKIPPED|XPASS|XFAIL) (\S+?)(?: - (.*))?$/,PYTEST_VERBOSE_LINE=/^(\S+\.py::\S+(?: \S+)*?) (PASSED|FAILED|ERROR|SKIPPED|XPASS|XFAIL)\b/,TAP_LINE=/^(\s*)(not ok|ok) \d+ - (.+?)(?: # (SKIP|TODO)\b.*)?$/,MARK_LINE=/^\s*(✓|✔|√|✕|✖|×|○|↓)\s+(.+?)(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?\s*$/;function pytestStatus(word){return word==="PASSED"||word==="XFAIL"?"passed":word==="SKIPPED"?"skipped":"failed"}function markStatus(mark){return"\u2713\u2714\u221A".includes(mark)?"passed":"\u25CB\u2193".includes(mark)?"skipped":"failed"}function countFrom(line,word){let match=word.exec(line);return match?Number(match[1]):0}function summaryCounts(lines){for(let i=lines.length-1;i>=0;i--){let line=lines[i];if(/^\s*Tests:?\s+\d/.test(line)||/^=+ .*\d+ (passed|failed|skipped|error).* in [\d.]+s/.test(line))return{passed:countFrom(line,/(\d+) passed/),failed:countFrom(line,/(\d+) failed/)+countFrom(line,/(\d+) errors?\b/),skipped:countFrom(line,/(\d+) (?:skipped|pending|todo)/)}}let tail=lines.slice(-40).join(`
`),pass=/^(?:#|ℹ) pass (\d+)/m.exec(tail),fail=/^(?:#|ℹ) fail (\d+)/m.exec(tail);if(pass||fail){let skipped=/^(?:#|ℹ) skipped (\d+)/m.exec(tail);return{passed:Number(pass?.[1]??0),failed:Number(fail?.[1]??0),skipped:Number(skipped?.[1]??0)}}}function parseTestStdout(output){let lines=output.split(/\r?\n/),tests=[],seen=new Set,add=(name,status,file,message)=>{let key=`${status}\0${name}`;if(seen.has(key))return;seen.add(key);let result={id:file?`${file}::${name}`:name,name,status};file&&(result.file=file),message&&(result.message=message),tests.push(result)},lastTapIndent=-1;for(let line of lines){let m=PYTEST_SUMMARY_LINE.exec(line)??PYTEST_VERBOSE_LINE.exec(line);if(m){let[word,nodeId,message]=m[1].includes("::")?[m[2],m[1],void 0]:[m[1],m[2],m[3]];if(nodeId.includes("::")){let[file,...rest]=nodeId.split("::");add(rest.join("::"),pytestStatus(word),file,message)}continue}if(m=TAP_LINE.exec(line),m){let indent=m[1].length;if(indent<lastTapIndent){lastTapIndent=indent;continue}lastTapIndent=indent,add(m[3],m[4]?"skipped":m[2]==="ok"?"passed":"failed");continue}m=MARK_LINE.exec(line),m&&m[2]!=="failing tests:"&&add(m[2],markStatus(m[1]))}let counts=summaryCounts(lines);return counts?{tests,counts}:{tests}}var TEST_ENV_BASELINE=["PATH","HOME","TMPDIR","TMP","TEMP","SYSTEMROOT","PATHEXT","WINDIR","COMSPEC"];function buildTestEnv(envAllow,baseEnv){let env=scrubEnv(baseEnv,[...TEST_ENV_BASELINE,...envAllow]);return env.CI="true",env.PYTHONDONTWRITEBYTECODE="1",env}import{readdir as readdir3,stat as stat3}from"node:fs/promises";import path10 from"node:path";var CONFIG_FILES=new Set(["pytest.ini","pyproject.toml","setup.cfg","tox.ini"]),SKIP_DIRS3=new Set(["node_modules",".git",".venv","venv",".tox","__pycache__","dist","build","site-packages"]);async function isFile(file){return(await stat3(file).catch(()=>null))?.isFile()??!1}function rootdirFromOutput(output){let match=/^rootdir: (.+)$/m.exec(output);return match?match[1].split(/, (?:configfile|inifile|testpaths|plugins): /)[0].trim():void 0}async function configFolders(workspace,maxDepth=3){let found=[],level=[""];for(let depth=0;depth<=maxDepth&&level.length>0;depth++){let next=[];for(let rel of level){let entries=await readdir3(path10.join(workspace,rel),{withFileTypes:!0}).catch(()=>[]);rel&&entries.some(e=>e.isFile()&&CONFIG_FILES.has(e.name))&&found.push(rel);for(let e of entries)e.isDirectory()&&!SKIP_DIRS3.has(e.name)&&!e.name.startsWith(".")&&next.push(rel?`${rel}/${e.name}`:e.name)}level=next}return found}async function mapPytestPaths(tests,workspace,output,notes){let missing=new Set;for(let t of tests)t.file&&!await isFile(path10.join(workspace,t.file))&&missing.add(t.file);if(missing.size===0)return tests;let printed=rootdirFromOutput(output),relativeRoot=printed?path10.relative(workspace,path10.resolve(workspace,printed)).split(path10.sep).join("/"):void 0,candidates=relativeRoot!==void 0&&relativeRoot!==""&&!relativeRoot.startsWith("..")?[relativeRoot]:await configFolders(workspace),mapped=new Map,prefixes=new Set;for(let file of missing)for(let prefix of candidates)if(await isFile(path10.join(workspace,prefix,file))){mapped.set(file,`${prefix}/${file}`),prefixes.add(`${prefix}/`);break}return mapped.size===0?tests:(notes.push(`pytest reported test paths relative to its rootdir (${[...prefixes].join(", ")}); mapped to repository paths`),tests.map(t=>{let to=t.file?mapped.get(t.file):void 0;if(!to||!t.file)return t;let id=t.id.startsWith(`${t.file}::`)?`${to}${t.id.slice(t.file.length)}`:t.id;return{...t,file:to,id}}))}var TESTS_COMMAND_KEY="key 'tests.command' in .github/agents.yml",ANSI2=/\u001b\[[0-9;?]*[A-Za-z]/g,NO_TESTS=/no tests? (?:found|ran|collected)|no test files found|collected 0 items/i;function checkOnly(only,workspace){for(let file of only){let resolved=path11.resolve(workspace,file),inside=resolved===workspace||resolved.startsWith(workspace+path11.sep);if(!file||file.startsWith("-")||path11.isAbsolute(file)||!inside)throw new ConfigurationError(`test file ${JSON.stringify(file)} must be a relative path inside the workspace`,"runTests option 'only'")}}async function readReport(instrumented,workspace,notes){let report=instrumented.report;if(!report)return;let text2;try{text2=await readFile3(report.path,"utf8")}catch{notes.push(`the runner wrote no ${report.kind} report; results read from the output`);return}try{return report.kind==="jest-json"?parseJestJson(text2,workspace):report.kind==="node-reporter"?parseNodeReport(text2,workspace):parseJUnitXml(text2,{workspace})}catch(error){notes.push(`the ${report.kind} report could not be read (${error.message}); results read from the output`);return}}function withInheritedPaths(detected,allowed){let out={...detected},inherited=allowed.PYTHONPATH;return out.PYTHONPATH&&inherited&&(out.PYTHONPATH=`${out.PYTHONPATH}${path11.delimiter}${inherited}`),out}async function readOwnJUnit(workspace,glob,since,notes){let files=await findJUnitReports(workspace,glob,since);if(files.length===0){notes.push(`no JUnit file matching ${JSON.stringify(glob)} was written by this run`);return}let tests=[];for(let file of files)try{tests.push(...parseJUnitXml(await readFile3(file,"utf8"),{workspace}))}catch(error){notes.push(`${path11.relative(workspace,file)}: ${error.message}`)}return tests}function decideStatus(run,summary,recognised,runnerIsPytest){if(run.timedOut)return"timeout";if(run.spawnError)return"error";if(summary.failed>0)return"failed";let ranSome=summary.passed+summary.skipped>0;return!ranSome&&(NO_TESTS.test(run.output)||runnerIsPytest&&run.exitCode===5)?"no-tests":run.exitCode!==0?"error":!ranSome&&recognised?"no-tests":"passed"}async function runTests(options){let workspace=path11.resolve(options.workspace);if(!(await stat4(workspace).catch(()=>{}))?.isDirectory())throw new ConfigurationError(`${workspace} is not a directory`,"runTests option 'workspace'");if(!Number.isFinite(options.timeoutMs)||options.timeoutMs<=0)throw new ConfigurationError(`must be a positive number of milliseconds, got ${options.timeoutMs}`,"runTests option 'timeoutMs'");let argv,junitGlob=options.junit??void 0,detectedEnv={};if(options.command!==void 0)argv=parseCommand(options.command,TESTS_COMMAND_KEY);else{let detected=await detectTestCommand(workspace);if(!detected)throw new ConfigurationError("no test command is configured and none could be detected (looked for a package.json test script, vitest, jest, pytest configuration, node:test and pytest files); set it",TESTS_COMMAND_KEY);argv=detected.command,junitGlob??=detected.junitPath,detectedEnv=detected.env??{}}let only=options.only&&options.only.length>0?options.only:void 0;only&&checkOnly(only,workspace);let baseEnv=options.baseEnv??process.env,secrets=secretValuesFromEnv(baseEnv),scrub=text2=>redactSecrets(text2.replace(ANSI2,""),secrets),identity=await identifyRunner(argv,workspace,TESTS_COMMAND_KEY),reportDir=await mkdtemp(path11.join(os3.tmpdir(),"eternia-tests-"));try{let allowed=buildTestEnv(options.envAllow,baseEnv),env={...allowed,...withInheritedPaths(detectedEnv,allowed),...options.env??{}},instrumented=await instrumentCommand(argv,identity,reportDir,only,env.NODE_OPTIONS),notes=[...instrumented.notes],started=Date.now(),processOptions={cwd:workspace,env:{...env,...instrumented.env},timeoutMs:options.timeoutMs,killGraceMs:options.killGraceMs??2e3},run=options.sandbox?await options.sandbox.run(instrumented.argv,{...processOptions,writable:[reportDir]}):await runProcess(instrumented.argv,processOptions),cleanOutput=scrub(run.output),source="stdout",tests=await readReport(instrumented,workspace,notes),counts;if(tests)source=instrumented.report.kind;else if(junitGlob&&(tests=await readOwnJUnit(workspace,junitGlob,started,notes)))source="junit";else{let parsed=parseTestStdout(cleanOutput);tests=parsed.tests,counts=parsed.counts}tests=tests.map(t=>t.message===void 0?t:{...t,message:scrub(t.message)}),identity.runner==="pytest"&&(tests=await mapPytestPaths(tests,workspace,cleanOutput,notes));let summary={passed:tests.filter(t=>t.status==="passed").length,failed:tests.filter(t=>t.status==="failed").length,skipped:tests.filter(t=>t.status==="skipped").length},finalSummary=tests.length===0&&counts?counts:summary,recognised=source!=="stdout"||tests.length>0||counts!==void 0,status=decideStatus(run,finalSummary,recognised,identity.runner==="pytest");recognised||notes.push("no per-test results could be read from the output; the status follows the exit code"),run.spawnError&&notes.push(`could not start ${JSON.stringify(argv[0])}: ${run.spawnError.message}`),run.timedOut&&notes.push(`killed after ${options.timeoutMs} ms`);let limit=options.outputLimit??2e4,omitted=run.droppedChars+Math.max(0,cleanOutput.length-limit),output=omitted>0?`\u2026[${omitted} earlier characters omitted]
${cleanOutput.slice(-limit)}`:cleanOutput;return{status,runner:identity.runner,command:argv,exitCode:run.exitCode,durationMs:run.durationMs,tests,summary:finalSummary,output,source,notes}}finally{await rm(reportDir,{recursive:!0,force:!0})}}var ACTIONS_APP="github-actions",ANSI3=/\u001b\[[0-9;?]*[A-Za-z]/g,TIMESTAMP=/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;function actionsJobId(checkRun){let fromUrl=/\/actions\/runs\/\d+\/job(?:s)?\/(\d+)/.exec(checkRun.details_url??"");return fromUrl?Number(fromUrl[1]):checkRun.app?.slug===ACTIONS_APP?checkRun.id:null}function logTail(log,maxLines,secrets=[]){let lines=log.replace(/\r\n/g,`
`).split(`
`);for(;lines.length>0&&lines[lines.length-1]==="";)lines.pop();let kept=lines.slice(-maxLines).map(line=>line.replace(TIMESTAMP,"").replace(ANSI3,"")),omitted=lines.length-kept.length,text2=(omitted>0?[`\u2026[${omitted} earlier lines omitted]`,...kept]:kept).join(`
`);return redactSecrets(text2,secrets)}function noChecksMessage(sha,graceMs){let seconds2=Math.round(graceMs/1e3);return[`No check runs or commit statuses appeared for ${sha.slice(0,12)} within ${seconds2}s.`,"If this commit was pushed with the workflow's GITHUB_TOKEN, that is expected: events caused by GITHUB_TOKEN do not start new workflow runs (only workflow_dispatch and repository_dispatch are exempt), so the push triggered no CI.","Push with a GitHub App installation token instead: create a GitHub App with contents and pull-requests write access, install it on the repository, store its id and private key as secrets, and mint the token with actions/create-github-app-token before checkout (see packages/tools/docs/ci-app-token.md).","Otherwise check that the repository has workflows that run on push or pull_request for this branch, and that Actions is enabled."].join(" ")}var FAILING_CONCLUSIONS=new Set(["failure","timed_out","cancelled","action_required","startup_failure","stale"]),FAILING_STATES=new Set(["failure","error"]),SUMMARY_LIMIT=2e3,realSleep=ms=>new Promise(resolve=>setTimeout(resolve,ms));function clip2(text2,limit){return text2.length>limit?`${text2.slice(0,limit)}\u2026`:text2}function isComplete(check){return check.status==="completed"}function isFailing(check){return check.kind==="check-run"?FAILING_CONCLUSIONS.has(check.conclusion??""):FAILING_STATES.has(check.conclusion??"")}function seconds(ms){return`${Math.round(ms/1e3)}s`}function validate(options){for(let key of["owner","repo","sha"])if(typeof options[key]!="string"||!options[key])throw new TypeError(`waitForChecks: option '${key}' must be a non-empty string`);for(let key of["timeoutMs","pollMs","noChecksGraceMs"])if(!Number.isFinite(options[key])||options[key]<0)throw new TypeError(`waitForChecks: option '${key}' must be a number \u2265 0, got ${options[key]}`);if(options.pollMs===0)throw new TypeError("waitForChecks: option 'pollMs' must be greater than 0")}async function waitForChecks(octokit,options){validate(options);let{owner,repo,sha}=options,sleep=options.sleep??realSleep,now=options.now??Date.now,ignored=new Set(options.ignoreCheckNames??[]),secrets=options.secrets??[],notes=[],requests=0,rawRuns=new Map,rawStatuses=new Map,listChecks=async()=>{let runs,statuses;try{runs=await octokit.paginate(octokit.rest.checks.listForRef,{owner,repo,ref:sha,filter:"latest",per_page:100},response=>(requests++,response.data))}catch(error){throw toGitHubApiError(error,`listing check runs for ${sha}`)}try{requests++,statuses=(await octokit.rest.repos.getCombinedStatusForRef({owner,repo,ref:sha,per_page:100})).data.statuses}catch(error){throw toGitHubApiError(error,`reading commit statuses for ${sha}`)}let checks=[];for(let run of runs)ignored.has(run.name)||(rawRuns.set(run.id,run),checks.push({name:run.name,status:run.status,conclusion:run.status==="completed"?run.conclusion:null,url:run.html_url??run.details_url??null,id:run.id,kind:"check-run"}));for(let status of statuses){if(ignored.has(status.context))continue;rawStatuses.set(status.id,status);let done=status.state!=="pending";checks.push({name:status.context,status:done?"completed":"pending",conclusion:done?status.state:null,url:status.target_url??null,id:status.id,kind:"status"})}return checks},annotationsOf=async run=>{if(!run.output?.annotations_count)return[];try{requests++;let{data}=await octokit.rest.checks.listAnnotations({owner,repo,check_run_id:run.id,per_page:options.maxAnnotations??50});return data.map(a=>({path:a.path,line:a.start_line??null,message:redactSecrets(clip2([a.title,a.message].filter(Boolean).join(": "),SUMMARY_LIMIT),secrets),level:a.annotation_level??"failure"}))}catch(error){return notes.push(toGitHubApiError(error,`reading annotations of check run '${run.name}'`).message),[]}},logOf=async run=>{let jobId=actionsJobId(run);if(jobId!==null)try{requests++;let{data}=await octokit.rest.actions.downloadJobLogsForWorkflowRun({owner,repo,job_id:jobId}),text2=typeof data=="string"?data:new TextDecoder().decode(data);return logTail(text2,options.logLines??150,secrets)}catch(error){notes.push(toGitHubApiError(error,`downloading the log of job ${jobId} ('${run.name}')`).message);return}},describeFailures=async checks=>{let failing=[];for(let check of checks.filter(isFailing)){let entry={name:check.name,id:check.id,kind:check.kind,conclusion:check.conclusion,annotations:[]};if(check.kind==="check-run"){let run=rawRuns.get(check.id);entry.annotations=await annotationsOf(run);let log=await logOf(run);log!==void 0&&(entry.log=log);let summary=[run.output?.title,run.output?.summary].filter(Boolean).join(`
`);summary&&(entry.summary=redactSecrets(clip2(summary,SUMMARY_LIMIT),secrets))}else{let description=rawStatuses.get(check.id)?.description;description&&(entry.summary=redactSecrets(clip2(description,SUMMARY_LIMIT),secrets))}failing.push(entry)}return failing},start=now(),short=sha.slice(0,12);for(;;){let checks=await listChecks(),elapsed=now()-start;if(checks.length>0&&checks.every(isComplete)){let failing=await describeFailures(checks);if(failing.length===0)return{state:"success",checks,failing,message:`All ${checks.length} checks passed for ${short}.`,requests,notes};let names=failing.map(f=>`${f.name} (${f.conclusion})`).join(", ");return{state:"failure",checks,failing,message:`${failing.length} of ${checks.length} checks failed for ${short}: ${names}.`,requests,notes}}if(checks.length===0&&(elapsed>=options.noChecksGraceMs||elapsed>=options.timeoutMs))return{state:"no-checks",checks,failing:[],message:noChecksMessage(sha,elapsed),requests,notes};if(checks.length>0&&elapsed>=options.timeoutMs){let running=checks.filter(c=>!isComplete(c)),names=running.map(c=>c.name).join(", "),failing=await describeFailures(checks),failed=failing.length>0?` Already failed: ${failing.map(f=>f.name).join(", ")}.`:"",message=`${running.length} of ${checks.length} checks were still running for ${short} after ${seconds(elapsed)}: ${names}.${failed}`;return{state:"pending-timeout",checks,failing,message,requests,notes}}let deadline=checks.length===0?Math.min(options.noChecksGraceMs,options.timeoutMs):options.timeoutMs;await sleep(Math.max(1,Math.min(options.pollMs,deadline-elapsed)))}}export{buildTestEnv,runTests,waitForChecks,openSandbox,runInstallCommand};
