/**
 * A log search compiled as main runs it and the renderer marks it: plain
 * text as written, RE2 syntax for a regex, case folded or not, by code point;
 * what RE2 leaves out refused with the reason; the patterns that stall a
 * backtracking engine answered.
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileLogPattern, LINEAR_ENGINE, MAX_QUERY_LENGTH, requiredText } from '#shared/log-pattern';

const plain = (text: string, caseSensitive = false) => compileLogPattern({ text, regex: false, caseSensitive });
const regex = (text: string, caseSensitive = false) => compileLogPattern({ text, regex: true, caseSensitive });

describe('plain text', () => {
  it('is matched as written: every regex character is itself', () => {
    for (const caseSensitive of [true, false]) {
      expect(plain('a.c', caseSensitive).test('abc')).toBe(false);
      expect(plain('a.c', caseSensitive).test('x a.c y')).toBe(true);
      expect(plain('(a+)+$ \\d [x]', caseSensitive).test('see (a+)+$ \\d [x] here')).toBe(true);
      expect(plain('\\d', caseSensitive).test('7')).toBe(false);
    }
  });

  it('ignores case unless asked, with Unicode case folding', () => {
    expect(plain('error').test('ERROR: disk full')).toBe(true);
    expect(plain('error', true).test('ERROR: disk full')).toBe(false);
    expect(plain('ÉTÉ').test('un été')).toBe(true);
    // The Kelvin sign folds to k, as JavaScript's /iu does.
    expect(plain('kb').test('5 \u212AB')).toBe(true);
  });

  it('marks every occurrence, in UTF-16 offsets', () => {
    expect(plain('aa', true).ranges('aaaaa', 10)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(plain('é').ranges('🙂É é', 10)).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(plain('a', true).ranges('aaaa', 3)).toHaveLength(3);
  });
});

describe('a regex', () => {
  it('is RE2 syntax, case folded unless asked, matched by code point', () => {
    expect(regex('^MARK \\d+$', true).test('MARK 5555')).toBe(true);
    expect(regex('^MARK \\d+$', true).test('mark 5555')).toBe(false);
    expect(regex('^MARK \\d+$').test('mark 5555')).toBe(true);
    expect(regex('^.$').test('🙂')).toBe(true);
    expect(regex('\\p{Greek}+').ranges('abc αβγ', 5)).toEqual([[4, 7]]);
    expect(regex('(?<word>err)or|warn').test('a warning')).toBe(true);
    expect(regex('\\x{e9}').test('café')).toBe(true);
  });

  it('marks only non-empty matches', () => {
    expect(regex('a*').ranges('baab', 10)).toEqual([[1, 3]]);
  });

  it('answers the patterns that take a backtracking engine seconds on one line', () => {
    // With JavaScript's RegExp: 10 s, 9 s and 29 s on this machine.
    expect(regex('(.|\\s)*error').test(' '.repeat(30))).toBe(false);
    expect(regex('\\s*\\s*\\s*x').test(' '.repeat(400))).toBe(false);
    expect(regex('(a|a)*$').test(`${'a'.repeat(29)}!`)).toBe(true);
    // Nested repetition needs no refusing any more.
    expect(regex('(a+)+$').test(`${'a'.repeat(5000)}!`)).toBe(false);
  });

  it('refuses what RE2 leaves out, saying why', () => {
    const refusals: [string, RegExp][] = [
      ['error(?= now)', /^Lookahead .* is not supported/],
      ['error(?! now)', /^Lookahead .* is not supported/],
      ['(?<=at )error', /^Lookbehind .* is not supported/],
      ['(?<!no )error', /^Lookbehind .* is not supported/],
      ['(a)\\1', /^A backreference \(\\1\) is not supported/],
      ['(?<n>a)\\k<n>', /^A backreference \(\\k\) is not supported/],
      ['a++', /^A possessive quantifier \(\+\+\) is not supported/],
      ['\\u00e9', /^The \\u escape is not supported: .*; write \\x\{e9\} for é$/],
    ];
    for (const [pattern, message] of refusals) {
      expect(() => regex(pattern), pattern).toThrow(message);
      expect(() => regex(pattern), pattern).toThrow(LINEAR_ENGINE);
    }
  });

  it('names what is wrong with a malformed one', () => {
    expect(() => regex('(')).toThrow('Not a valid regular expression: missing closing ): (');
    expect(() => regex('[z-a]')).toThrow('Not a valid regular expression: invalid character class range: z-a');
    expect(() => regex('x{1001}')).toThrow(/Not a valid regular expression: invalid repeat count/);
  });

  it('refuses a pattern longer than the contract allows', () => {
    expect(() => plain('x'.repeat(MAX_QUERY_LENGTH + 1))).toThrow(/longer than 1000 characters/);
    expect(() => plain('x'.repeat(MAX_QUERY_LENGTH))).not.toThrow();
  });
});

describe('the prefilter of a case-folded search', () => {
  it('reads the text every match must contain, from the top level only', () => {
    const cases: [string, string][] = [
      ['^MARK \\d+$', 'MARK '],
      ['error: (.*) failed', 'error: '],
      ['foo\\.bar', 'foo.bar'],
      [RE2JS.quote('a.b (c) [x]'), 'a.b (c) [x]'],
      ['abc+', 'ab'],
      ['a{2}bc', 'bc'],
      ['[]a]xyz', 'xyz'],
      ['a.b', 'a'],
      // Alternation at the top, an escape with an argument, a POSIX class, \\Q…\\E: none read.
      ['error|warn', ''],
      ['x\\x{41}yz', ''],
      ['[[:alpha:]xyz]q', ''],
      ['abc\\Qdef\\E', ''],
      ['abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnop'],
      // A flag directive is no atom: the ? makes the a optional (fast-check found it).
      [']a(?-i)?', ''],
      ['abc(?i)def', ''],
    ];
    for (const [pattern, text] of cases) expect(requiredText(pattern), pattern).toBe(text);
  });

  it('never turns away a line RE2 matches', () => {
    const token = fc.constantFrom('a', 'b', 'k', 'K', 's', 'é', ' ', '-', ':', '.', '*', '+', '?', '|', '(', ')', '[ab]', '[^a]', ']', '^', '$', '\\d', '\\.', '\\b', '{2}', '{1,}', '(?i)', '(?-i)');
    const char = fc.constantFrom('a', 'A', 'b', 'B', 'k', 'K', '\u212A', 's', 'S', '\u017F', 'é', 'É', ' ', '-', ':', '.', '1', ']');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.array(fc.array(char, { maxLength: 12 }), { maxLength: 8 }), (tokens, lines) => {
        const source = tokens.join('');
        let re: RE2JS;
        try {
          re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
        } catch {
          return;
        }
        const pattern = compileLogPattern({ text: source, regex: true, caseSensitive: false });
        for (const line of lines.map((l) => l.join(''))) expect(pattern.test(line), `${source} on ${line}`).toBe(re.test(line));
      }),
      { numRuns: 3000 },
    );
    // 3,000 cases: about a second alone, several on two loaded cores; the verdict does not depend on the time.
  }, 60_000);
});
