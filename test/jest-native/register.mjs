/**
 * Loaded with `node --import` by the process that runs jest and, through it, by every test process jest-light-runner
 * forks (they inherit the parent's exec arguments, not an environment variable, so the processes the tests start run
 * plain node). tsx strips TypeScript types and maps `.js` imports to their `.ts` sources; the resolve hook serves
 * `@jest/globals`. No type check here: `npm run typecheck` does that.
 */
import { register } from 'node:module';
import 'tsx';

register('./resolve-globals.mjs', import.meta.url);
