/**
 * A log search as the user typed it, compiled once for main's searches and
 * filters and for the renderer's highlighting alike, so both find the same
 * matches.
 *
 * The pattern is the user's, but the lines are a container's: with a
 * backtracking engine (JavaScript's RegExp) an ordinary-looking pattern such
 * as `(.|\s)*error` takes seconds on one line of 30 spaces, and whichever
 * process runs it stalls. RE2 (re2js, pure JavaScript: no eval, no native
 * build) matches in time linear in the line, whatever the pattern; the price
 * is RE2's syntax, which has no backreferences and no lookaround.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';
import type { LogQuery } from './logs';
import { RemoteError } from './protocol';

/** The longest pattern accepted (as the contract's schema says): RE2's program grows with it. */
export const MAX_QUERY_LENGTH = 1000;

/** What users are told with every pattern RE2 cannot run. */
export const LINEAR_ENGINE = 'Berth uses a linear-time regex engine (RE2 syntax)';

export interface LogPattern {
  /** The line holds a match. */
  test(text: string): boolean;
  /** Start and end (UTF-16 offsets, end exclusive) of the first `limit` non-empty matches. */
  ranges(text: string, limit: number): [number, number][];
}

/** Syntax that RE2 leaves out on purpose, recognised from its parse error, said with a name a user can look up. */
function unsupported(error: RE2JSSyntaxException): string | undefined {
  const at = error.getPattern() ?? '';
  const refused = (what: string, hint = '') => `${what} is not supported: ${LINEAR_ENGINE}${hint}`;
  if (at.startsWith('(?=') || at.startsWith('(?!')) return refused('Lookahead ((?=…), (?!…))');
  if (at.startsWith('(?<=') || at.startsWith('(?<!')) return refused('Lookbehind ((?<=…), (?<!…))');
  if (/^\\[1-9k]/.test(at)) return refused(`A backreference (${at})`);
  if (/[*+?}]\+$/.test(at)) return refused(`A possessive quantifier (${at})`);
  if (at.startsWith('\\u')) return refused('The \\u escape', '; write \\x{e9} for é');
  return undefined;
}

function badPattern(message: string): RemoteError {
  return new RemoteError({ code: 'bad-request', message });
}

function compileRe2(source: string, caseSensitive: boolean): RE2JS {
  try {
    return RE2JS.compile(source, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) {
      const refused = unsupported(error);
      if (refused) throw badPattern(refused);
      throw badPattern(`Not a valid regular expression: ${error.getDescription()}${error.getPattern() ? `: ${error.getPattern()}` : ''}`);
    }
    if (error instanceof RE2JSException) throw badPattern(`Not a valid regular expression: ${error.message}`);
    throw error;
  }
}

/** Characters a case-folding prefilter holds: printable ASCII, where JavaScript's /iu and RE2's (?i) fold alike. */
const FOLDABLE = /^[ -~]$/;
/** Escapes that match no fixed text and take no argument; any other escape ends the reading (`\x{…}`, `\p{…}`, `\Q…\E`, octal). */
const CLASS_ESCAPES = 'dDsSwWbBAz';
/** Text this long or shorter is found in time linear in the line, by any engine. */
const PREFILTER_CHARS = 16;

/**
 * The longest text every match must contain, read from the top level of an
 * RE2 pattern (outside groups and classes, no alternation there, not under a
 * repetition), or '' when there is none or the pattern is past this simple
 * reading. It is what RE2's own prefilter finds, which RE2 skips when case is
 * ignored, where it is needed most: a line without it needs no automaton.
 */
export function requiredText(source: string): string {
  // A flag directive such as (?-i) is no atom: a repetition after it applies to
  // the atom before it (`]a(?-i)?` is `]a?`), which this reading cannot follow.
  if (/\(\?[A-Za-z-]*\)/.test(source)) return '';
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[++i] ?? '';
      if (/^[A-Za-z0-9]$/.test(next)) {
        if (!CLASS_ESCAPES.includes(next)) return '';
        end();
      } else if (depth === 0 && FOLDABLE.test(next)) run += next;
      else end();
    } else if (c === '[') {
      // A class: one character of a set, never fixed text. It ends at the first unescaped ']' that is not its first character.
      end();
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      for (; i < source.length && source[i] !== ']'; i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[' && source[i + 1] === ':') return '';
      }
      if (i >= source.length) return '';
    } else if (c === '(') {
      end();
      depth++;
    } else if (c === ')') {
      end();
      if (--depth < 0) return '';
    } else if (c === '|') {
      if (depth === 0) return '';
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      // What stands before a repetition may be absent (or, read simply, is): not required.
      if (c === '{') {
        const repeat = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
        if (!repeat) return '';
        i += repeat[0].length - 1;
      }
      run = run.slice(0, -1);
      end();
    } else if (depth === 0 && c !== '.' && c !== '^' && c !== '$' && FOLDABLE.test(c)) run += c;
    else end();
  }
  end();
  return best.slice(0, PREFILTER_CHARS);
}

/** Every occurrence of a literal, for case-sensitive plain text. */
function literalRanges(needle: string, text: string, limit: number): [number, number][] {
  const out: [number, number][] = [];
  for (let at = text.indexOf(needle); at !== -1 && out.length < limit; at = text.indexOf(needle, at + needle.length)) {
    out.push([at, at + needle.length]);
  }
  return out;
}

/**
 * A query as a pattern. Plain text is matched as written (a regex of its
 * quoted text when case is ignored); a regex is RE2 syntax, matched by code
 * point, with Unicode case folding when case is ignored. A pattern RE2 cannot
 * run is the user's error, said plainly.
 */
export function compileLogPattern(query: LogQuery): LogPattern {
  if (query.text.length > MAX_QUERY_LENGTH) {
    throw badPattern(`The search is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  if (!query.regex && query.caseSensitive) {
    const needle = query.text;
    return {
      test: (text) => text.includes(needle),
      ranges: (text, limit) => (needle ? literalRanges(needle, text, limit) : []),
    };
  }
  const source = query.regex ? query.text : RE2JS.quote(query.text);
  const re = compileRe2(source, query.caseSensitive);
  // RE2 prefilters case-sensitive patterns itself; with case folded, 10 times slower without this one.
  const required = query.caseSensitive ? '' : requiredText(source);
  // A fixed string, its special characters escaped: nothing in it can backtrack.
  const prefilter = required.length >= 2 ? new RegExp(required.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&'), 'iu') : undefined;
  return {
    test: prefilter ? (text) => prefilter.test(text) && re.test(text) : (text) => re.test(text),
    ranges: (text, limit) => {
      const out: [number, number][] = [];
      for (const match of re.matchAll(text)) {
        if (out.length >= limit) break;
        if (match[0].length > 0) out.push([match.index!, match.index! + match[0].length]);
      }
      return out;
    },
  };
}
