/**
 * Electronegativity's findings as SARIF, and the gate that fails on any
 * finding above low severity that the allow-list beside this file does not
 * explain. Pure: scripts/electronegativity.ts does the scanning and the files.
 *
 * Severity lives in `results[].properties.severity` of the SARIF written here.
 * Electronegativity's own SARIF writer has no severity at all (its `level` is
 * "note" for manual-review findings and "warning" for every other, HIGH or
 * INFORMATIONAL alike, and its rules carry only a category), so this module
 * writes the SARIF from the issues its API returns, where each issue carries
 * its severity and confidence; `level` is derived from severity for SARIF
 * viewers.
 */
import { z } from 'zod';

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];
const CONFIDENCES = ['TENTATIVE', 'FIRM', 'CERTAIN'] as const;

/** Findings at or below this severity are listed but never fail the check. */
const GATE_ABOVE: Severity = 'LOW';

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

// ---- Electronegativity's API result ----------------------------------------

/** One issue as `run()` returns it (file "N/A" for a global, whole-app finding). */
export const issueSchema = z.object({
  id: z.string(),
  description: z.string(),
  file: z.string(),
  location: z.object({ line: z.number().int(), column: z.number().int() }),
  sample: z.string().optional(),
  severity: z.object({ name: z.enum(SEVERITIES) }),
  confidence: z.object({ name: z.enum(CONFIDENCES) }),
  manualReview: z.boolean(),
  shortenedURL: z.string().optional(),
});
export type Issue = z.infer<typeof issueSchema>;

// ---- SARIF ------------------------------------------------------------------

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFORMATIONAL: 'note',
};

const sarifResultSchema = z.object({
  ruleId: z.string(),
  level: z.enum(['error', 'warning', 'note', 'none']),
  message: z.object({ text: z.string() }),
  properties: z.object({
    severity: z.enum(SEVERITIES),
    confidence: z.enum(CONFIDENCES),
    manualReview: z.boolean(),
  }),
  locations: z
    .array(
      z.object({
        physicalLocation: z.object({
          artifactLocation: z.object({ uri: z.string() }),
          region: z.object({
            startLine: z.number().int().positive(),
            startColumn: z.number().int().positive(),
            snippet: z.object({ text: z.string() }).optional(),
          }),
        }),
      }),
    )
    .optional(),
});
export const sarifSchema = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(z.object({ results: z.array(sarifResultSchema) })).length(1),
});
type SarifResult = z.infer<typeof sarifResultSchema>;

export function toSarif(issues: readonly Issue[], toolVersion: string): unknown {
  const rules = new Map<string, { id: string; helpUri?: string }>();
  for (const issue of issues) {
    if (!rules.has(issue.id)) {
      rules.set(issue.id, { id: issue.id, helpUri: `https://github.com/doyensec/electronegativity/wiki/${issue.id}` });
    }
  }
  const results = issues.map((issue): SarifResult => {
    const located = issue.file !== 'N/A';
    return {
      ruleId: issue.id,
      level: LEVEL[issue.severity.name],
      message: { text: issue.description },
      properties: {
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        manualReview: issue.manualReview,
      },
      ...(located && {
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: issue.file },
              // Electronegativity counts columns from 0, SARIF from 1.
              region: {
                startLine: Math.max(1, issue.location.line),
                startColumn: issue.location.column + 1,
                ...(issue.sample !== undefined && { snippet: { text: issue.sample } }),
              },
            },
          },
        ],
      }),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Electronegativity',
            version: toolVersion,
            informationUri: 'https://github.com/doyensec/electronegativity',
            rules: [...rules.values()],
          },
        },
        results,
      },
    ],
  };
}

// ---- Findings read back from SARIF ------------------------------------------

export interface Finding {
  rule: string;
  severity: Severity;
  confidence: string;
  message: string;
  /** Absent for a global finding about the app as a whole (e.g. "no CSP"). */
  file?: string;
  line?: number;
  column?: number;
  snippet?: string;
}

export function findingsFromSarif(sarif: unknown): Finding[] {
  const [run] = sarifSchema.parse(sarif).runs;
  return (run?.results ?? []).map((result) => {
    const where = result.locations?.[0]?.physicalLocation;
    return {
      rule: result.ruleId,
      severity: result.properties.severity,
      confidence: result.properties.confidence,
      message: result.message.text,
      ...(where && {
        file: where.artifactLocation.uri,
        line: where.region.startLine,
        column: where.region.startColumn,
        ...(where.region.snippet && { snippet: where.region.snippet.text }),
      }),
    };
  });
}

// ---- The allow-list -----------------------------------------------------------

/**
 * One explained finding. A located finding is matched by file and by line
 * and/or a piece of its source line, never by file alone, so that an entry
 * does not silently cover new code in the same file; a global finding (no
 * file) by rule alone.
 */
const allowEntrySchema = z
  .object({
    rule: z.string().min(1),
    file: z.string().min(1).optional(),
    line: z.number().int().positive().optional(),
    snippet: z.string().min(1).optional(),
    reason: z.string().min(10),
  })
  .strict()
  .refine((entry) => (entry.file === undefined ? entry.line === undefined && entry.snippet === undefined : true), {
    message: 'a global entry (no file) cannot name a line or snippet',
  })
  .refine((entry) => entry.file === undefined || entry.line !== undefined || entry.snippet !== undefined, {
    message: 'an entry with a file must also name a line or a snippet',
  });
export const allowListSchema = z.array(allowEntrySchema);
export type AllowEntry = z.infer<typeof allowEntrySchema>;

export function allows(entry: AllowEntry, finding: Finding): boolean {
  return (
    entry.rule === finding.rule &&
    entry.file === finding.file &&
    (entry.line === undefined || entry.line === finding.line) &&
    (entry.snippet === undefined || (finding.snippet?.includes(entry.snippet) ?? false))
  );
}

export interface Verdict {
  /** Above low severity and explained by no entry: these fail the check. */
  unexplained: Finding[];
  allowed: { finding: Finding; entry: AllowEntry }[];
  /** Low or informational and not allowed: listed, never failing. */
  minor: Finding[];
  /** Entries that matched nothing: stale, so they fail the check too. */
  unused: AllowEntry[];
  ok: boolean;
}

export function judge(findings: readonly Finding[], allowList: readonly AllowEntry[]): Verdict {
  const used = new Set<AllowEntry>();
  const verdict: Verdict = { unexplained: [], allowed: [], minor: [], unused: [], ok: false };
  for (const finding of findings) {
    const entry = allowList.find((candidate) => allows(candidate, finding));
    if (entry) {
      used.add(entry);
      verdict.allowed.push({ finding, entry });
    } else if (rank(finding.severity) > rank(GATE_ABOVE)) {
      verdict.unexplained.push(finding);
    } else {
      verdict.minor.push(finding);
    }
  }
  verdict.unused = allowList.filter((entry) => !used.has(entry));
  verdict.ok = verdict.unexplained.length === 0 && verdict.unused.length === 0;
  return verdict;
}

export function describeFinding(finding: Finding): string {
  const where = finding.file === undefined ? '(whole app)' : `${finding.file}:${finding.line}:${finding.column}`;
  return `${where} ${finding.rule} [${finding.severity}, ${finding.confidence}]: ${finding.message}`;
}

export function describeEntry(entry: AllowEntry): string {
  const at = [entry.file, entry.line, entry.snippet && JSON.stringify(entry.snippet)].filter(Boolean).join(' ');
  return `${entry.rule}${at ? ` ${at}` : ''}`;
}
