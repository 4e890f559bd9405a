/**
 * The window of lines on screen, read from main: the list's height says how
 * many lines fit, and each scroll or update asks for the window it needs,
 * one request in flight, the latest need winning. The renderer holds only
 * these lines, however long the log.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { LogFilterInput, LogLine } from '#shared/logs';
import { errorText } from '../../format/errors';
import { useClient } from '../../hooks/useClient';
import { createLatestOnly } from './latestOnly';
import type { LogInfo } from './logStatus';

/** Row height with wrapping off (matches .log-line in logs.css). */
export const ROW = 18;

export interface LogWindow {
  start: number;
  /** Lines in the view (the filtered log), not only in the window. */
  total: number;
  lines: LogLine[];
}

interface WindowAsk {
  session: string;
  filterKey: string;
  start: number | null;
  count: number;
}

export interface LogWindowInput {
  scrollerRef: RefObject<HTMLDivElement | null>;
  session: string | null;
  filterKey: string;
  /** The first line wanted; null for the end of the log (following). */
  start: number | null;
  info: LogInfo | null;
  /** Tells the user why a window could not be read; a stable function (a state setter). */
  say(message: string): void;
}

export function useLogWindow({ scrollerRef, session, filterKey, start, info, say }: LogWindowInput): { viewHeight: number; rowsFit: number; win: LogWindow | null } {
  const client = useClient();
  const [viewHeight, setViewHeight] = useState(400);
  const [winState, setWinState] = useState<(LogWindow & { key: string }) | null>(null);

  // Measure the list's height, so a window holds what fits.
  useEffect(() => {
    const element = scrollerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    setViewHeight(element.clientHeight);
    return () => observer.disconnect();
  }, [scrollerRef]);
  // Bounded, in case the list is ever laid out taller than the window.
  const rowsFit = Math.min(400, Math.max(1, Math.ceil(viewHeight / ROW) + 1));

  const fetcher = useMemo(
    () =>
      createLatestOnly<WindowAsk, LogWindow & { key: string }>(
        (ask) =>
          client
            .call('logs.window', { session: ask.session, filter: JSON.parse(ask.filterKey) as LogFilterInput, start: ask.start, count: ask.count })
            .then((result) => ({ start: result.start, total: result.total, lines: result.lines, key: `${ask.session}|${ask.filterKey}` })),
        setWinState,
        (error) => say(`Could not read the log: ${errorText(error)}`),
      ),
    [client, say],
  );
  const total = info?.total;
  const generation = info?.generation;
  useEffect(() => {
    if (session) fetcher.request({ session, filterKey, start, count: rowsFit + 2 });
  }, [fetcher, session, filterKey, start, rowsFit, total, generation]);

  return { viewHeight, rowsFit, win: winState && winState.key === `${session}|${filterKey}` ? winState : null };
}
