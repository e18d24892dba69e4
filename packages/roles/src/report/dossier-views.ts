import type { z } from 'zod';
import type { Dossier } from '@eternia/dossier';

/**
 * A dossier file read with the schema of the role that wrote it: null when absent; a note (and null) when
 * it cannot be read, because a final report that fails over one bad file would hide everything else it knows.
 */
export function readView<T>(dossier: Dossier, file: string, schema: z.ZodType<T>, notes: string[]): T | null {
  try {
    return dossier.readJson(file, schema);
  } catch (error) {
    notes.push(`${file} could not be read: ${(error as Error).message}`);
    return null;
  }
}
