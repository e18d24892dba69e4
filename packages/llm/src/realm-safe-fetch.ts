/**
 * The openai SDK recognises a timed-out request by an `AbortError` that is `instanceof Error`. A fetch
 * from another JS realm (jest's VM sandbox, some polyfills) throws errors that fail that check and lose
 * their name, so a timeout would read as a generic connection failure. Re-throwing an abort as an Error
 * of this realm keeps timeouts reported as timeouts.
 */
export function realmSafeFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (!(error instanceof Error) && typeof error === 'object' && error !== null && typeof name === 'string') {
        const local = new Error(String((error as { message?: unknown }).message ?? name), { cause: error });
        local.name = name;
        throw local;
      }
      throw error;
    }
  };
}
