// `node --import ./scripts/register-ts-loader.mjs script.mjs` lets a script import .ts sources.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
