#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(16);
const utils = __nccwpck_require__(59);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(595);
const utils = __nccwpck_require__(59);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 16:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(781);
const parse = __nccwpck_require__(265);
const utils = __nccwpck_require__(59);
const constants = __nccwpck_require__(595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(59);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 59:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 881:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(269);
/** Bundle entry for the stand-alone CLI (ncc): runs it on process.argv. */

await (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .ak)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 269:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  ak: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: USAGE, main

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: ./packages/patch/src/whole-file-block.ts
/**
 * The explicit whole-file block format, for new or small files, where a diff is more error-prone than
 * the content itself:
 *
 *     *** Begin File: path/to/file
 *     …every line of the new content, verbatim…
 *     *** End File
 *
 * The block replaces the file's whole content (creating it when absent). Lines inside are taken
 * literally, markdown fences included.
 */
const WHOLE_FILE_BEGIN = /^\*\*\* Begin File: (.+?)\s*$/;
const WHOLE_FILE_END = /^\*\*\* End File\s*$/;
/** A short description of the format, for prompts. */
const WHOLE_FILE_FORMAT_HELP = [
    'To create a file or replace a small file entirely, send a whole-file block instead of a diff:',
    '*** Begin File: path/relative/to/repo',
    '<the complete new content, every line>',
    '*** End File',
].join('\n');
/** Reads a block starting at `start` (the begin marker). Returns undefined when the end marker is missing. */
function readWholeFileBlock(lines, start) {
    const m = WHOLE_FILE_BEGIN.exec(lines[start] ?? '');
    if (!m?.[1])
        return undefined;
    for (let i = start + 1; i < lines.length; i++) {
        if (WHOLE_FILE_END.test(lines[i] ?? '')) {
            return { block: { path: m[1], lines: lines.slice(start + 1, i), line: start }, next: i + 1 };
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/patch/src/unwrap.ts
/**
 * Strips the wrappers models put around a patch: markdown fences, shell heredocs (`git apply <<'EOF'`)
 * and prose. Prose lines that survive are skipped by the parser, which only reads diff structure;
 * this step matters when prose outside a fence itself looks like a diff.
 */

const FENCE = /^(`{3,}|~{3,})/;
const HEREDOC_OPENER = /^[A-Za-z$(].*<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;
/** Whether a line starts diff or whole-file structure. */
function isDiffSignal(line) {
    return (line.startsWith('diff --git ') ||
        line.startsWith('--- ') ||
        line.startsWith('+++ ') ||
        line.startsWith('@@') ||
        WHOLE_FILE_BEGIN.test(line));
}
/** Splits patch text into lines without line ends; `crlf` says whether most lines ended in CRLF. */
function splitPatchLines(text) {
    const lines = text.split('\n');
    if (lines.length > 0 && lines[lines.length - 1] === '')
        lines.pop();
    let cr = 0;
    if (text.includes('\r')) {
        for (let i = 0; i < lines.length; i++) {
            const l = lines[i];
            if (l.charCodeAt(l.length - 1) === 13) {
                cr++;
                lines[i] = l.slice(0, -1);
            }
        }
    }
    return { lines, crlf: cr > 0 && cr * 2 >= lines.length };
}
/** Whether the text could hold a fence or a heredoc at all (when not, unwrap would return its lines unchanged). */
function mayBeWrapped(text) {
    return text.includes('```') || text.includes('~~~') || text.includes('<<');
}
/** Fenced regions at column 0; whole-file blocks are opaque (their content may hold fences). */
function fencedRegions(lines) {
    const regions = [];
    let open;
    let inBlock = false;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (inBlock) {
            if (WHOLE_FILE_END.test(line))
                inBlock = false;
            continue;
        }
        if (line.startsWith('*** ') && WHOLE_FILE_BEGIN.test(line)) {
            inBlock = true;
            continue;
        }
        const c = line.charCodeAt(0);
        if (c !== 96 && c !== 126)
            continue; // ` or ~
        const m = FENCE.exec(line);
        if (!m?.[1])
            continue;
        if (!open)
            open = { marker: m[1], at: i };
        else if (line.trimEnd() === line.slice(0, m[1].length) && m[1][0] === open.marker[0] && m[1].length >= open.marker.length) {
            regions.push({ from: open.at + 1, to: i });
            open = undefined;
        }
    }
    // An unclosed fence runs to the end (models get cut off).
    if (open)
        regions.push({ from: open.at + 1, to: lines.length });
    return regions;
}
function heredocRegions(lines) {
    const regions = [];
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (!line.includes('<<'))
            continue;
        const m = HEREDOC_OPENER.exec(line);
        if (!m?.[2])
            continue;
        const delimiter = m[2];
        let end = i + 1;
        while (end < lines.length && (lines[end] ?? '').trim() !== delimiter)
            end++;
        regions.push({ from: i + 1, to: end });
        i = end;
    }
    return regions;
}
function hasSignal(lines, r) {
    for (let i = r.from; i < r.to; i++)
        if (isDiffSignal(lines[i] ?? ''))
            return true;
    return false;
}
/** Keeps only the wrapped regions, when the patch's first diff line is inside one of them. */
function pick(lines, regions) {
    if (regions.length === 0)
        return undefined;
    const useful = regions.filter((r) => hasSignal(lines, r));
    const first = lines.findIndex(isDiffSignal);
    if (first < 0 || !useful.some((r) => first >= r.from && first < r.to))
        return undefined;
    return useful.flatMap((r) => lines.slice(r.from, r.to));
}
/** Returns the lines that carry the patch. */
function unwrap(lines) {
    let out = pick(lines, fencedRegions(lines)) ?? lines;
    out = pick(out, heredocRegions(out)) ?? out;
    return out;
}

;// CONCATENATED MODULE: ./packages/patch/src/parse.ts

const HUNK_HEADER = /^@@+\s*-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?/;
/** A line that stands for omitted lines: `...`, `…`, `// ... existing code ...`, `# ...`. */
const ELISION = /^(?:(?:\/\/+|#+|\/\*+|<!--|--|;+|%|\*)\s*)?(?:\.{3,}|…)(?:\s.*)?$/;
const mayElide = (s) => s.includes('...') || s.includes('…');
/** Undoes git's C-style quoting of paths with special characters. */
function unquote(p) {
    if (!(p.startsWith('"') && p.endsWith('"') && p.length >= 2))
        return p;
    const body = p.slice(1, -1);
    const bytes = [];
    const simple = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
    for (let i = 0; i < body.length; i++) {
        const c = body[i] ?? '';
        if (c !== '\\') {
            for (const b of Buffer.from(c, 'utf8'))
                bytes.push(b);
            continue;
        }
        const n = body[i + 1] ?? '';
        if (/[0-7]/.test(n)) {
            bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
            i += 3;
        }
        else {
            bytes.push(simple[n] ?? n.charCodeAt(0));
            i += 1;
        }
    }
    return Buffer.from(bytes).toString('utf8');
}
/** The path of a `---`/`+++` line: no timestamp, unquoted; null for /dev/null. */
function headerPath(rest) {
    let p = rest;
    const tab = p.indexOf('\t');
    if (tab >= 0)
        p = p.slice(0, tab);
    p = unquote(p.trim());
    return p === '/dev/null' ? null : p;
}
function gitPaths(rest) {
    const s = rest.trim();
    if (s.startsWith('"')) {
        const m = /^("(?:[^"\\]|\\.)*")\s+(.+)$/.exec(s);
        if (m?.[1] && m[2])
            return { a: unquote(m[1]), b: unquote(m[2]) };
        return {};
    }
    // Same path on both sides is the common case and the only way to split paths holding spaces.
    const half = (s.length - 1) / 2;
    if (Number.isInteger(half) && s[half] === ' ') {
        const a = s.slice(0, half);
        const b = s.slice(half + 1);
        if (a.replace(/^a\//, '') === b.replace(/^b\//, ''))
            return { a, b: b.startsWith('"') ? unquote(b) : b };
    }
    const at = s.lastIndexOf(' b/');
    if (at > 0)
        return { a: s.slice(0, at), b: unquote(s.slice(at + 1)) };
    const parts = s.split(/\s+/);
    return parts.length === 2 ? { a: parts[0], b: parts[1] } : {};
}
function isBodyLine(l) {
    return l.startsWith(' ') || l.startsWith('+') || l.startsWith('-') || l.startsWith('\\');
}
/** `--- x` / `+++ y` pair followed by a hunk (or nothing): a file header, not a removed and an added line. */
function isFileHeaderAt(lines, i) {
    const a = lines[i] ?? '';
    const b = lines[i + 1];
    if (!a.startsWith('--- ') || b === undefined || !b.startsWith('+++ '))
        return false;
    const c = lines[i + 2];
    return c === undefined || c.startsWith('@@') || c.startsWith('diff --git ') || c.trim() === '';
}
/** A single `+++ x` (or `--- x`) line directly followed by a hunk header. */
function isLoneHeaderAt(lines, i) {
    const a = lines[i] ?? '';
    return (a.startsWith('+++ ') || a.startsWith('--- ')) && (lines[i + 1] ?? '').startsWith('@@');
}
function startsStructure(lines, i) {
    const l = lines[i] ?? '';
    const c = l[0];
    if (c === ' ' || c === undefined)
        return false;
    if (c === '-' && !l.startsWith('--- '))
        return false;
    if (c === '+' && !l.startsWith('+++ '))
        return false;
    return l.startsWith('@@') || l.startsWith('diff --git ') || WHOLE_FILE_BEGIN.test(l) || isFileHeaderAt(lines, i) || isLoneHeaderAt(lines, i);
}
/** Whether more hunk body follows line i (so an odd line at i is inside the hunk, not prose after it). */
function bodyContinuesAfter(lines, i) {
    for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j] ?? '';
        if (l === '')
            continue;
        if (startsStructure(lines, j))
            return false;
        return isBodyLine(l);
    }
    return false;
}
function oldNew(body) {
    let old = 0;
    let neu = 0;
    for (const l of body) {
        if (l.kind !== 'add')
            old++;
        if (l.kind !== 'remove')
            neu++;
    }
    return { old, neu };
}
function parseHunk(lines, start, index) {
    const header = lines[start] ?? '';
    const m = HUNK_HEADER.exec(header);
    const hunk = { index, header, lines: [] };
    if (m) {
        hunk.oldStart = Number(m[1]);
        hunk.oldCount = m[2] === undefined ? 1 : Number(m[2]);
        hunk.newStart = Number(m[3]);
        hunk.newCount = m[4] === undefined ? 1 : Number(m[4]);
    }
    const body = hunk.lines;
    let i = start + 1;
    for (; i < lines.length; i++) {
        const l = lines[i] ?? '';
        if (startsStructure(lines, i))
            break;
        const c = l[0];
        if (c === ' ') {
            const text = l.slice(1);
            body.push(mayElide(text) && ELISION.test(text.trim()) ? { kind: 'context', text, elidable: true } : { kind: 'context', text });
        }
        else if (c === '-')
            body.push({ kind: 'remove', text: l.slice(1) });
        else if (c === '+')
            body.push({ kind: 'add', text: l.slice(1) });
        else if (c === '\\') {
            const prev = body[body.length - 1];
            if (prev)
                prev.noNewline = true;
        }
        else if (l === '')
            body.push({ kind: 'context', text: '', soft: 'blank' });
        else if (mayElide(l) && ELISION.test(l.trim()))
            body.push({ kind: 'context', text: l, elidable: true, soft: 'unprefixed' });
        else if (bodyContinuesAfter(lines, i))
            body.push({ kind: 'context', text: l, soft: 'unprefixed' });
        else
            break;
    }
    // Trailing blank lines are either blank context without its space or the gap before the next section.
    let k = 0;
    while (k < body.length && body[body.length - 1 - k]?.soft === 'blank')
        k++;
    if (k > 0) {
        const { old, neu } = oldNew(body.slice(0, body.length - k));
        if (hunk.oldCount !== undefined && old === hunk.oldCount && neu === hunk.newCount)
            body.splice(body.length - k, k);
        else if (hunk.oldCount !== undefined && old + k === hunk.oldCount && neu + k === hunk.newCount) {
            for (let j = body.length - k; j < body.length; j++) {
                const line = body[j];
                if (line?.kind === 'context')
                    delete line.soft;
            }
        }
    }
    return { hunk, next: i };
}
function newSection(line, init = {}) {
    return { newFile: false, deletedFile: false, binary: false, hunks: [], line: line + 1, ...init };
}
/** Parses unwrapped patch lines into file sections. */
function parsePatchLines(lines) {
    const files = [];
    const errors = [];
    let cur;
    let i = 0;
    while (i < lines.length) {
        const l = lines[i] ?? '';
        if (WHOLE_FILE_BEGIN.test(l)) {
            const r = readWholeFileBlock(lines, i);
            const path = WHOLE_FILE_BEGIN.exec(l)?.[1] ?? '';
            if (!r) {
                errors.push({ file: path, reason: 'parse-error', message: `whole-file block for ${path} (patch line ${i + 1}) has no "*** End File" line` });
                break;
            }
            files.push(newSection(i, { oldPath: r.block.path, newPath: r.block.path, wholeFile: r.block.lines }));
            cur = undefined;
            i = r.next;
            continue;
        }
        if (l.startsWith('diff --git ')) {
            const { a, b } = gitPaths(l.slice('diff --git '.length));
            cur = newSection(i, { gitOld: a, gitNew: b });
            files.push(cur);
            i++;
            for (; i < lines.length; i++) {
                const h = lines[i] ?? '';
                let m;
                // The usual git header line; the mode and rename lines below are rare.
                if (h.startsWith('index '))
                    continue;
                if ((m = /^old mode (\d+)/.exec(h)))
                    cur.oldMode = m[1];
                else if ((m = /^new mode (\d+)/.exec(h)))
                    cur.newMode = m[1];
                else if ((m = /^new file mode (\d+)/.exec(h))) {
                    cur.newFile = true;
                    cur.newMode = m[1];
                }
                else if ((m = /^deleted file mode (\d+)/.exec(h))) {
                    cur.deletedFile = true;
                    cur.oldMode = m[1];
                }
                else if (h.startsWith('rename from ') || h.startsWith('copy from '))
                    cur.renameFrom = unquote(h.replace(/^(rename|copy) from /, '').trim());
                else if (h.startsWith('rename to ') || h.startsWith('copy to '))
                    cur.renameTo = unquote(h.replace(/^(rename|copy) to /, '').trim());
                else if (/^(similarity index|dissimilarity index|index )/.test(h))
                    continue;
                else if (h.startsWith('GIT binary patch') || (h.startsWith('Binary files ') && h.endsWith(' differ')))
                    cur.binary = true;
                else
                    break;
            }
            continue;
        }
        if (isFileHeaderAt(lines, i) || isLoneHeaderAt(lines, i)) {
            const minus = l.startsWith('--- ') ? headerPath(l.slice(4)) : undefined;
            const plusLine = l.startsWith('+++ ') ? l : (lines[i + 1] ?? '').startsWith('+++ ') ? (lines[i + 1] ?? '') : undefined;
            const plus = plusLine === undefined ? undefined : headerPath(plusLine.slice(4));
            // A git section's own ---/+++ lines belong to it; otherwise this starts a plain section.
            if (!(cur && cur.gitOld !== undefined && cur.hunks.length === 0 && cur.oldPath === undefined && cur.newPath === undefined && files[files.length - 1] === cur)) {
                cur = newSection(i);
                files.push(cur);
            }
            cur.oldPath = minus;
            cur.newPath = plus;
            i += plusLine !== undefined && !l.startsWith('+++ ') ? 2 : 1;
            continue;
        }
        if (l.startsWith('@@')) {
            if (!cur) {
                errors.push({ reason: 'parse-error', message: `hunk at patch line ${i + 1} ("${l.slice(0, 60)}") has no file header (--- a/path / +++ b/path) before it` });
                const r = parseHunk(lines, i, 1);
                i = r.next;
                continue;
            }
            const r = parseHunk(lines, i, cur.hunks.length + 1);
            cur.hunks.push(r.hunk);
            i = r.next;
            continue;
        }
        if (cur && (l.startsWith('GIT binary patch') || (l.startsWith('Binary files ') && l.endsWith(' differ'))))
            cur.binary = true;
        i++; // prose
    }
    for (const f of files) {
        const name = f.newPath ?? f.oldPath ?? f.gitNew ?? f.gitOld ?? '(unnamed)';
        if (f.oldPath === undefined && f.newPath === undefined && f.gitOld === undefined && f.gitNew === undefined) {
            errors.push({ reason: 'parse-error', message: `file section at patch line ${f.line} names no file` });
        }
        else if (!f.wholeFile && !f.binary && f.hunks.length === 0 && !f.newFile && !f.deletedFile && !f.renameTo && !f.newMode) {
            errors.push({ file: name, reason: 'parse-error', message: `file section for ${name} (patch line ${f.line}) has no hunks` });
        }
        for (const h of f.hunks) {
            if (h.lines.length === 0)
                errors.push({ file: name, hunk: h.index, reason: 'parse-error', message: `hunk ${h.index} of ${name} ("${h.header}") has no lines` });
        }
    }
    return { files, errors };
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(6);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
;// CONCATENATED MODULE: ./packages/patch/src/policy.ts
/** The patch policy: defaults, merging, and path matching with picomatch. */

/** Paths no patch may touch, whatever the caller's policy says (it can only add to this list). */
const DEFAULT_DENY = [
    '.github/workflows/**',
    // The agents' policy and prompt overrides: a patch must never widen what a later job may do.
    '.github/agents.yml',
    '.github/agents.yaml',
    '.github/agents/**',
    '**/.git',
    '**/.git/**',
    '**/.env',
    '**/.env.!(example|sample|template|dist)',
    '**/*.pem',
    '**/*.key',
    '**/*.p12',
    '**/*.pfx',
    '**/*.jks',
    '**/*.keystore',
    '**/id_rsa',
    '**/id_dsa',
    '**/id_ecdsa',
    '**/id_ed25519',
    '**/.ssh/**',
    '**/.aws/credentials',
    '**/.npmrc',
    '**/.pypirc',
    '**/.netrc',
    '**/.git-credentials',
];
function checkGlobs(value, key) {
    if (value === undefined)
        return undefined;
    if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || g === '')) {
        throw new TypeError(`patch policy: "${key}" must be an array of non-empty glob strings`);
    }
    return value;
}
function checkLimit(value, key) {
    if (value === undefined)
        return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new TypeError(`patch policy: "${key}" must be a non-negative integer, got ${JSON.stringify(value)}`);
    }
    return value;
}
/**
 * Matches a path against globs the way picomatch(globs, options) does (a glob equal to the path, or
 * its regular expression), without the result objects picomatch builds per call: paths reaching
 * here are already normalized (relative, '/'-separated), which is all picomatch's formatting does.
 */
function globMatcher(globs, options) {
    const literal = new Set(globs);
    const res = globs.map((g) => picomatch_default().makeRe(g, options));
    // A policy is compiled once and reused for many patches, which touch the same files again and
    // again (an implementer's retries, one repository's hot files): remember the answers.
    const seen = new Map();
    return (path) => {
        let hit = seen.get(path);
        if (hit === undefined) {
            hit = path !== '' && (literal.has(path) || res.some((re) => re.test(path)));
            if (seen.size >= 10_000)
                seen.clear();
            seen.set(path, hit);
        }
        return hit;
    };
}
const cache = new Map();
let defaultPolicy;
/** Validates and compiles a policy; compiled globs are cached, since the roles apply many patches. */
function resolvePolicy(p) {
    if (p === undefined)
        return (defaultPolicy ??= compilePolicy({}));
    const key = JSON.stringify(p);
    const hit = cache.get(key);
    if (hit)
        return hit;
    const resolved = compilePolicy(p);
    if (cache.size > 50)
        cache.clear();
    cache.set(key, resolved);
    return resolved;
}
function compilePolicy(p) {
    if (typeof p !== 'object' || p === null)
        throw new TypeError('patch policy must be an object');
    const allow = checkGlobs(p.allow, 'allow') ?? ['**'];
    const deny = [...DEFAULT_DENY, ...(checkGlobs(p.deny, 'deny') ?? [])];
    const testsOnly = checkGlobs(p.testsOnly, 'testsOnly');
    // Denials are matched case-insensitively: on a case-insensitive disk .GIT/config is .git/config.
    const denied = globMatcher(deny, { dot: true, nocase: true });
    const allowed = globMatcher(allow, { dot: true });
    const test = testsOnly ? globMatcher(testsOnly, { dot: true }) : () => true;
    return {
        allow,
        deny,
        testsOnly,
        maxChangedLines: checkLimit(p.maxChangedLines, 'maxChangedLines'),
        maxFiles: checkLimit(p.maxFiles, 'maxFiles'),
        maxDeletedLines: checkLimit(p.maxDeletedLines, 'maxDeletedLines'),
        maxDeletedFiles: checkLimit(p.maxDeletedFiles, 'maxDeletedFiles'),
        isAllowed: (path) => allowed(path),
        isDenied: (path) => denied(path),
        isTest: (path) => test(path),
    };
}

;// CONCATENATED MODULE: ./packages/patch/src/validate.ts
/** A patch path made relative and canonical, or the reason it cannot be. */
function normalizePatchPath(raw) {
    const bad = (reason, why) => ({
        refusal: { file: raw, reason, message: `path ${JSON.stringify(raw)} ${why}` },
    });
    if (raw === '')
        return bad('parse-error', 'is empty');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(raw))
        return bad('parse-error', 'contains control characters');
    if (raw.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(raw)) {
        return bad('outside-workspace', 'is absolute; paths must be relative to the repository root');
    }
    const parts = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
    if (parts.some((s) => s === '..'))
        return bad('outside-workspace', "contains '..'; paths must stay inside the repository");
    if (parts.length === 0)
        return bad('parse-error', 'names no file');
    return { path: parts.join('/') };
}
/** Allowed, denied and tests-only globs for one path the patch touches. */
function checkPathPolicy(path, policy, what = 'path') {
    if (policy.isDenied(path)) {
        return { file: path, reason: 'denied-path', message: `${what} ${path} is denied by policy (protected paths such as .github/workflows/**, .git/** and secrets files are never patched)` };
    }
    if (!policy.isAllowed(path)) {
        return { file: path, reason: 'denied-path', message: `${what} ${path} is outside the allowed paths (${policy.allow.join(', ')})` };
    }
    if (!policy.isTest(path)) {
        return { file: path, reason: 'tests-only', message: `${what} ${path} is not a test file; this patch may only touch ${(policy.testsOnly ?? []).join(', ')}` };
    }
    return undefined;
}
function checkLimits(t, policy) {
    const out = [];
    const changed = t.added + t.removed;
    if (policy.maxChangedLines !== undefined && changed > policy.maxChangedLines) {
        out.push({ reason: 'too-large', message: `the patch changes ${changed} lines (${t.added} added, ${t.removed} removed); the limit is ${policy.maxChangedLines}. Split the change into smaller patches` });
    }
    if (policy.maxFiles !== undefined && t.files > policy.maxFiles) {
        out.push({ reason: 'too-large', message: `the patch touches ${t.files} files; the limit is ${policy.maxFiles}` });
    }
    if (policy.maxDeletedLines !== undefined && t.removed > policy.maxDeletedLines) {
        out.push({ reason: 'mass-deletion', message: `the patch removes ${t.removed} lines; the limit is ${policy.maxDeletedLines}` });
    }
    if (policy.maxDeletedFiles !== undefined && t.deletedFiles > policy.maxDeletedFiles) {
        out.push({ reason: 'mass-deletion', message: `the patch deletes ${t.deletedFiles} files; the limit is ${policy.maxDeletedFiles}` });
    }
    return out;
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./packages/patch/src/fs-workspace.ts
/**
 * The target directory: reads files, refuses paths that leave it through a symlink, and writes
 * every change at once, restoring what it had already written if a later write fails.
 */


function isInside(root, p) {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
}
/** Writes open the checked path without following a symlink swapped in since the check. */
const REWRITE_FLAGS = (external_node_fs_default()).constants.O_WRONLY | ((external_node_fs_default()).constants.O_NOFOLLOW ?? 0);
/**
 * Reads a file as UTF-8 text through Node's native fast path (one call, much cheaper than a Buffer
 * read for small files); falls back to the raw bytes when the text may not round-trip: a NUL
 * (binary) or U+FFFD (invalid UTF-8, or a replacement character to be checked byte for byte).
 */
function readContent(abs) {
    const text = external_node_fs_default().readFileSync(abs, 'utf8');
    if (!text.includes('\u0000') && !text.includes('\uFFFD'))
        return { content: text, encoding: 'utf8' };
    return { content: external_node_fs_default().readFileSync(abs) };
}
/**
 * Overwrites an existing file in place: the new bytes from offset 0, then a truncation only when the
 * file got shorter. Truncating to zero first (what writeFileSync's 'w' does) makes ext4 free the old
 * blocks and start writing the new data back at close (its auto_da_alloc guard), several times the
 * cost of the write itself on small files. Keeps the inode, mode and ownership, like 'w' does.
 */
function rewrite(abs, content, encoding) {
    const length = typeof content === 'string' ? Buffer.byteLength(content, encoding) : content.length;
    const fd = external_node_fs_default().openSync(abs, REWRITE_FLAGS);
    try {
        // On a descriptor just opened, writeFileSync writes everything from offset 0 and never truncates.
        external_node_fs_default().writeFileSync(fd, content, { encoding });
        if (external_node_fs_default().fstatSync(fd).size > length)
            external_node_fs_default().ftruncateSync(fd, length);
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}
/** fs.rmSync(force) without its lstat and recursion machinery: deletions here are always of files. */
function unlinkIfPresent(abs) {
    try {
        external_node_fs_default().unlinkSync(abs);
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            throw e;
    }
}
class FsWorkspace {
    root;
    /**
     * The root as an absolute path; every path the workspace hands out starts with it. Symlinks in
     * the root's own path are the caller's business: only those below it are checked.
     */
    base;
    realBase;
    /** Whether the root is known to be a folder: checked once, or implied by a path found under it. */
    rootChecked = false;
    constructor(root) {
        this.root = root;
        // Without '..' in it, the lexical absolute path names the same folder as the physical one.
        if (root.includes('..') && root.split(/[\\/]/).includes('..')) {
            this.checkRoot();
            this.base = external_node_fs_default().realpathSync.native(root);
        }
        else
            this.base = external_node_path_default().resolve(root);
    }
    /**
     * Throws a TypeError unless the root is an existing folder. A path that exists under the root
     * proves it, which saves the stat in the usual case; the engine calls this before it reports.
     */
    checkRoot() {
        if (this.rootChecked)
            return;
        let st;
        try {
            st = external_node_fs_default().statSync(this.root);
        }
        catch {
            throw new TypeError(`apply-patch: cwd ${JSON.stringify(this.root)} does not exist`);
        }
        if (!st.isDirectory())
            throw new TypeError(`apply-patch: cwd ${JSON.stringify(this.root)} is not a directory`);
        this.rootChecked = true;
    }
    /** The root with symlinks resolved, needed only once a symlink below the root has to be followed. */
    get realRoot() {
        return (this.realBase ??= external_node_fs_default().realpathSync.native(this.base));
    }
    /** A resolved path as a path under `base`, or undefined when it is outside the workspace. */
    toWorkspace(real) {
        const rel = external_node_path_default().relative(this.realRoot, real);
        if (rel.startsWith('..') || external_node_path_default().isAbsolute(rel))
            return undefined;
        return external_node_path_default().join(this.base, rel);
    }
    realDirs = new Map();
    looked = new Map();
    /**
     * Where a relative path really lands on disk, following symlinks in it, and what is there; or a
     * refusal when it lands outside the workspace. `realRel` is the resolved path relative to the
     * root, so a link into a denied folder is caught by the same globs.
     */
    lookup(rel) {
        let r = this.looked.get(rel);
        if (!r) {
            r = this.lookupUncached(rel);
            this.looked.set(rel, r);
        }
        return r;
    }
    lookupUncached(rel) {
        const abs = external_node_path_default().join(this.base, rel);
        // throwIfNoEntry: a missing file is common here, and exceptions are slow.
        let st;
        try {
            st = external_node_fs_default().lstatSync(abs, { throwIfNoEntry: false });
        }
        catch (e) {
            this.checkRoot(); // a cwd that is a file fails here with ENOTDIR: report it as such
            throw e;
        }
        if (st)
            this.rootChecked = true;
        else
            this.checkRoot();
        let target;
        if (st && !st.isSymbolicLink()) {
            // The common case: a plain file or folder; only its folders can hide a symlink.
            const dir = this.realDir(external_node_path_default().dirname(rel));
            target = dir === undefined ? undefined : external_node_path_default().join(dir, external_node_path_default().basename(abs));
        }
        else {
            let probe = abs;
            const rest = [];
            while (!external_node_fs_default().lstatSync(probe, { throwIfNoEntry: false })) {
                rest.unshift(external_node_path_default().basename(probe));
                probe = external_node_path_default().dirname(probe);
            }
            let real;
            try {
                real = external_node_fs_default().realpathSync.native(probe);
            }
            catch {
                return { refusal: { file: rel, reason: 'outside-workspace', message: `path ${rel} goes through a broken symlink` } };
            }
            target = this.toWorkspace(external_node_path_default().join(real, ...rest));
            st = undefined;
        }
        if (target === undefined) {
            return { refusal: { file: rel, reason: 'outside-workspace', message: `path ${rel} leads outside the workspace through a symlink` } };
        }
        const realRel = target === abs ? rel : external_node_path_default().relative(this.base, target).split((external_node_path_default()).sep).join('/');
        return { abs: target, realRel, state: this.read(target, st) };
    }
    /**
     * Where an existing folder, given relative to the root, really is (as a path under `base`), or
     * undefined when a symlink takes it outside. A folder none of whose ancestors below the root is a
     * symlink is where its path says: one cached lstat per folder, no realpath (which costs a readlink
     * per component of the absolute path).
     */
    realDir(relDir) {
        if (relDir === '.' || relDir === '')
            return this.base;
        if (this.realDirs.has(relDir))
            return this.realDirs.get(relDir);
        const abs = external_node_path_default().join(this.base, relDir);
        const parent = this.realDir(external_node_path_default().dirname(relDir));
        let real;
        if (parent === undefined)
            real = undefined;
        else if (parent === external_node_path_default().dirname(abs) && external_node_fs_default().lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() === true)
            real = abs;
        else
            real = this.toWorkspace(external_node_fs_default().realpathSync.native(abs));
        this.realDirs.set(relDir, real);
        return real;
    }
    /** The file at a resolved absolute path, undefined when absent. */
    read(abs, known) {
        const st = known ?? external_node_fs_default().statSync(abs, { throwIfNoEntry: false });
        if (!st)
            return undefined;
        if (st.isDirectory())
            return 'directory';
        const { content, encoding } = readContent(abs);
        return { content, encoding, mode: st.mode & 0o7777, links: st.nlink };
    }
    /** Writes all changes (keyed by resolved absolute path); on any failure restores the previous states. */
    commit(changes) {
        const done = [];
        const createdDirs = [];
        try {
            for (const c of changes) {
                done.push(c); // before writing: a half-written file is restored too
                if (c.state === null) {
                    unlinkIfPresent(c.abs);
                    this.pruneEmptyDirs(external_node_path_default().dirname(c.abs));
                }
                else {
                    const dir = external_node_path_default().dirname(c.abs);
                    if (!c.previous && !external_node_fs_default().existsSync(dir)) {
                        const first = external_node_fs_default().mkdirSync(dir, { recursive: true });
                        if (first)
                            createdDirs.push(first);
                    }
                    if ((c.previous?.links ?? 1) > 1) {
                        // A hard link may lead outside the workspace: replace the file instead of writing through it.
                        const tmp = external_node_path_default().join(dir, `.${external_node_path_default().basename(c.abs)}.eternia-patch-${process.pid}`);
                        external_node_fs_default().writeFileSync(tmp, c.state.content, { mode: c.state.mode, encoding: c.state.encoding ?? 'utf8' });
                        external_node_fs_default().chmodSync(tmp, c.state.mode);
                        external_node_fs_default().renameSync(tmp, c.abs);
                    }
                    else {
                        // In place, like git apply and patch (keeps the inode and ownership). Every hunk was
                        // placed before the first write, and a failed write rolls all the others back.
                        if (c.previous)
                            rewrite(c.abs, c.state.content, c.state.encoding ?? 'utf8');
                        else
                            external_node_fs_default().writeFileSync(c.abs, c.state.content, { mode: c.state.mode, encoding: c.state.encoding ?? 'utf8' });
                        if ((c.previous ? c.previous.mode : 0o644) !== c.state.mode)
                            external_node_fs_default().chmodSync(c.abs, c.state.mode);
                    }
                }
            }
        }
        catch (error) {
            for (const c of done.reverse()) {
                try {
                    if (c.previous) {
                        external_node_fs_default().mkdirSync(external_node_path_default().dirname(c.abs), { recursive: true });
                        external_node_fs_default().rmSync(c.abs, { force: true });
                        external_node_fs_default().writeFileSync(c.abs, c.previous.content, { encoding: c.previous.encoding ?? 'utf8' });
                        external_node_fs_default().chmodSync(c.abs, c.previous.mode);
                    }
                    else
                        external_node_fs_default().rmSync(c.abs, { force: true });
                }
                catch {
                    // keep restoring the others
                }
            }
            for (const d of createdDirs.reverse())
                external_node_fs_default().rmSync(d, { recursive: true, force: true });
            throw error;
        }
    }
    /** Like git, removes folders a deletion left empty (never the root). */
    pruneEmptyDirs(dir) {
        let d = dir;
        while (isInside(this.base, d) && d !== this.base) {
            try {
                if (external_node_fs_default().readdirSync(d).length > 0)
                    return;
                external_node_fs_default().rmdirSync(d);
            }
            catch {
                return;
            }
            d = external_node_path_default().dirname(d);
        }
    }
}

;// CONCATENATED MODULE: ./packages/patch/src/normalize.ts
/**
 * Line comparison levels, from strict to tolerant. A level-n match is also a match at every level
 * above n, so the candidates at a tolerant level include those at the stricter ones.
 */
const LEVELS = 3;
/** Whitespace other than single spaces (tested first: replacing is much slower than testing). */
const ODD_SPACE = /[^\S ]| {2}/;
function normalizeLine(line, level) {
    if (level === 0)
        return line;
    if (level === 1)
        return line.trimEnd();
    // Indentation, tabs versus spaces, runs of blanks and a byte-order mark do not count.
    const t = line.trim();
    return ODD_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t;
}
/** Per-level normalized copies of a file's lines and an index from line to positions, built on demand. */
class LineIndex {
    lines;
    lf;
    norm = [];
    index = [];
    scans = 0;
    /** '\n' + every line + '\n': a block of lines occurs where '\n' + its lines joined by '\n' + '\n' does. */
    framed;
    textSearches = 0;
    /** `lf` is the text the lines were split from when it has no CR (see TextFile.lf). */
    constructor(lines, lf) {
        this.lines = lines;
        this.lf = lf;
    }
    /**
     * How many times (0, 1, or 2 meaning "more than one") a block of lines occurs exactly, or
     * undefined when this file cannot answer from its text. One native search over the text instead
     * of comparing line by line, which matters when the lines are cold in the cache.
     */
    exactCount(block) {
        // Each search reads the whole text: for many hunks in one file the line index (built once) is cheaper.
        if (this.lf === undefined || block.length === 0 || this.textSearches++ >= 8)
            return undefined;
        if (this.framed === undefined) {
            const t = this.lf;
            // Every line, the last included, ends in '\n' exactly once (no phantom empty last line).
            this.framed = '\n' + t + (t === '' || t.endsWith('\n') ? '' : '\n');
        }
        const needle = '\n' + block.join('\n') + '\n';
        const first = this.framed.indexOf(needle);
        if (first < 0)
            return 0;
        // From first + 1: overlapping occurrences (a repeated line) count too.
        return this.framed.indexOf(needle, first + 1) < 0 ? 1 : 2;
    }
    normalized(level) {
        let n = this.norm[level];
        if (!n) {
            n = level === 0 ? this.lines : this.lines.map((l) => normalizeLine(l, level));
            this.norm[level] = n;
        }
        return n;
    }
    positions(level, normalizedLine) {
        let idx = this.index[level];
        // A few lookups are cheaper as scans than building a map of the whole file.
        if (!idx && this.scans++ < 8) {
            const n = this.normalized(level);
            const out = [];
            for (let i = 0; i < n.length; i++)
                if (n[i] === normalizedLine)
                    out.push(i);
            return out;
        }
        if (!idx) {
            idx = new Map();
            const n = this.normalized(level);
            for (let i = 0; i < n.length; i++) {
                const key = n[i] ?? '';
                const list = idx.get(key);
                if (list)
                    list.push(i);
                else
                    idx.set(key, [i]);
            }
            this.index[level] = idx;
        }
        return idx.get(normalizedLine) ?? [];
    }
}

;// CONCATENATED MODULE: ./packages/patch/src/locate.ts

const GAP = { kind: 'gap', text: '' };
const MAX_COMBINATIONS = 64;
function buildInterpretation(h, dropSoftTail, elide) {
    const lines = h.lines;
    let end = lines.length;
    if (dropSoftTail)
        while (end > 0 && lines[end - 1]?.soft === 'blank')
            end--;
    const isGap = (l) => elide && l?.kind === 'context' && l.elidable === true;
    let firstOld = -1;
    let lastOld = -1;
    for (let i = 0; i < end; i++) {
        const l = lines[i];
        if (l.kind !== 'add' && !isGap(l)) {
            if (firstOld < 0)
                firstOld = i;
            lastOld = i;
        }
    }
    const ops = [];
    let current = [];
    const segments = [current];
    for (let i = 0; i < end; i++) {
        const l = lines[i];
        if (isGap(l)) {
            // A gap before the first or after the last old line constrains nothing; consecutive gaps are one.
            if (i > firstOld && i < lastOld && !isGap(lines[i - 1])) {
                ops.push(GAP);
                current = [];
                segments.push(current);
            }
        }
        else {
            ops.push(l);
            if (l.kind !== 'add')
                current.push(l.text);
        }
    }
    return { ops, segments, gaps: segments.length > 1 };
}
/** The readings of a hunk in order of preference. */
function interpretations(h) {
    const softTail = h.lines[h.lines.length - 1]?.soft === 'blank';
    const elidable = h.lines.some((l) => l.kind === 'context' && l.elidable);
    const out = [buildInterpretation(h, false, false)];
    if (softTail)
        out.push(buildInterpretation(h, true, false));
    if (elidable) {
        out.push(buildInterpretation(h, false, true));
        if (softTail)
            out.push(buildInterpretation(h, true, true));
    }
    return out;
}
function segmentMatchesAt(file, seg, at) {
    if (at < 0 || at + seg.length > file.length)
        return false;
    for (let i = 0; i < seg.length; i++)
        if (file[at + i] !== seg[i])
            return false;
    return true;
}
/** Start positions of a segment, found through its rarest line. */
function segmentPositions(idx, level, seg, from) {
    const file = idx.normalized(level);
    // The longest line first: it is the most likely to be unique, which ends the search at one scan.
    let bestJ = 0;
    for (let j = 1; j < seg.length; j++)
        if (seg[j].length > seg[bestJ].length)
            bestJ = j;
    let best = idx.positions(level, seg[bestJ] ?? '');
    for (let j = 0; j < seg.length && best.length > 1; j++) {
        if (j === bestJ)
            continue;
        const pos = idx.positions(level, seg[j] ?? '');
        if (pos.length < best.length) {
            best = pos;
            bestJ = j;
        }
    }
    const out = [];
    for (const p of best) {
        const at = p - bestJ;
        if (at >= from && segmentMatchesAt(file, seg, at))
            out.push(at);
    }
    return out;
}
/** Every placement of the segments in order (gaps of any size between them), up to `limit`. */
function matchSegments(idx, level, segments, limit) {
    if (segments.some((s) => s.length === 0))
        return [];
    const norm = level === 0 ? segments : segments.map((s) => s.map((l) => normalizeLine(l, level)));
    const out = [];
    const walk = (k, from, starts) => {
        const seg = norm[k];
        if (!seg)
            return;
        for (const at of segmentPositions(idx, level, seg, from)) {
            if (out.length >= limit)
                return;
            const next = [...starts, at];
            if (k === norm.length - 1)
                out.push({ start: next[0] ?? at, end: at + seg.length, segStarts: next });
            else
                walk(k + 1, at + seg.length, next);
        }
    };
    walk(0, 0, []);
    return out;
}
/** The strictest level at which a candidate found at level 2 still matches. */
function levelOf(idx, segments, c) {
    for (const level of [0, 1]) {
        const file = idx.normalized(level);
        if (segments.every((s, k) => segmentMatchesAt(file, s.map((l) => normalizeLine(l, level)), c.segStarts[k] ?? -1)))
            return level;
    }
    return 2;
}
function overlaps(c, claimed) {
    return claimed.some(([s, e]) => c.start < e && s < c.end);
}
function strategyFor(level, gaps, atStated, hasNumbers) {
    if (gaps)
        return 'elided-gap';
    if (level === 1)
        return 'trailing-whitespace';
    if (level === 2)
        return 'whitespace';
    if (atStated)
        return 'exact';
    return hasNumbers ? 'offset' : 'line-number-free';
}
/** Places one reading of a hunk with old lines. */
function locateReading(h, interp, ctx, mode) {
    const hasNumbers = h.oldStart !== undefined;
    const stated = Math.max(0, (h.oldStart ?? 1) - 1);
    // Fast path, and the usual case: exactly where the header says, and nowhere else exactly.
    if (hasNumbers && !interp.gaps && mode === 'unique') {
        const seg = interp.segments[0] ?? [];
        const cand = { start: stated, end: stated + seg.length, segStarts: [stated] };
        if (segmentMatchesAt(ctx.idx.lines, seg, stated) && !overlaps(cand, ctx.claimed) && (ctx.idx.exactCount(seg) ?? matchSegments(ctx.idx, 0, interp.segments, 2).length) === 1) {
            return { kind: 'placed', placement: { hunk: h, interp, cand, level: 0, strategy: 'exact' } };
        }
    }
    const all = matchSegments(ctx.idx, 2, interp.segments, MAX_COMBINATIONS).filter((c) => !overlaps(c, ctx.claimed));
    if (all.length === 0)
        return { kind: 'not-found', interp };
    const levels = all.map((c) => levelOf(ctx.idx, interp.segments, c));
    const place = (i, atStated) => {
        const cand = all[i];
        const level = levels[i];
        return { kind: 'placed', placement: { hunk: h, interp, cand, level, strategy: strategyFor(level, interp.gaps, atStated, hasNumbers) } };
    };
    const pickAt = (at) => {
        let best = -1;
        for (let i = 0; i < all.length; i++) {
            if (all[i]?.start === at && (best < 0 || levels[i] < levels[best]))
                best = i;
        }
        return best;
    };
    if (all.length === 1)
        return place(0, hasNumbers && all[0]?.start === stated);
    if (interp.gaps && h.oldCount !== undefined) {
        // Elided hunks usually keep the header's old count: the span it states picks the placement.
        const fit = all.map((c, i) => [c, i]).filter(([c]) => c.end - c.start === h.oldCount);
        if (fit.length === 1 && fit[0])
            return place(fit[0][1], false);
    }
    if (mode === 'anchored' && hasNumbers) {
        const shifts = new Set(ctx.offsets);
        if (shifts.size === 0 || (shifts.size === 1 && shifts.has(0))) {
            const i = pickAt(stated);
            if (i >= 0)
                return place(i, true);
        }
        else if (shifts.size === 1) {
            // Every other hunk of the file was found shifted by the same amount: so is this one.
            const [d] = [...shifts];
            const j = pickAt(stated + (d ?? 0));
            if (j >= 0)
                return place(j, false);
        }
    }
    return { kind: 'ambiguous', candidates: [...new Set(all.map((c) => c.start + 1))].sort((a, b) => a - b), interp };
}
/** Places a hunk with no old lines (pure addition without context): only its stated line can. */
function locateInsertion(h, interp, ctx) {
    const n = ctx.idx.lines.length;
    if (n === 0)
        return { kind: 'placed', placement: { hunk: h, interp, cand: { start: 0, end: 0, segStarts: [0] }, level: 0, strategy: 'stated-line' } };
    if (h.oldStart === undefined) {
        return { kind: 'not-found', interp, message: 'it has no context lines and no line numbers, so nothing says where the added lines go' };
    }
    if (ctx.offsets.some((d) => d !== 0)) {
        return { kind: 'not-found', interp, message: "it has no context lines, and this file's other hunks were found away from their stated lines, so its line number cannot be trusted" };
    }
    const at = h.oldCount === 0 ? h.oldStart : h.oldStart - 1;
    if (at < 0 || at > n)
        return { kind: 'not-found', interp, message: `it inserts at line ${h.oldStart} but the file has ${n} lines` };
    if (ctx.claimed.some(([s, e]) => s < at && at < e))
        return { kind: 'not-found', interp, message: 'its stated line is inside another hunk' };
    return { kind: 'placed', placement: { hunk: h, interp, cand: { start: at, end: at, segStarts: [at] }, level: 0, strategy: 'stated-line' } };
}
function isInsertion(interp) {
    return !interp.gaps && (interp.segments[0]?.length ?? 0) === 0;
}
/** Tries each reading of the hunk in order; the first that matches anywhere decides. */
function locateHunk(h, ctx, mode = 'anchored', readings = interpretations(h)) {
    let first;
    for (const interp of readings) {
        const r = isInsertion(interp) ? locateInsertion(h, interp, ctx) : locateReading(h, interp, ctx, mode);
        if (r.kind !== 'not-found')
            return r;
        first ??= r;
    }
    return first;
}

;// CONCATENATED MODULE: ./packages/patch/src/reindent.ts
/**
 * When a hunk only matched with whitespace ignored, its added lines may carry the same indentation
 * error as its old lines (spaces for tabs, a whole block shifted). This learns how the hunk's
 * indentation maps onto the file's from the matched old lines and applies it to the added lines.
 * Added lines whose indentation the file already uses are left alone, so a hunk whose context
 * alone drifted keeps its (correct) added lines.
 */
const INDENT = /^[ \t]*/;
function indentOf(s) {
    return INDENT.exec(s)?.[0] ?? '';
}
const identity = (l) => l;
/** pairs: [line as written in the hunk, line in the file] for each matched old line. */
function learnReindent(pairs) {
    const map = new Map();
    const fileIndents = new Set();
    let differs = false;
    for (const [patchLine, fileLine] of pairs) {
        if (patchLine.trim() === '' || fileLine.trim() === '')
            continue;
        const p = indentOf(patchLine);
        const f = indentOf(fileLine);
        fileIndents.add(f);
        const seen = map.get(p);
        if (seen !== undefined && seen !== f)
            return identity; // no consistent mapping: do not guess
        map.set(p, f);
        if (p !== f)
            differs = true;
    }
    if (!differs)
        return identity;
    const rule = generalRule(map);
    return (line) => {
        if (line.trim() === '')
            return line;
        const p = indentOf(line);
        const mapped = map.get(p);
        if (mapped !== undefined)
            return mapped + line.slice(p.length);
        if (fileIndents.has(p) || !rule)
            return line;
        return rule(p) + line.slice(p.length);
    };
}
/** A rule that explains every mapped pair: a tab width conversion or a constant shift in spaces. */
function generalRule(map) {
    const pairs = [...map];
    const allSpaces = (s) => /^ *$/.test(s);
    const allTabs = (s) => /^\t*$/.test(s);
    if (pairs.every(([p, f]) => allSpaces(p) && allTabs(f) && f.length > 0)) {
        const widths = new Set(pairs.map(([p, f]) => p.length / f.length));
        const [w] = [...widths];
        if (widths.size === 1 && w !== undefined && Number.isInteger(w) && w > 0) {
            return (ind) => (allSpaces(ind) ? '\t'.repeat(Math.floor(ind.length / w)) + ' '.repeat(ind.length % w) : ind);
        }
    }
    if (pairs.every(([p, f]) => allTabs(p) && allSpaces(f) && p.length > 0)) {
        const widths = new Set(pairs.map(([p, f]) => f.length / p.length));
        const [w] = [...widths];
        if (widths.size === 1 && w !== undefined && Number.isInteger(w) && w > 0) {
            return (ind) => ind.replace(/\t/g, ' '.repeat(w));
        }
    }
    if (pairs.every(([p, f]) => allSpaces(p) && allSpaces(f))) {
        const shifts = new Set(pairs.map(([p, f]) => f.length - p.length));
        const [d] = [...shifts];
        if (shifts.size === 1 && d !== undefined) {
            return (ind) => (allSpaces(ind) ? ' '.repeat(Math.max(0, ind.length + d)) : ind);
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/patch/src/text-file.ts
function splitText(text) {
    const lines = text.split('\n');
    const last = lines.length - 1;
    let eols;
    const lfOnly = !text.includes('\r');
    if (lfOnly) {
        // The usual case, LF only: no line can end in CR.
        eols = new Array(lines.length).fill('\n');
    }
    else {
        eols = new Array(lines.length);
        markCrlf(lines, eols, last);
    }
    if (lines[last] === '') {
        lines.pop();
        eols.pop();
    }
    else
        eols[last] = '';
    return lfOnly ? { lines, eols, lf: text } : { lines, eols };
}
function markCrlf(lines, eols, last) {
    for (let i = 0; i < last; i++) {
        const l = lines[i];
        if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) {
            lines[i] = l.slice(0, -1);
            eols[i] = '\r\n';
        }
        else
            eols[i] = '\n';
    }
}
/** Builds one flat string (native join), not a rope of thousands of pieces for the write to flatten. */
function joinText(f) {
    const n = f.lines.length;
    if (n === 0)
        return '';
    const eol = f.eols[0] ?? '';
    let uniform = true;
    for (let i = 1; i < n - 1; i++) {
        if (f.eols[i] !== eol) {
            uniform = false;
            break;
        }
    }
    // eols[0..n-2] separate the lines; the last one ends the file.
    if (uniform)
        return f.lines.join(eol) + (f.eols[n - 1] ?? '');
    const parts = new Array(2 * n);
    for (let i = 0; i < n; i++) {
        parts[2 * i] = f.lines[i];
        parts[2 * i + 1] = f.eols[i] ?? '';
    }
    return parts.join('');
}
/** The line end most lines use ('\n' for a file without any). */
function dominantEol(f) {
    let crlf = 0;
    let lf = 0;
    for (const e of f.eols) {
        if (e === '\r\n')
            crlf++;
        else if (e === '\n')
            lf++;
    }
    return crlf > lf ? '\r\n' : '\n';
}
function hasFinalNewline(f) {
    return f.lines.length === 0 || (f.eols[f.eols.length - 1] ?? '') !== '';
}

;// CONCATENATED MODULE: ./packages/patch/src/closest.ts
/**
 * For a refused hunk, the region of the file that looks most like its old lines, so the model can
 * see what is really there. Each old line votes for the start position it would imply wherever it
 * occurs (whitespace ignored); rare lines weigh more than `}` or blank lines.
 */

const MAX_SHOWN = 30;
function numbered(lines, from, to) {
    const width = String(to).length;
    const out = [];
    for (let i = from; i < to; i++)
        out.push(`${String(i + 1).padStart(width)} | ${lines[i] ?? ''}`);
    return out.join('\n');
}
const WORD = /[A-Za-z_][A-Za-z0-9_]{2,}|\d{2,}/g;
/** Lines vote for where the hunk would start; when no line occurs verbatim, words vote instead. */
function vote(idx, oldLines) {
    const votes = new Map();
    oldLines.forEach((line, j) => {
        const key = normalizeLine(line, 2);
        if (key === '')
            return;
        const pos = idx.positions(2, key);
        if (pos.length === 0 || pos.length > 50)
            return;
        const w = 1 / pos.length;
        for (const p of pos)
            votes.set(p - j, (votes.get(p - j) ?? 0) + w);
    });
    if (votes.size > 0)
        return votes;
    const where = new Map();
    idx.lines.forEach((line, i) => {
        for (const w of new Set(line.match(WORD) ?? [])) {
            const list = where.get(w);
            if (list)
                list.push(i);
            else
                where.set(w, [i]);
        }
    });
    oldLines.forEach((line, j) => {
        for (const w of new Set(line.match(WORD) ?? [])) {
            const pos = where.get(w) ?? [];
            if (pos.length === 0 || pos.length > 50)
                continue;
            for (const p of pos)
                votes.set(p - j, (votes.get(p - j) ?? 0) + 1 / pos.length);
        }
    });
    return votes;
}
/** `statedStart` (0-based) is used when nothing in the file resembles the hunk. */
function closestRegion(idx, oldLines, statedStart) {
    const n = idx.lines.length;
    if (n === 0 || oldLines.length === 0)
        return undefined;
    const votes = vote(idx, oldLines);
    if (votes.size === 0 && statedStart !== undefined && statedStart < n)
        votes.set(statedStart, 1);
    let start;
    let best = 0;
    for (const [s, v] of votes) {
        if (start === undefined || v > best || (v === best && s < start)) {
            best = v;
            start = s;
        }
    }
    if (start === undefined)
        return undefined;
    const from = Math.min(Math.max(0, start - 1), n - 1);
    const to = Math.min(n, Math.max(start, 0) + oldLines.length + 1, from + MAX_SHOWN);
    const region = { startLine: from + 1, text: numbered(idx.lines, from, to) };
    const file2 = idx.normalized(2);
    for (let j = 0; j < oldLines.length; j++) {
        const at = start + j;
        if (at < 0 || at >= n || file2[at] !== normalizeLine(oldLines[j] ?? '', 2)) {
            region.firstMismatch = { hunkLine: oldLines[j] ?? '', fileLine: at >= 0 && at < n ? idx.lines[at] : undefined, lineNo: at + 1 };
            break;
        }
    }
    return region;
}

;// CONCATENATED MODULE: ./packages/patch/src/apply.ts





function hunkLabel(h) {
    return `hunk ${h.index} (${h.header.length > 60 ? h.header.slice(0, 60) + '…' : h.header})`;
}
function refusalFor(path, h, r, idx) {
    if (r.kind === 'ambiguous') {
        const shown = r.candidates.slice(0, 10).join(', ') + (r.candidates.length > 10 ? ', …' : '');
        return {
            file: path,
            hunk: h.index,
            reason: 'ambiguous',
            message: `${hunkLabel(h)} of ${path}: its old lines (context and '-' lines) occur at ${r.candidates.length} places (lines ${shown}); add context lines that make it unique or correct the @@ line numbers`,
            candidates: r.candidates,
        };
    }
    const oldLines = r.interp.ops.filter((o) => o.kind === 'context' || o.kind === 'remove').map((o) => o.text);
    const closest = closestRegion(idx, oldLines, h.oldStart !== undefined ? Math.max(0, h.oldStart - 1) : undefined);
    let message = `${hunkLabel(h)} of ${path}: ` + (r.message ?? "its old lines (context and '-' lines) are not in the file, even ignoring whitespace");
    if (closest?.firstMismatch) {
        const m = closest.firstMismatch;
        message += `; near line ${m.lineNo} the hunk expects ${JSON.stringify(m.hunkLine)} but the file has ${m.fileLine === undefined ? 'no line' : JSON.stringify(m.fileLine)}`;
    }
    const refusal = { file: path, hunk: h.index, reason: 'not-found', message };
    if (closest)
        refusal.closest = { startLine: closest.startLine, text: closest.text };
    return refusal;
}
/** Places all hunks: unique ones first, then those the line numbers, other hunks' offsets and claims disambiguate. */
function placeAll(hunks, idx) {
    const placed = [];
    const claimed = [];
    const offsets = [];
    const failed = new Map();
    // Each hunk's readings, built once for all the placement attempts below.
    const readings = hunks.map((h) => interpretations(h));
    const insertions = [];
    let pending = [];
    readings.forEach((r, i) => (isInsertion(r[0]) ? insertions : pending).push(i));
    const tryPlace = (i, mode = 'anchored') => {
        const h = hunks[i];
        const r = locateHunk(h, { idx, claimed, offsets }, mode, readings[i]);
        if (r.kind !== 'placed') {
            failed.set(h, r);
            return false;
        }
        failed.delete(h);
        const p = r.placement;
        placed.push(p);
        if (p.cand.end > p.cand.start)
            claimed.push([p.cand.start, p.cand.end]);
        if (h.oldStart !== undefined)
            offsets.push(p.cand.start - Math.max(0, h.oldStart - 1));
        return true;
    };
    // Hunks that can only be in one place first; their claims and offsets then settle the others.
    for (const mode of ['unique', 'anchored']) {
        for (;;) {
            const before = pending.length;
            pending = pending.filter((i) => !tryPlace(i, mode));
            if (pending.length === before || pending.length === 0)
                break;
        }
    }
    for (const i of insertions)
        tryPlace(i);
    return { placed, failed };
}
/** `newFileEol` is the line end for added lines when the file has none yet. */
function applyHunks(path, original, hunks, newFileEol = '\n') {
    const idx = new LineIndex(original.lines, original.lf);
    const { placed, failed } = placeAll(hunks, idx);
    const refusals = [];
    for (const h of hunks) {
        const r = failed.get(h);
        if (r && r.kind !== 'placed')
            refusals.push(refusalFor(path, h, r, idx));
    }
    placed.sort((a, b) => a.cand.start - b.cand.start || a.cand.end - b.cand.end);
    for (let i = 1; i < placed.length; i++) {
        const prev = placed[i - 1];
        const cur = placed[i];
        if (cur.cand.start < prev.cand.end) {
            refusals.push({
                file: path,
                hunk: cur.hunk.index,
                reason: 'ambiguous',
                message: `${hunkLabel(cur.hunk)} of ${path} overlaps ${hunkLabel(prev.hunk)} (both at lines ${cur.cand.start + 1}–${prev.cand.end}); merge them into one hunk`,
                candidates: [cur.cand.start + 1],
            });
        }
    }
    if (refusals.length > 0)
        return { ok: false, refusals };
    const shifted = placed.some((p) => p.strategy !== 'stated-line' && p.hunk.oldStart !== undefined && p.cand.start !== Math.max(0, p.hunk.oldStart - 1));
    const blind = placed.filter((p) => p.strategy === 'stated-line' && original.lines.length > 0).map((p) => p.hunk.index);
    return { ok: true, ...build(original, placed, newFileEol), shifted, blind };
}
function reindentFor(p, original) {
    if (p.level < 2)
        return (l) => l;
    const pairs = [];
    let seg = 0;
    let cursor = p.cand.segStarts[0] ?? p.cand.start;
    for (const op of p.interp.ops) {
        if (op.kind === 'gap')
            cursor = p.cand.segStarts[++seg] ?? cursor;
        else if (op.kind !== 'add')
            pairs.push([op.text, original.lines[cursor++] ?? '']);
    }
    return learnReindent(pairs);
}
function build(original, placed, newFileEol) {
    const n = original.lines.length;
    const eol = original.lines.length === 0 ? newFileEol : dominantEol(original);
    const lines = [];
    const eols = [];
    let added = 0;
    let removed = 0;
    let pos = 0;
    // What the hunk that reaches the end of the file says about the final newline.
    let finalNewline;
    const copy = (from, to) => {
        for (let i = from; i < to; i++) {
            lines.push(original.lines[i] ?? '');
            eols.push(original.eols[i] ?? '');
        }
    };
    for (const p of placed) {
        copy(pos, p.cand.start);
        const reindent = reindentFor(p, original);
        let cursor = p.cand.start;
        let seg = 0;
        let lastOld;
        let lastNew;
        for (const op of p.interp.ops) {
            if (op.kind === 'context') {
                copy(cursor, cursor + 1);
                cursor++;
                lastOld = op;
                lastNew = op;
            }
            else if (op.kind === 'remove') {
                cursor++;
                removed++;
                lastOld = op;
            }
            else if (op.kind === 'add') {
                lines.push(reindent(op.text));
                eols.push(eol);
                added++;
                lastNew = op;
            }
            else {
                const next = p.cand.segStarts[++seg] ?? cursor;
                copy(cursor, next);
                cursor = next;
            }
        }
        pos = p.cand.end;
        if (p.cand.end === n) {
            if (lastNew?.noNewline)
                finalNewline = false;
            else if (lastOld?.noNewline)
                finalNewline = true;
        }
    }
    copy(pos, n);
    const keep = hasFinalNewline(original);
    for (let i = 0; i < eols.length - 1; i++)
        if (eols[i] === '')
            eols[i] = eol;
    if (lines.length > 0) {
        const last = eols.length - 1;
        const want = finalNewline ?? keep;
        if (!want)
            eols[last] = '';
        else if (eols[last] === '')
            eols[last] = eol;
    }
    const hunks = placed
        .map((p) => ({ index: p.hunk.index, strategy: p.strategy, atLine: p.cand.start + 1 }))
        .sort((a, b) => a.index - b.index);
    return { file: { lines, eols }, hunks, added, removed };
}

;// CONCATENATED MODULE: ./packages/patch/src/engine.ts







const refuse = (refusals) => ({ ok: false, refusals });
function prefixCandidates(raw) {
    return /^[ab]\//.test(raw) ? [raw.slice(2), raw] : [raw];
}
function modeOf(m) {
    if (!m)
        return undefined;
    const bits = parseInt(m, 8) & 0o777;
    return Number.isNaN(bits) ? undefined : bits;
}
function isBinary(buf) {
    return buf.subarray(0, 8000).includes(0);
}
/** Decodes text as UTF-8, or byte for byte (latin1) when it is not valid UTF-8, so legacy files survive unchanged. */
function decodeText(buf) {
    const s = buf.toString('utf8');
    if (s.includes('\uFFFD') && !Buffer.from(s, 'utf8').equals(buf))
        return { text: buf.toString('latin1'), encoding: 'latin1' };
    return { text: s, encoding: 'utf8' };
}
function bytes(st) {
    return typeof st.content === 'string' ? Buffer.from(st.content, st.encoding ?? 'utf8') : st.content;
}
function sameContent(a, b) {
    // Equal strings encode to equal bytes (the reverse may miss, which only costs a needless write).
    if (typeof a.content === 'string' && typeof b.content === 'string' && (a.encoding ?? 'utf8') === (b.encoding ?? 'utf8'))
        return a.content === b.content;
    const len = (st) => (typeof st.content === 'string' ? Buffer.byteLength(st.content, st.encoding ?? 'utf8') : st.content.length);
    return len(a) === len(b) && bytes(a).equals(bytes(b));
}
class Session {
    ws;
    policy;
    entries = new Map();
    refusals = [];
    applied = [];
    touched = new Set();
    deletedFiles = 0;
    added = 0;
    removed = 0;
    constructor(ws, policy) {
        this.ws = ws;
        this.policy = policy;
    }
    /** Line ends of the existing files the patch reads: new files follow the majority. */
    eolVotes = { crlf: 0, lf: 0 };
    /** Whether any hunk of the patch was found away from its stated line. */
    shifted = false;
    /** Hunks placed by line number alone, refused at the end if the patch's numbers proved unreliable. */
    blind = [];
    /** A context-free insertion trusts its line number; a patch whose numbers were off elsewhere does not earn that trust. */
    checkBlindInsertions() {
        if (!this.shifted)
            return;
        for (const b of this.blind) {
            this.refusals.push({
                file: b.file,
                hunk: b.hunk,
                reason: 'not-found',
                message: `hunk ${b.hunk} of ${b.file} has no context lines, so only its line number places it, and other hunks of this patch were found away from their stated lines; add context lines around the added lines`,
            });
        }
    }
    noteHunks(path, r) {
        if (r.shifted)
            this.shifted = true;
        for (const hunk of r.blind)
            this.blind.push({ file: path, hunk });
    }
    created = new Set();
    /** New files get CRLF only when the existing files this patch touches mostly use it (a CRLF patch is usually transport). */
    newFileEols() {
        if (this.eolVotes.crlf <= this.eolVotes.lf)
            return;
        for (const e of this.created) {
            if (e.current && typeof e.current.content === 'string')
                e.current.content = e.current.content.replace(/\r?\n/g, '\r\n');
        }
    }
    paths = new Map();
    /** normalizePatchPath, once per raw path: every section asks for its candidates more than once. */
    normalized(raw) {
        let n = this.paths.get(raw);
        if (!n) {
            n = normalizePatchPath(raw);
            this.paths.set(raw, n);
        }
        return n;
    }
    /** Normalizes, policy-checks and resolves a patch path; records a refusal and returns undefined on failure. */
    entry(raw, what) {
        const n = this.normalized(raw);
        if ('refusal' in n) {
            this.refusals.push(n.refusal);
            return undefined;
        }
        const denied = checkPathPolicy(n.path, this.policy, what);
        if (denied) {
            this.refusals.push(denied);
            return undefined;
        }
        const r = this.ws.lookup(n.path);
        if ('refusal' in r) {
            this.refusals.push(r.refusal);
            return undefined;
        }
        if (r.realRel !== n.path) {
            const viaLink = checkPathPolicy(r.realRel, this.policy, `${what} ${n.path} (a symlink to)`);
            if (viaLink) {
                this.refusals.push({ ...viaLink, file: n.path });
                return undefined;
            }
        }
        if (r.state === 'directory') {
            this.refusals.push({ file: n.path, reason: 'missing-file', message: `${n.path} is a directory, not a file` });
            return undefined;
        }
        let e = this.entries.get(r.abs);
        if (!e) {
            e = { abs: r.abs, realRel: r.realRel, original: r.state, current: undefined };
            this.entries.set(r.abs, e);
        }
        return { path: n.path, entry: e };
    }
    state(e) {
        return e.current === undefined ? e.original : e.current ?? undefined;
    }
    /** The first candidate path that exists (in memory or on disk), without recording refusals for the others. */
    existing(raws) {
        for (const raw of raws) {
            const n = this.normalized(raw);
            if ('refusal' in n)
                continue;
            const r = this.ws.lookup(n.path);
            if ('refusal' in r || r.state === 'directory')
                return raw; // let entry() report it
            const known = this.entries.get(r.abs);
            if (known ? this.state(known) !== undefined : r.state !== undefined)
                return raw;
        }
        return undefined;
    }
    text(path, e) {
        const st = this.state(e);
        if (!st)
            return { lines: [], eols: [] };
        // Text an earlier section of this patch produced.
        if (st !== e.original)
            return splitText(st.content);
        let text;
        if (typeof st.content === 'string') {
            text = st.content;
            e.encoding = st.encoding ?? 'utf8';
        }
        else {
            if (isBinary(st.content)) {
                this.refusals.push({ file: path, reason: 'binary', message: `${path} is a binary file; binary files cannot be patched` });
                return undefined;
            }
            const d = decodeText(st.content);
            e.encoding = d.encoding;
            text = d.text;
        }
        const t = splitText(text);
        if (t.lines.length > 1)
            this.eolVotes[dominantEol(t) === '\r\n' ? 'crlf' : 'lf']++;
        return t;
    }
    section(fp) {
        const display = fp.renameTo ?? fp.newPath ?? fp.oldPath ?? fp.gitNew ?? fp.gitOld ?? '?';
        if (fp.binary) {
            this.refusals.push({ file: display, reason: 'binary', message: `the patch for ${display} is a binary patch; binary changes cannot be applied` });
            return;
        }
        const oldRaw = fp.renameFrom ?? (fp.oldPath !== undefined ? fp.oldPath : fp.gitOld);
        const newRaw = fp.renameTo ?? (fp.newPath !== undefined ? fp.newPath : fp.gitNew);
        const creating = fp.newFile || oldRaw === null;
        const deleting = fp.deletedFile || newRaw === null;
        if (creating && deleting) {
            this.refusals.push({ file: display, reason: 'parse-error', message: `file section at patch line ${fp.line} has /dev/null on both sides` });
            return;
        }
        const oldCands = oldRaw ? prefixCandidates(oldRaw) : [];
        const newCands = newRaw ? prefixCandidates(newRaw) : [];
        const renaming = fp.renameTo !== undefined && fp.renameFrom !== undefined;
        // A whole-file block names its path literally (no a/ b/ prefixes).
        if (fp.wholeFile)
            return this.wholeFile(newRaw ?? display, fp.wholeFile);
        if (creating)
            return this.create(newCands[0] ?? display, fp);
        if (deleting) {
            const raw = this.existing(oldCands);
            if (raw === undefined)
                return this.missing(oldCands[0] ?? display);
            return this.remove(raw, fp);
        }
        if (renaming) {
            const from = this.existing(oldCands) ?? this.existing(newCands);
            if (from === undefined)
                return this.missing(oldCands[0] ?? display);
            return this.modify(from, fp, newCands[0]);
        }
        const target = this.existing(oldCands) ?? this.existing(newCands);
        if (target === undefined) {
            // `--- a/new.ts` + `@@ -0,0 +1,N @@`: a file creation written without /dev/null.
            if (fp.hunks.length > 0 && fp.hunks.every((h) => h.oldStart === 0 && h.oldCount === 0))
                return this.create(newCands[0] ?? oldCands[0] ?? display, fp);
            return this.missing(oldCands[0] ?? newCands[0] ?? display);
        }
        this.modify(target, fp);
    }
    missing(raw) {
        const n = this.normalized(raw);
        if ('refusal' in n) {
            this.refusals.push(n.refusal);
            return;
        }
        const path = n.path;
        const denied = checkPathPolicy(path, this.policy);
        if (denied) {
            this.refusals.push(denied);
            return;
        }
        this.refusals.push({ file: path, reason: 'missing-file', message: `${path} does not exist; to create it use "--- /dev/null" and "+++ b/${path}" (or a whole-file block)` });
    }
    finish(e, text, mode) {
        const prev = this.state(e);
        e.current = { content: joinText(text), encoding: e.encoding, mode: mode ?? prev?.mode ?? 0o644 };
        this.touched.add(e.abs);
    }
    wholeFile(raw, lines) {
        const t = this.entry(raw, 'path');
        if (!t)
            return;
        const before = this.text(t.path, t.entry);
        if (!before)
            return;
        const eol = before.lines.length > 0 ? dominantEol(before) : '\n';
        if (before.lines.length === 0)
            this.created.add(t.entry);
        const existed = this.state(t.entry) !== undefined;
        this.finish(t.entry, { lines, eols: lines.map(() => eol) }, undefined);
        this.added += lines.length;
        this.removed += before.lines.length;
        this.applied.push({ path: t.path, action: existed ? 'modify' : 'create', hunks: [{ index: 1, strategy: 'whole-file', atLine: 1 }], added: lines.length, removed: before.lines.length });
    }
    create(raw, fp) {
        const t = this.entry(raw, 'new file');
        if (!t)
            return;
        const st = this.state(t.entry);
        if (st && st.content.length > 0) {
            this.refusals.push({ file: t.path, reason: 'file-exists', message: `the patch creates ${t.path}, but it already exists; send a diff against its current content instead` });
            return;
        }
        const r = applyHunks(t.path, { lines: [], eols: [] }, fp.hunks);
        if (!r.ok) {
            this.refusals.push(...r.refusals.map((x) => ({ ...x, message: x.message.replace("are not in the file", "cannot be in a new, empty file") })));
            return;
        }
        this.finish(t.entry, r.file, modeOf(fp.newMode) ?? 0o644);
        this.created.add(t.entry);
        this.added += r.added;
        this.applied.push({ path: t.path, action: 'create', hunks: r.hunks.map((h) => ({ ...h, strategy: 'new-file' })), added: r.added, removed: 0 });
    }
    remove(raw, fp) {
        const t = this.entry(raw, 'deleted file');
        if (!t)
            return;
        const before = this.text(t.path, t.entry);
        if (!before)
            return;
        let hunks = [];
        if (fp.hunks.length > 0) {
            const r = applyHunks(t.path, before, fp.hunks);
            if (!r.ok) {
                this.refusals.push(...r.refusals);
                return;
            }
            if (r.file.lines.length > 0) {
                this.refusals.push({ file: t.path, reason: 'not-found', message: `the patch deletes ${t.path}, but its '-' lines cover only part of the file (${r.file.lines.length} of ${before.lines.length} lines would remain); list every line or use "deleted file mode"` });
                return;
            }
            hunks = r.hunks;
            this.noteHunks(t.path, r);
        }
        t.entry.current = null;
        this.touched.add(t.entry.abs);
        this.removed += before.lines.length;
        this.deletedFiles++;
        this.applied.push({ path: t.path, action: 'delete', hunks, added: 0, removed: before.lines.length });
    }
    modify(raw, fp, renameTo) {
        const t = this.entry(raw, 'path');
        if (!t)
            return;
        const before = this.text(t.path, t.entry);
        if (!before)
            return;
        let dest = t;
        if (renameTo !== undefined) {
            const d = this.entry(renameTo, 'rename target');
            if (!d)
                return;
            if (d.entry !== t.entry && this.state(d.entry) !== undefined) {
                this.refusals.push({ file: d.path, reason: 'file-exists', message: `the patch renames ${t.path} to ${d.path}, but ${d.path} already exists` });
                return;
            }
            dest = d;
        }
        let result = { file: before, hunks: [], added: 0, removed: 0 };
        if (fp.hunks.length > 0) {
            const r = applyHunks(t.path, before, fp.hunks);
            if (!r.ok) {
                this.refusals.push(...r.refusals);
                return;
            }
            result = r;
            this.noteHunks(t.path, r);
        }
        const mode = modeOf(fp.newMode) ?? this.state(t.entry)?.mode;
        if (dest.entry !== t.entry) {
            t.entry.current = null;
            this.touched.add(t.entry.abs);
        }
        this.finish(dest.entry, result.file, mode);
        this.added += result.added;
        this.removed += result.removed;
        const file = { path: dest.path, action: dest.entry !== t.entry ? 'rename' : 'modify', hunks: result.hunks, added: result.added, removed: result.removed };
        if (dest.entry !== t.entry)
            file.from = t.path;
        this.applied.push(file);
    }
}
async function applyPatch(opts) {
    if (!opts || typeof opts.cwd !== 'string' || opts.cwd === '')
        throw new TypeError('applyPatch: "cwd" must be a non-empty string');
    if (typeof opts.patch !== 'string')
        throw new TypeError('applyPatch: "patch" must be a string');
    const policy = resolvePolicy(opts.policy);
    const ws = new FsWorkspace(opts.cwd);
    const report = run(opts, policy, ws);
    // A missing or non-folder cwd is a usage error whatever the patch says (usually already proven by a lookup).
    ws.checkRoot();
    return report;
}
function run(opts, policy, ws) {
    if (opts.patch.includes('\u0000'))
        return refuse([{ reason: 'binary', message: 'the patch contains NUL bytes; binary patches cannot be applied' }]);
    const { lines } = splitPatchLines(opts.patch);
    const parsed = parsePatchLines(mayBeWrapped(opts.patch) ? unwrap(lines) : lines);
    if (parsed.errors.length > 0)
        return refuse(parsed.errors);
    if (parsed.files.length === 0) {
        return refuse([{ reason: 'parse-error', message: 'no diff found: expected "--- a/path" and "+++ b/path" lines followed by "@@" hunks (or a "*** Begin File: path" block)' }]);
    }
    const s = new Session(ws, policy);
    for (const fp of parsed.files)
        s.section(fp);
    s.newFileEols();
    s.checkBlindInsertions();
    s.refusals.push(...checkLimits({ files: s.touched.size, added: s.added, removed: s.removed, deletedFiles: s.deletedFiles }, policy));
    if (s.refusals.length > 0)
        return refuse(s.refusals);
    if (!opts.check) {
        const deletions = [];
        const writes = [];
        for (const e of s.entries.values()) {
            if (!s.touched.has(e.abs) || e.current === undefined)
                continue;
            if (e.current === null) {
                if (e.original !== undefined)
                    deletions.push({ abs: e.abs, state: null, previous: e.original });
            }
            else if (!(e.original && e.current.mode === e.original.mode && sameContent(e.current, e.original))) {
                writes.push({ abs: e.abs, state: e.current, previous: e.original });
            }
        }
        // Deletions first, so a rename into a folder that replaced a file of the same name works.
        ws.commit([...deletions, ...writes]);
    }
    return { ok: true, checked: Boolean(opts.check), files: s.applied };
}

;// CONCATENATED MODULE: ./packages/patch/src/report.ts
const ADVICE = {
    'not-found': "Copy the context and '-' lines exactly from the current file (shown below where a close match exists).",
    ambiguous: 'Add more unchanged context lines so the hunk matches one place only, or give correct @@ line numbers.',
    'denied-path': 'Do not touch this path; change the allowed files only.',
    'outside-workspace': 'Use paths relative to the repository root, without "..", absolute paths or symlinks that leave it.',
    'too-large': 'Send a smaller patch.',
    'mass-deletion': 'Delete less; large deletions need a human.',
    binary: 'Binary files cannot be patched.',
    'parse-error': 'Send a unified diff: "--- a/path", "+++ b/path", then "@@ -start,count +start,count @@" hunks whose lines start with " ", "-" or "+".',
    'tests-only': 'In this step only test files may change.',
    'missing-file': 'Patch an existing file, or create the file with "--- /dev/null".',
    'file-exists': 'Send a diff against the existing file instead.',
};
function describe(r, n) {
    const where = [r.file, r.hunk !== undefined ? `hunk ${r.hunk}` : undefined].filter(Boolean).join(', ');
    const lines = [`${n}. [${r.reason}]${where ? ` ${where}:` : ''} ${r.message}`];
    if (r.closest) {
        lines.push(`   The closest region of ${r.file ?? 'the file'} (from line ${r.closest.startLine}):`);
        lines.push(...r.closest.text.split('\n').map((l) => `     ${l}`));
    }
    lines.push(`   ${ADVICE[r.reason]}`);
    return lines.join('\n');
}
function formatRefusals(report) {
    if (report.ok)
        return 'The patch applied cleanly.';
    const count = report.refusals.length;
    const head = `The patch was NOT applied; no file was changed. ${count === 1 ? '1 problem' : `${count} problems`}:`;
    return [head, ...report.refusals.map((r, i) => describe(r, i + 1)), 'Send a corrected patch for the whole change.'].join('\n');
}

;// CONCATENATED MODULE: ./packages/patch/src/cli.ts
/**
 * `eternia-agents apply-patch --cwd DIR --patch FILE [--check] [--json]`
 * Exit 0: applied (or would apply, with --check); 1: refused; 2: usage error.
 */



const USAGE = `usage: eternia-agents apply-patch --cwd DIR --patch FILE|- [--check] [--json]
       [--allow GLOB]... [--deny GLOB]... [--tests-only GLOB]...
       [--max-changed-lines N] [--max-files N] [--max-deleted-lines N] [--max-deleted-files N]
  exit 0 = applied, 1 = refused (nothing changed), 2 = usage error`;
const defaultIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
        const chunks = [];
        for await (const c of process.stdin)
            chunks.push(c);
        return decodeText(Buffer.concat(chunks)).text;
    },
};
class UsageError extends Error {
}
const LIMITS = {
    '--max-changed-lines': 'maxChangedLines',
    '--max-files': 'maxFiles',
    '--max-deleted-lines': 'maxDeletedLines',
    '--max-deleted-files': 'maxDeletedFiles',
};
const GLOBS = { '--allow': 'allow', '--deny': 'deny', '--tests-only': 'testsOnly' };
function parseArgs(argv) {
    const a = { check: false, json: false, policy: {} };
    const rest = argv[0] === 'apply-patch' ? argv.slice(1) : argv;
    if (argv.length > 0 && argv[0] !== 'apply-patch' && !argv[0]?.startsWith('-'))
        throw new UsageError(`unknown command ${JSON.stringify(argv[0])}`);
    for (let i = 0; i < rest.length; i++) {
        const k = rest[i];
        const value = () => {
            const v = rest[++i];
            if (v === undefined)
                throw new UsageError(`${k} needs a value`);
            return v;
        };
        if (k === '--cwd')
            a.cwd = value();
        else if (k === '--patch')
            a.patch = value();
        else if (k === '--check')
            a.check = true;
        else if (k === '--json')
            a.json = true;
        else if (k in GLOBS) {
            const key = GLOBS[k];
            (a.policy[key] ??= []).push(value());
        }
        else if (k in LIMITS) {
            const v = value();
            const n = Number(v);
            if (!/^\d+$/.test(v))
                throw new UsageError(`${k} must be a non-negative integer, got ${JSON.stringify(v)}`);
            a.policy[LIMITS[k]] = n;
        }
        else
            throw new UsageError(`unknown option ${JSON.stringify(k)}`);
    }
    if (!a.cwd)
        throw new UsageError('--cwd is required');
    if (!a.patch)
        throw new UsageError('--patch is required');
    return a;
}
async function main(argv, io = defaultIo) {
    let args;
    try {
        args = parseArgs(argv);
    }
    catch (e) {
        if (!(e instanceof UsageError))
            throw e;
        io.stderr(`apply-patch: ${e.message}\n${USAGE}\n`);
        return 2;
    }
    if (argv.includes('--help') || argv.includes('-h')) {
        io.stdout(USAGE + '\n');
        return 0;
    }
    let text;
    try {
        // A patch of a legacy (non-UTF-8) file carries its raw bytes: read it byte for byte then.
        text = args.patch === '-' ? await io.readStdin() : decodeText(external_node_fs_default().readFileSync(args.patch)).text;
    }
    catch (e) {
        io.stderr(`apply-patch: cannot read --patch ${JSON.stringify(args.patch)}: ${e.message}\n`);
        return 2;
    }
    let report;
    try {
        report = await applyPatch({ cwd: args.cwd, patch: text, policy: args.policy, check: args.check });
    }
    catch (e) {
        if (e instanceof TypeError) {
            io.stderr(`apply-patch: ${e.message}\n`);
            return 2;
        }
        throw e;
    }
    if (args.json)
        io.stdout(JSON.stringify(report, null, 2) + '\n');
    else if (report.ok) {
        const verb = args.check ? 'would apply' : 'applied';
        for (const f of report.files) {
            const how = [...new Set(f.hunks.map((h) => h.strategy))].join(', ');
            io.stdout(`${verb}: ${f.action} ${f.from ? `${f.from} -> ` : ''}${f.path} (+${f.added} -${f.removed}${how ? `; ${how}` : ''})\n`);
        }
    }
    else
        io.stderr(formatRefusals(report) + '\n');
    return report.ok ? 0 : 1;
}
/** Runs the CLI on process.argv and sets the exit code; the entry point of a bundle. */
async function runCli(argv = process.argv.slice(2)) {
    try {
        process.exitCode = await main(argv);
    }
    catch (e) {
        process.stderr.write(`apply-patch: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 2;
    }
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(881);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
