/**
 * Starts the proxy process detached (its own session, so the end of this step does not take it along),
 * writes its configuration to its stdin, and reads the one handshake line back from its stdout. The
 * proxy gets none of this step's environment and none of its stdio.
 */
import { spawn } from 'node:child_process';
import { handshakeSchema, type ServeConfig } from './serve-config.js';

export interface Launched {
  url: string;
  controlUrl: string;
  pid: number;
}

/** The whole environment of the proxy process: nothing of the job's (no INPUT_*, no tokens). */
export const PROXY_ENV: Readonly<Record<string, string>> = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };
const HANDSHAKE_TIMEOUT_MS = 30_000;

export function launchProxy(argv: string[], config: ServeConfig, secrets: string[]): Promise<Launched> {
  const [command, ...args] = argv;
  const child = spawn(command!, args, { cwd: '/', env: { ...PROXY_ENV }, detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  return new Promise<Launched>((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const finish = (error: Error | undefined, launched?: Launched) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.destroy();
      child.unref();
      if (error) {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone, or not ours to signal
        }
        reject(error);
      } else {
        resolve(launched!);
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`the proxy process did not report a listening address within ${HANDSHAKE_TIMEOUT_MS / 1000} s`)),
      HANDSHAKE_TIMEOUT_MS,
    );
    child.on('error', (error) => finish(new Error(`could not start the proxy process (${command}): ${error.message}`)));
    child.on('exit', (code, signal) => finish(new Error(`the proxy process exited (${signal ?? `code ${code}`}) before it was listening`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      let line: unknown;
      try {
        line = JSON.parse(buffered.slice(0, newline));
      } catch {
        line = undefined;
      }
      const handshake = handshakeSchema.safeParse(line);
      if (!handshake.success)
        return finish(new Error(`the proxy process printed something other than its handshake: ${scrub(buffered.slice(0, 200))}`));
      if ('error' in handshake.data) return finish(new Error(`the proxy process could not start: ${scrub(handshake.data.error)}`));
      finish(undefined, handshake.data);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(config));
  });
}
