import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { ConfigurationError } from '@eternia/core';

/** The environment variable the runner uses for an input: `INPUT_` + upper-case name, spaces to underscores, dashes kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Contexts available to an action's input defaults (GitHub allows `github`, `runner`, `env`, `job`, `steps`, `strategy`, `matrix`, `inputs`...). */
export type ExpressionContext = Record<string, unknown>;

const expressionPattern = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * Evaluates a string that may hold `${{ … }}` expressions with GitHub's own expression engine.
 * A whole-string expression yields its value; embedded expressions are formatted into the text.
 */
export function evaluateTemplate(template: string, context: ExpressionContext, where: string): string {
  const contextData = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  const names = Object.keys(context);
  return template.replace(expressionPattern, (_match, source: string) => {
    try {
      const lexed = new Lexer(source.trim()).lex();
      const expr = new Parser(lexed.tokens, names, []).parse();
      return new Evaluator(expr, contextData).evaluate().coerceString();
    } catch (error) {
      throw new ConfigurationError(`cannot evaluate \${{${source}}}: ${(error as Error).message}`, where, { cause: error });
    }
  });
}
