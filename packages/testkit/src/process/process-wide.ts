/**
 * State shared by every test file of a process. Jest gives each test file a fresh module registry and global object,
 * so a module-level variable lives one file long; it hands every file the same Node built-in module objects, so a
 * holder kept on one of them (under a registered symbol) lives as long as the jest worker.
 */
import v8 from 'node:v8';

/** The holder named `key`, made by `create` on first use in this process. */
export function processWide<T extends object>(key: string, create: () => T): T {
  const host = v8 as unknown as Record<symbol, T | undefined>;
  return (host[Symbol.for(`eternia.testkit.${key}`)] ??= create());
}
