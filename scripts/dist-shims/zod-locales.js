// Stands in for zod's locale index: zod imports all ~45 message locales (~290 KiB) and configures English. The
// library never switches locale, so only English is bundled; messages are unchanged.
export { default as en } from 'zod/v4/locales/en.js';
