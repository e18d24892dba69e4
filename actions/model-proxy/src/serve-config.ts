import { z } from 'zod';

/** What the action hands the proxy process on its stdin (never in argv or the environment, where others could read it). */
export const serveConfigSchema = z.strictObject({
  apiKey: z.string().min(1),
  accessToken: z.string().min(16),
  /** Lets the post step stop the proxy and read what it spent; it cannot signal a process of another user. */
  controlToken: z.string().min(16),
  upstream: z.string().optional(),
  budget: z.strictObject({ maxTokens: z.number().positive(), maxCostUsd: z.number().positive(), requirePrices: z.boolean().optional() }),
  prices: z.record(z.string(), z.strictObject({ input: z.number().min(0), 'cached-input': z.number().min(0).optional(), output: z.number().min(0) })),
  /** A proxy whose post step never came (a cancelled job on a self-hosted runner) stops by itself. */
  maxLifetimeMs: z.number().positive(),
});

export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** The one line the proxy process prints once it listens (or fails to). */
export const handshakeSchema = z.union([
  z.strictObject({ url: z.string().url(), controlUrl: z.string().url(), pid: z.number().int().positive() }),
  z.strictObject({ error: z.string() }),
]);

export type Handshake = z.infer<typeof handshakeSchema>;
