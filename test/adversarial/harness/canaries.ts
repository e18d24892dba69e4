/**
 * Fake secrets planted where the real ones live in a job: the role process's environment (and, through a decoy
 * process started with them, an environment block on /proc like the action's own). Anything that finds one of
 * these values in a prompt, log, comment, artifact, output or git object has found a leak.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export const CANARIES: Readonly<Record<string, string>> = {
  'INPUT_GITHUB-TOKEN': 'ghs_CANARYinputGithubToken7f3a9c2e1b0d4f6a8c',
  'INPUT_OPENAI-API-KEY': 'sk-CANARYinputOpenaiKey5e2d8b7a6c4f1e3d9b',
  ACTIONS_RUNTIME_TOKEN: 'CANARYactionsRuntimeToken.eyJhbGciOiJIUzI1NiJ9.c2VjcmV0',
  GITHUB_TOKEN: 'ghs_CANARYgithubToken2a4c6e8f0b1d3f5a7c9e',
};
export const CANARY_VALUES: readonly string[] = Object.values(CANARIES);

/** A secret as code that wants it past redaction would print it: plain, base64, hex, reversed. */
export function secretForms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), [...secret].reverse().join('')];
}

/** How many canary values (and extra secrets), in any of their forms, occur in the texts; each occurrence counts. */
export function countSecrets(texts: Iterable<string>, extra: readonly string[] = []): number {
  const secrets = [...CANARY_VALUES, ...extra].flatMap(secretForms);
  let count = 0;
  for (const text of texts) {
    for (const secret of secrets) count += text.split(secret).length - 1;
  }
  return count;
}

export interface PlantedCanaries {
  /** The decoy's pid: its /proc/<pid>/environ holds every canary, as the action process's would. */
  decoyPid: number;
  remove(): Promise<void>;
}

/** Puts the canaries into this process's environment and starts a decoy holding them in its environment block. */
export async function plantCanaries(): Promise<PlantedCanaries> {
  const saved = Object.fromEntries(Object.keys(CANARIES).map((k) => [k, process.env[k]]));
  Object.assign(process.env, CANARIES);
  const decoy: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
    env: { ...process.env, ...CANARIES },
    stdio: 'ignore',
  });
  await new Promise<void>((resolve, reject) => {
    decoy.once('spawn', resolve);
    decoy.once('error', reject);
  });
  return {
    decoyPid: decoy.pid!,
    async remove() {
      decoy.kill('SIGKILL');
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
