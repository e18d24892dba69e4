/**
 * The `eternia-agents` command: `atlas …` goes to the repo atlas, everything else (`apply-patch …`, and the
 * bare options it has always taken) to the patch CLI. Each is a lazy import, so one does not load the other.
 */
export async function dispatch(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'atlas') {
    const { runAtlasCli } = await import('@eternia/atlas');
    try {
      process.exitCode = await runAtlasCli(argv.slice(1), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        cwd: process.cwd(),
      });
    } catch (error) {
      process.stderr.write(`atlas: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    }
    return;
  }
  const { runCli } = await import('@eternia/patch');
  await runCli(argv);
}
