/**
 * One log line: optional time, stream and service marks, then its text as
 * styled spans of text nodes. Search matches are wrapped in <mark>; all text
 * stays text (React escapes it), so HTML in a line is shown as characters.
 */
import { memo, type CSSProperties, type ReactNode } from 'react';
import type { LogPattern } from '#shared/log-pattern';
import type { LogLine } from '#shared/logs';
import { toSegments, type Segment } from './ansi';

/** Matches marked in one line, at most: past that a line is a wall of marks anyway. */
const MAX_MARKS = 200;

/** Splits segments at match boundaries so matches can be marked. */
function withMatches(segments: Segment[], pattern: LogPattern | null): { segment: Segment; match: boolean }[] {
  if (!pattern) return segments.map((segment) => ({ segment, match: false }));
  const ranges = pattern.ranges(segments.map((s) => s.text).join(''), MAX_MARKS);
  if (ranges.length === 0) return segments.map((segment) => ({ segment, match: false }));
  const out: { segment: Segment; match: boolean }[] = [];
  let offset = 0;
  for (const segment of segments) {
    const end = offset + segment.text.length;
    let cursor = offset;
    for (const [a, b] of ranges) {
      if (b <= cursor || a >= end) continue;
      if (a > cursor) out.push({ segment: { ...segment, text: segment.text.slice(cursor - offset, a - offset) }, match: false });
      const to = Math.min(b, end);
      out.push({ segment: { ...segment, text: segment.text.slice(Math.max(a, cursor) - offset, to - offset) }, match: true });
      cursor = to;
    }
    if (cursor < end) out.push({ segment: { ...segment, text: segment.text.slice(cursor - offset) }, match: false });
    offset = end;
  }
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time to the millisecond: what a person reads; the export keeps ISO. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A stable hue per service name, so each service keeps its colour. */
function serviceHue(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 360;
  return h;
}

export interface LogLineRowProps {
  line: LogLine;
  timestamps: boolean;
  streamMarks: boolean;
  /** The search whose matches are marked, or null for none. */
  highlight: LogPattern | null;
  current: boolean;
}

export const LogLineRow = memo(function LogLineRow({ line, timestamps, streamMarks, highlight, current }: LogLineRowProps): ReactNode {
  const parts = withMatches(toSegments(line.text), line.kind === 'marker' ? null : highlight);
  return (
    <div
      className={`log-line log-${line.kind}${current ? ' log-current' : ''}`}
      data-line={line.line}
      data-position={line.position}
    >
      {timestamps && <span className="log-time">{line.ts === null ? '—' : formatTime(line.ts)} </span>}
      {streamMarks && line.kind !== 'marker' && (
        <span className={`log-stream log-stream-${line.kind}`} title={line.kind}>
          {line.kind === 'stderr' ? 'err' : 'out'}{' '}
        </span>
      )}
      {line.service !== undefined && line.kind !== 'marker' && (
        <span className="log-service" style={{ color: `hsl(${serviceHue(line.service)} 60% 38%)` }}>
          {line.service}{' | '}
        </span>
      )}
      <span className="log-text">
        {parts.map(({ segment, match }, k) => {
          const style: CSSProperties | undefined =
            segment.color || segment.background ? { color: segment.color, background: segment.background } : undefined;
          const body = segment.classes || style ? (
            <span key={k} className={segment.classes || undefined} style={style}>
              {segment.text}
            </span>
          ) : (
            segment.text
          );
          return match ? <mark key={k}>{body}</mark> : <span key={k}>{body}</span>;
        })}
        {line.cut > 0 && <span className="muted"> … {line.cut.toLocaleString()} more characters (Download has them)</span>}
      </span>
    </div>
  );
}, sameRow);

/** Each window fetch brings new objects for the same lines: compare what is shown, so unchanged rows do not render again. */
function sameRow(a: LogLineRowProps, b: LogLineRowProps): boolean {
  return (
    a.timestamps === b.timestamps &&
    a.streamMarks === b.streamMarks &&
    a.highlight === b.highlight &&
    a.current === b.current &&
    a.line.line === b.line.line &&
    a.line.position === b.line.position &&
    a.line.text === b.line.text &&
    a.line.kind === b.line.kind &&
    a.line.ts === b.line.ts &&
    a.line.service === b.line.service &&
    a.line.cut === b.line.cut
  );
}
