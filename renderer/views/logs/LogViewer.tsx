/**
 * A log view over a session in the main process. The renderer holds only the
 * lines on screen: the list is virtualised by index (the scrollbar maps to a
 * line number, so a million-line log scrolls like a short one), and each
 * scroll or update asks main for the window it needs. Following keeps the
 * last line in view until the user scrolls up; "Jump to end" resumes.
 * Search, filters, copy and download all run over the whole log in main.
 *
 * Each job is its own piece: the session (useLogSession), the settings
 * (logSettings.ts), the window of lines (useLogWindow), following and
 * scrolling (follow.ts), the search (useLogSearch), what leaves the view
 * (useLogExport), the bars (LogToolbars) and the list (LogList).
 */
import { useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { LogOpenOptions, LogSource } from '#shared/logs';
import { useDebounced } from '../../hooks/useDebounced';
import { usePlace, useFollowScroll } from './follow';
import { highlightPattern, matchCountText, statusText } from './logStatus';
import { changeLogSettings, initialLogSettings, logFilter, UNFILTERED } from './logSettings';
import { DisplayBar, ReadOptionsBar, SearchBar } from './LogToolbars';
import { LogList } from './LogList';
import { useLogExport } from './useLogExport';
import { useLogSearch } from './useLogSearch';
import { useLogSession } from './useLogSession';
import { useLogWindow } from './useLogWindow';
import './logs.css';

export interface LogViewerProps {
  source: LogSource;
  /** What the log is of, for names ("Log of web-1"). */
  title: string;
  /** The file name Download suggests, without extension. */
  fileName: string;
}

export function LogViewer({ source, title, fileName }: LogViewerProps): ReactNode {
  // What is read from the engine; changing it opens a new session.
  const [openOptions, setOpenOptions] = useState<LogOpenOptions>({ follow: true });
  const { key: streamKey, session, info, error: streamError } = useLogSession(source, openOptions);
  const [settings, change] = useReducer(changeLogSettings, initialLogSettings);
  const query = useDebounced(settings.query, 150);
  const filter = useMemo(() => logFilter(settings, query), [settings, query]);
  const filterKey = JSON.stringify(filter);
  const [message, setMessage] = useState<string | null>(null);

  const scrollerRef = useRef<HTMLDivElement>(null);
  const [place, changePlace] = usePlace();
  const { viewHeight, rowsFit, win } = useLogWindow({
    scrollerRef,
    session,
    filterKey,
    start: place.follow ? null : place.top,
    info,
    say: setMessage,
  });
  const viewTotal = win?.total ?? 0;
  const { fullHeight, onScroll, showPosition } = useFollowScroll({
    scrollerRef,
    place,
    changePlace,
    total: viewTotal,
    rowsFit,
    win,
    streamKey,
    generation: info?.generation ?? null,
    moved: info?.moved ?? null,
    unfiltered: filterKey === UNFILTERED,
  });
  const setFollow = (on: boolean): void => changePlace({ type: 'follow', on });

  const search = useLogSearch({
    session,
    filterKey,
    text: query,
    regex: settings.regex,
    caseSensitive: settings.caseSensitive,
    mode: settings.mode,
    total: info?.total ?? 0,
    generation: info?.generation,
    showPosition,
  });
  const highlight = useMemo(
    () => (settings.mode === 'except' ? null : highlightPattern(query, settings.regex, settings.caseSensitive)),
    [query, settings.regex, settings.caseSensitive, settings.mode],
  );
  const actions = useLogExport({ session, filterKey, timestamps: settings.timestamps, fileName, say: setMessage });

  // Until the history is read, a search covers only what is shown (the end of the log, read first).
  const countText = search.error ?? (search.result ? matchCountText(search.result.count, search.index, info?.state === 'loading') : '');
  const empty =
    win === null || viewTotal > 0 ? null : info?.state === 'loading' ? 'Reading the log…' : query && settings.mode !== 'highlight' ? 'No line matches.' : 'No lines yet.';

  return (
    <div className="logs">
      <ReadOptionsBar status={statusText(info, streamError)} onApply={setOpenOptions} say={setMessage} />
      <SearchBar settings={settings} change={change} countText={countText} hasMatches={!!search.result?.count} step={(by) => search.goToMatch(search.index + by)} />
      <DisplayBar settings={settings} change={change} follow={place.follow} setFollow={setFollow} open={session !== null} actions={actions} message={message} />
      <LogList
        scrollerRef={scrollerRef}
        title={title}
        lines={win?.lines ?? []}
        fullHeight={fullHeight}
        viewHeight={viewHeight}
        follow={place.follow}
        wrap={settings.wrap}
        timestamps={settings.timestamps}
        streamMarks={settings.streamMarks}
        highlight={highlight}
        currentPosition={search.currentPosition}
        empty={empty}
        onScroll={onScroll}
        onJumpToEnd={() => setFollow(true)}
      />
    </div>
  );
}
