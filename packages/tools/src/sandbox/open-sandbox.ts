import os from 'node:os';
import { ConfigurationError } from '@eternia/core';
import { LauncherClient } from './launcher-client.js';
import { OsUserSandbox } from './os-user-sandbox.js';
import { detectPrivilege, sudoWorks, type Privilege } from './privilege.js';
import type { OpenSandboxOptions, Sandbox } from './types.js';
import { Unsandboxed } from './unsandboxed.js';

/** Where a repository opts into running code without a sandbox. */
export const ALLOW_UNSANDBOXED_KEY = "key 'sandbox.allow-unsandboxed' in .github/agents.yml";
export const DEFAULT_SANDBOX_USER = 'eternia-sandbox';

/** Seams for tests: how privilege is detected and whether sudo still works after the drop. */
export interface OpenSandboxSeams {
  privilege?: () => Privilege;
  sudoWorks?: () => boolean;
}

interface SetupResult {
  uid: number;
  gid: number;
  created: boolean;
}

async function openOsUser(privilege: 'root' | 'sudo', options: OpenSandboxOptions, seams: OpenSandboxSeams): Promise<Sandbox> {
  const user = options.user ?? DEFAULT_SANDBOX_USER;
  const launcher = new LauncherClient(privilege === 'sudo' ? ['sudo', '-n', '--'] : []);
  try {
    await launcher.ready;
    const setup = await launcher.request<SetupResult>('setup', { user, network: options.network });
    if (setup.created) options.log?.(`created system user ${user} (uid ${setup.uid}) for the sandbox`);
    let sudoNote = 'the job runs as root, there is no sudo to drop';
    if (privilege === 'sudo') {
      // From here on only the launcher (already root) can act as root; the job's user no longer can.
      const jobUser = os.userInfo().username;
      await launcher.request('drop-sudo', { user: jobUser });
      if ((seams.sudoWorks ?? sudoWorks)()) throw new Error(`sudo was dropped for ${jobUser} but 'sudo -n true' still succeeds`);
      sudoNote = `sudo dropped for ${jobUser} for the rest of the job ('sudo -n true' now fails)`;
    }
    return new OsUserSandbox(launcher, { user, uid: setup.uid, gid: setup.gid }, options.network, sudoNote);
  } catch (error) {
    await launcher.close();
    throw error;
  }
}

/**
 * Opens the sandbox repository and model-written code runs in. With root (directly or through
 * sudo, which is dropped right after) it runs as another OS user in fresh namespaces; without, it
 * runs unsandboxed only when policy allows it, and is a ConfigurationError naming the key otherwise.
 */
export async function openSandbox(options: OpenSandboxOptions, seams: OpenSandboxSeams = {}): Promise<Sandbox> {
  const privilege = (seams.privilege ?? detectPrivilege)();
  let reason: string;
  if (privilege === 'none') {
    reason = 'this process is not root and has no password-less sudo';
  } else {
    try {
      return await openOsUser(privilege, options, seams);
    } catch (error) {
      // A failed sudo drop must not quietly become an unsandboxed run with sudo still at hand.
      if (/still succeeds/.test((error as Error).message)) throw error;
      reason = `the os-user sandbox could not start (${(error as Error).message})`;
    }
  }
  if (!options.allowUnsandboxed) {
    throw new ConfigurationError(
      `repository code cannot be sandboxed here: ${reason}. Run as root or with password-less sudo (GitHub-hosted runners have it), or set it to true to run tests and install scripts as the job's own user, able to read the job's secrets`,
      ALLOW_UNSANDBOXED_KEY,
    );
  }
  options.log?.(`running repository code UNSANDBOXED: ${reason}`);
  return new Unsandboxed(reason);
}
