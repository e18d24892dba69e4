/** excerptText for a file on its own: its symbols come from the parser when its language has one. */
import { excerptText, type Excerpt } from './excerpt.js';
import { isParsed, languageOf } from './languages.js';
import { extract } from './parser.js';

export async function excerptFile(path: string, text: string, query: string, maxChars: number): Promise<Excerpt> {
  if (text.length <= maxChars) return excerptText(text, [], query, maxChars);
  const language = languageOf(path);
  const symbols = isParsed(language) ? (await extract(language, text)).symbols : [];
  return excerptText(text, symbols, query, maxChars);
}
