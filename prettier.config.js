// Prettier, set to the style the code was written in: single quotes, semicolons, long lines (most files already
// keep one statement per line up to ~150 characters).
export default {
  printWidth: 150,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  // Template literals here hold prompts, patches and logs whose bytes matter: never reformat what is inside them.
  embeddedLanguageFormatting: 'off',
};
