/**
 * The list of lines: a scroll range as tall as the view's lines (scaled past
 * what a browser holds) with only the window on screen drawn in it, and
 * "Jump to end" while not following.
 */
import type { ReactNode, RefObject, UIEvent } from 'react';
import type { LogPattern } from '#shared/log-pattern';
import type { LogLine } from '#shared/logs';
import { LogLineRow } from './LogLineRow';

export interface LogListProps {
  scrollerRef: RefObject<HTMLDivElement | null>;
  /** What the log is of, for its name ("Log of web-1"). */
  title: string;
  lines: readonly LogLine[];
  fullHeight: number;
  viewHeight: number;
  follow: boolean;
  wrap: boolean;
  timestamps: boolean;
  streamMarks: boolean;
  highlight: LogPattern | null;
  /** The position of the match gone to. */
  currentPosition: number | undefined;
  /** Said where there are no lines to show; null while there is nothing to say yet. */
  empty: string | null;
  onScroll(event: UIEvent<HTMLDivElement>): void;
  onJumpToEnd(): void;
}

export function LogList(props: LogListProps): ReactNode {
  const { scrollerRef, title, lines, fullHeight, viewHeight, follow, wrap, timestamps, streamMarks, highlight, currentPosition, empty, onScroll, onJumpToEnd } = props;
  return (
    <div className="logs-frame">
      <div ref={scrollerRef} className={`logs-scroller${wrap ? ' logs-wrap' : ''}`} role="log" aria-label={`Log of ${title}`} aria-live="off" tabIndex={0} onScroll={onScroll}>
        <div className="logs-range" style={{ height: Math.max(fullHeight, viewHeight) }}>
          <div className={`logs-window${follow ? ' logs-at-end' : ''}`} style={{ height: viewHeight }}>
            {lines.map((line) => (
              <LogLineRow key={`${line.line}`} line={line} timestamps={timestamps} streamMarks={streamMarks} highlight={highlight} current={currentPosition === line.position} />
            ))}
            {empty !== null && <p className="muted logs-empty">{empty}</p>}
          </div>
        </div>
      </div>
      {!follow && (
        <button type="button" className="logs-jump" onClick={onJumpToEnd}>
          Jump to end
        </button>
      )}
    </div>
  );
}
