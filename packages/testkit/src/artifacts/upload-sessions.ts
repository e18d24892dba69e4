/** Uploads between CreateArtifact and FinalizeArtifact: the blocks staged so far and the committed blob. Not listed until finalized. */
import { randomBytes } from 'node:crypto';

export interface UploadSession {
  id: string;
  runId: number;
  name: string;
  job: string;
  repository: string;
  /** The mime type CreateArtifact announced: application/zip for archives. */
  mimeType: string;
  expiresAt: string | null;
  blocks: Map<string, Buffer>;
  /** Set by the block list commit (or a single-shot put). */
  blob?: Buffer;
}

export class UploadSessions {
  readonly #byId = new Map<string, UploadSession>();

  /** A new upload of `name` on the run; an earlier, unfinished upload of the same name is dropped (a retried CreateArtifact). */
  open(fields: Omit<UploadSession, 'id' | 'blocks'>): UploadSession {
    const stale = this.pending(fields.runId, fields.name);
    if (stale) this.#byId.delete(stale.id);
    const session: UploadSession = { ...fields, id: randomBytes(12).toString('hex'), blocks: new Map() };
    this.#byId.set(session.id, session);
    return session;
  }

  get(id: string): UploadSession | undefined {
    return this.#byId.get(id);
  }

  pending(runId: number, name: string): UploadSession | undefined {
    return [...this.#byId.values()].find((s) => s.runId === runId && s.name === name);
  }

  close(id: string): void {
    this.#byId.delete(id);
  }
}
