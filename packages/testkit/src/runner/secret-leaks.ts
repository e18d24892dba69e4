/**
 * Tracks `::add-mask::` values in the order the process printed them, so a secret that shows
 * up after it was masked is reported — the real runner would have hidden it, our tests must not.
 */
export class MaskTracker {
  readonly masks: string[] = [];
  private readonly leaked = new Set<string>();

  add(value: string): void {
    // The runner refuses blank masks with a warning; whitespace-only values would match everywhere.
    if (value.trim() === '' || this.masks.includes(value)) return;
    this.masks.push(value);
  }

  /** Checks text printed after every mask registered so far. */
  scan(text: string): void {
    for (const mask of this.masks) {
      if (text.includes(mask)) this.leaked.add(mask);
    }
  }

  get leakedSecrets(): string[] {
    return [...this.leaked];
  }
}
