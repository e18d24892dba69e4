/** Bundle entry of the `eternia-agents` bin (dist/cli): runs the dispatcher on process.argv. */
import { dispatch } from './dispatch.js';

await dispatch(process.argv.slice(2));
