/** Bundle entry for the stand-alone CLI (dist/cli): runs it on process.argv. */
import { runCli } from './cli.js';

await runCli(process.argv.slice(2));
