/**
 * Token counting for the map's budget: gpt-tokenizer's o200k_base encoding where the package is installed
 * (tests, the npm CLI). The bundled actions do not carry it (its tables are 2.8 MB): there a conservative
 * estimate stands in, one token per 3 bytes (o200k averages about 4 bytes per token on source code).
 */
export type CountTokens = (text: string) => number;

export const estimateTokens: CountTokens = (text) => Math.ceil(Buffer.byteLength(text, 'utf8') / 3);

let loaded: Promise<CountTokens> | undefined;

export function loadTokenCounter(): Promise<CountTokens> {
  // A computed specifier: the dist bundle must not inline the tokenizer's tables.
  const specifier = ['gpt-tokenizer', 'encoding', 'o200k_base'].join('/');
  loaded ??= import(specifier).then(
    (module: { countTokens: (text: string) => number }) => (text: string) => module.countTokens(text),
    () => estimateTokens,
  );
  return loaded;
}
