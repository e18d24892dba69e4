import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';

/** The action metadata the runner needs, checked the way GitHub reads `action.yml`. */
const inputSchema = z
  .object({
    description: z.string(),
    required: z.boolean().optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
    deprecationMessage: z.string().optional(),
  })
  .strict();

const outputSchema = z.object({ description: z.string(), value: z.string().optional() }).strict();

const runsSchema = z
  .object({
    using: z.enum(['node24', 'node20']),
    main: z.string().min(1),
    pre: z.string().min(1).optional(),
    'pre-if': z.string().optional(),
    post: z.string().min(1).optional(),
    'post-if': z.string().optional(),
  })
  .strict();

const manifestSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    author: z.string().optional(),
    inputs: z.record(z.string().min(1), inputSchema).optional(),
    outputs: z.record(z.string().min(1), outputSchema).optional(),
    runs: runsSchema,
    branding: z.object({ icon: z.string().optional(), color: z.string().optional() }).strict().optional(),
  })
  .strict();

export type ActionManifest = z.infer<typeof manifestSchema> & { file: string };
export type ActionInput = z.infer<typeof inputSchema>;

/** Path of the metadata file GitHub would use: action.yml first, then action.yaml. */
export async function findActionFile(actionDir: string): Promise<string> {
  for (const name of ['action.yml', 'action.yaml']) {
    const file = path.join(actionDir, name);
    try {
      await readFile(file);
      return file;
    } catch {
      // try the next name
    }
  }
  throw new ConfigurationError('no action.yml or action.yaml found', `action directory '${actionDir}'`);
}

export async function readActionManifest(actionDir: string): Promise<ActionManifest> {
  const file = await findActionFile(actionDir);
  const text = await readFile(file, 'utf8');
  return parseActionManifest(text, file);
}

export function parseActionManifest(text: string, file: string): ActionManifest {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigurationError(`not valid YAML: ${(error as Error).message}`, file, { cause: error });
  }
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new ConfigurationError(issue.message, `key '${key}' in ${file}`);
  }
  return { ...result.data, file };
}
