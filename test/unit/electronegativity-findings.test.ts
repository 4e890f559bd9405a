/**
 * The Electronegativity gate: severity read from the SARIF, each finding above
 * low failing unless an allow entry explains exactly it (rule, file, and line
 * or source snippet), stale entries failing too. Pure: a fixture SARIF, no scan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowListSchema,
  findingsFromSarif,
  issueSchema,
  judge,
  toSarif,
  type AllowEntry,
} from '../../scripts/electronegativity-findings';

const fixture: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'electronegativity.sarif'), 'utf8'));
const findings = findingsFromSarif(fixture);
const rules = (list: { rule: string }[]) => list.map((f) => f.rule);

const csp: AllowEntry = { rule: 'CSP_GLOBAL_CHECK', reason: 'the CSP is a response header' };
const openExternal: AllowEntry = {
  rule: 'OPEN_EXTERNAL_JS_CHECK',
  file: 'electron/window.ts',
  snippet: 'shell.openExternal(url.href)',
  reason: 'the one http(s)-only gate',
};

describe('Electronegativity findings from SARIF', () => {
  it('reads severity, file, line and snippet of each result', () => {
    expect(findings).toHaveLength(4);
    expect(findings[1]).toEqual({
      rule: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'TENTATIVE',
      message: 'Review the use of openExternal',
      file: 'electron/window.ts',
      line: 100,
      column: 10,
      snippet: 'return shell.openExternal(url.href);',
    });
    expect(findings[0]).not.toHaveProperty('file');
  });

  it('fails on an unexplained medium finding, naming it', () => {
    const verdict = judge(findings, [csp, openExternal]);
    expect(verdict.ok).toBe(false);
    expect(rules(verdict.unexplained)).toEqual(['SANDBOX_JS_CHECK']);
    expect(rules(verdict.allowed.map((a) => a.finding))).toEqual(['CSP_GLOBAL_CHECK', 'OPEN_EXTERNAL_JS_CHECK']);
  });

  it('passes when every finding above low is allowed, and never fails on a low one', () => {
    const sandbox: AllowEntry = { rule: 'SANDBOX_JS_CHECK', file: 'electron/window.ts', line: 31, reason: 'fixture only' };
    const verdict = judge(findings, [csp, openExternal, sandbox]);
    expect(verdict.ok).toBe(true);
    expect(rules(verdict.minor)).toEqual(['AUXCLICK_JS_CHECK']);
  });

  it('matches an entry only at its line or snippet, so new code in the same file is not covered', () => {
    const elsewhere = findingsFromSarif(fixture).map((f) =>
      f.rule === 'OPEN_EXTERNAL_JS_CHECK' ? { ...f, line: 140, snippet: 'shell.openExternal(untrusted)' } : f,
    );
    const verdict = judge(elsewhere, [csp, openExternal]);
    expect(rules(verdict.unexplained)).toEqual(['OPEN_EXTERNAL_JS_CHECK', 'SANDBOX_JS_CHECK']);
    const byLine: AllowEntry = { rule: 'SANDBOX_JS_CHECK', file: 'electron/window.ts', line: 32, reason: 'another line' };
    expect(rules(judge(findings, [byLine]).unexplained)).toContain('SANDBOX_JS_CHECK');
    const otherFile: AllowEntry = { ...openExternal, file: 'electron/main.ts' };
    expect(rules(judge(findings, [otherFile]).unexplained)).toContain('OPEN_EXTERNAL_JS_CHECK');
  });

  it('fails on an allow entry that matches nothing', () => {
    const stale: AllowEntry = { rule: 'REMOTE_MODULE_JS_CHECK', file: 'electron/main.ts', line: 1, reason: 'long gone code' };
    const sandbox: AllowEntry = { rule: 'SANDBOX_JS_CHECK', file: 'electron/window.ts', line: 31, reason: 'fixture only' };
    const verdict = judge(findings, [csp, openExternal, sandbox, stale]);
    expect(verdict.ok).toBe(false);
    expect(verdict.unused).toEqual([stale]);
  });

  it('refuses allow entries that name a file alone, or come without a reason', () => {
    expect(() => allowListSchema.parse([{ rule: 'X', file: 'electron/main.ts', reason: 'covers the whole file' }])).toThrow();
    expect(() => allowListSchema.parse([{ rule: 'X', line: 3, reason: 'a line of no file' }])).toThrow();
    expect(() => allowListSchema.parse([{ rule: 'CSP_GLOBAL_CHECK' }])).toThrow();
    expect(() => allowListSchema.parse([{ rule: 'X', file: 'a.ts', line: 1, reason: 'ok reason', extra: 1 }])).toThrow();
  });

  it('refuses a SARIF result without a severity (the tool’s own SARIF has none)', () => {
    const own = {
      version: '2.1.0',
      runs: [{ results: [{ ruleId: 'CSP_GLOBAL_CHECK', level: 'warning', message: { text: 'No CSP' } }] }],
    };
    expect(() => findingsFromSarif(own)).toThrow();
  });

  it('writes severity into the SARIF it reads back, with columns from 1 and the source line as snippet', () => {
    const issue = issueSchema.parse({
      id: 'CONTEXT_ISOLATION_JS_CHECK',
      description: 'Review the use of the contextIsolation option',
      file: 'electron/window.ts',
      location: { line: 32, column: 6 },
      sample: 'contextIsolation: false,',
      severity: { name: 'HIGH', value: 3 },
      confidence: { name: 'FIRM', value: 1 },
      manualReview: false,
    });
    const global = { ...issue, id: 'CSP_GLOBAL_CHECK', file: 'N/A', location: { line: 0, column: 0 }, sample: undefined };
    const [high, whole] = findingsFromSarif(JSON.parse(JSON.stringify(toSarif([issue, global], '1.10.3'))));
    expect(high).toMatchObject({ severity: 'HIGH', file: 'electron/window.ts', line: 32, column: 7, snippet: 'contextIsolation: false,' });
    expect(whole).not.toHaveProperty('file');
    expect(judge([high!, whole!], [csp]).unexplained).toEqual([high]);
  });
});
