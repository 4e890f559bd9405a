/**
 * A log view over a session in the main process. The renderer holds only the
 * lines on screen: the list is virtualised by index (the scrollbar maps to a
 * line number, so a million-line log scrolls like a short one), and each
 * scroll or update asks main for the window it needs. Following keeps the
 * last line in view until the user scrolls up; "Jump to end" resumes.
 * Search, filters, copy and download all run over the whole log in main.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { compileLogPattern, type LogPattern } from '#shared/log-pattern';
import type { LogFilterInput, LogLine, LogOpenOptions, LogSource, LogState } from '#shared/logs';
import { useClient } from '../../hooks/useClient';
import { LogLineRow } from './LogLineRow';
import './logs.css';

/** Row height with wrapping off (matches .log-line in logs.css). */
const ROW = 18;
/** Browsers cap an element's height (Chromium near 33 M px): past this the scrollbar is scaled. */
const MAX_SCROLL_PX = 8_000_000;
/** Matches fetched at a time; Next and Previous fetch the next page when they leave this one. */
const SEARCH_PAGE = 10_000;

type MatchMode = 'highlight' | 'only' | 'except';

/** The view of every line: its positions are the log's line numbers. */
const UNFILTERED = JSON.stringify({ stream: 'both' });

interface Info {
  total: number;
  generation: number;
  moved: number | null;
  restarts: number;
  state: LogState;
  detail: string;
  bytes: number;
  spilledBytes: number;
}

interface WindowData {
  start: number;
  total: number;
  lines: LogLine[];
}

interface SearchResult {
  count: number;
  /** The number of the match at positions[0]: the page of matches at hand. */
  first: number;
  positions: number[];
}

/** Where match `index` is in the view, if it is in the page at hand. */
function positionOfMatch(result: SearchResult, index: number): number | undefined {
  return result.positions[index - result.first];
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toEpochSeconds(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** The search as main runs it, for marking its matches; none while it is not a pattern main would run (main's answer says why). */
function highlightPattern(text: string, regex: boolean, caseSensitive: boolean): LogPattern | null {
  if (!text) return null;
  try {
    return compileLogPattern({ text, regex, caseSensitive });
  } catch {
    return null;
  }
}

export interface LogViewerProps {
  source: LogSource;
  /** What the log is of, for names ("Log of web-1"). */
  title: string;
  /** The file name Download suggests, without extension. */
  fileName: string;
}

export function LogViewer({ source, title, fileName }: LogViewerProps): ReactNode {
  const client = useClient();
  // What is read from the engine; changing it opens a new session.
  const [openOptions, setOpenOptions] = useState<LogOpenOptions>({ follow: true });
  const [tailText, setTailText] = useState('');
  const [sinceText, setSinceText] = useState('');
  const [untilText, setUntilText] = useState('');
  const streamKey = JSON.stringify([source, openOptions]);
  // Everything learnt from one stream, tagged with its key: a new stream starts from nothing without an effect resetting state.
  const [stream, setStream] = useState<{ key: string; session: string | null; info: Info | null; error: string | null }>({
    key: '',
    session: null,
    info: null,
    error: null,
  });
  const current = stream.key === streamKey ? stream : { key: streamKey, session: null, info: null, error: null };
  const { session, info, error: streamError } = current;
  // How it is shown.
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [streamMarks, setStreamMarks] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [streamFilter, setStreamFilter] = useState<'both' | 'stdout' | 'stderr'>('both');
  // Search.
  const [queryText, setQueryText] = useState('');
  const [debouncedQuery, setDebouncedQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [mode, setMode] = useState<MatchMode>('highlight');
  const modeRef = useRef(mode);
  useEffect(() => {
    modeRef.current = mode;
  }, [mode]);
  const [message, setMessage] = useState<string | null>(null);
  // The window.
  const [topPosition, setTopPosition] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const [winState, setWinState] = useState<(WindowData & { key: string }) | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const programmaticScroll = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => setDebouncedQuery(queryText), 150);
    return () => clearTimeout(timer);
  }, [queryText]);

  const filter = useMemo<LogFilterInput>(() => {
    if (mode === 'highlight' || !debouncedQuery) return { stream: streamFilter };
    return { stream: streamFilter, match: { text: debouncedQuery, regex, caseSensitive, invert: mode === 'except' } };
  }, [streamFilter, mode, debouncedQuery, regex, caseSensitive]);
  const filterKey = JSON.stringify(filter);

  // The stream: one session per source and open options; closing it ends the engine reads.
  useEffect(() => {
    const [source, options] = JSON.parse(streamKey) as [LogSource, LogOpenOptions];
    const update = (change: Partial<{ session: string; info: Info; error: string }>) =>
      setStream((previous) => ({ ...(previous.key === streamKey ? previous : { key: streamKey, session: null, info: null, error: null }), ...change }));
    return client.listen(
      'logs',
      { source, options },
      {
        onData: (message) => {
          if (message.type === 'open') update({ session: message.session });
          else update({ info: message });
        },
        onEnd: (error) => {
          if (error) update({ error: error.message });
        },
      },
    );
  }, [client, streamKey]);

  // Measure the list's height, so a window holds what fits.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    setViewHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);
  // Bounded, in case the list is ever laid out taller than the window.
  const rowsFit = Math.min(400, Math.max(1, Math.ceil(viewHeight / ROW) + 1));

  // Ask main for the window in view: one request in flight, the latest need wins.
  const fetcher = useMemo(
    () =>
      createLatestOnly<WindowAsk, WindowData & { key: string }>(
        (ask) =>
          client
            .call('logs.window', { session: ask.session, filter: JSON.parse(ask.filterKey) as LogFilterInput, start: ask.start, count: ask.count })
            .then((result) => ({ start: result.start, total: result.total, lines: result.lines, key: `${ask.session}|${ask.filterKey}` })),
        (result) => setWinState(result),
        (error) => setMessage(`Could not read the log: ${describeError(error)}`),
      ),
    [client],
  );
  const windowStart = follow ? null : topPosition;
  useEffect(() => {
    if (session) fetcher.request({ session, filterKey, start: windowStart, count: rowsFit + 2 });
  }, [fetcher, session, filterKey, windowStart, rowsFit, info?.total, info?.generation]);
  const win = winState && winState.key === `${session}|${filterKey}` ? winState : null;

  // The preview gave way to the whole log, its lines moved down as a block: stay on the lines in view.
  const [seenGeneration, setSeenGeneration] = useState<{ key: string; generation: number } | null>(null);
  if (info && (seenGeneration?.key !== streamKey || seenGeneration.generation !== info.generation)) {
    setSeenGeneration({ key: streamKey, generation: info.generation });
    if (seenGeneration?.key === streamKey && !follow && info.moved !== null && filterKey === UNFILTERED) {
      setTopPosition(Math.max(0, topPosition + info.moved));
    }
  }

  const viewTotal = win?.total ?? 0;

  // The scroll range stands for the view's lines; scaled past what a browser can hold.
  const fullHeight = Math.min(viewTotal * ROW, MAX_SCROLL_PX);
  const maxTop = Math.max(0, viewTotal - rowsFit + 2);
  const positionFromScroll = (scrollTop: number, element: HTMLDivElement): number => {
    const range = element.scrollHeight - element.clientHeight;
    if (range <= 0) return 0;
    return Math.min(maxTop, Math.round((scrollTop / range) * maxTop));
  };
  /** Scrolls the list for the program, not the user: its scroll event is not a user's move. */
  const scrollOurselves = useCallback((element: HTMLDivElement, top: number) => {
    const target = Math.max(0, Math.min(element.scrollHeight - element.clientHeight, top));
    // No move, no scroll event: a flag left set would swallow the user's next one.
    if (Math.abs(element.scrollTop - target) < 1) return;
    programmaticScroll.current = true;
    element.scrollTop = target;
  }, []);
  const scrollToPosition = useCallback(
    (position: number) => {
      const element = scroller.current;
      if (!element) return;
      const range = element.scrollHeight - element.clientHeight;
      scrollOurselves(element, maxTop > 0 ? (position / maxTop) * range : 0);
    },
    [maxTop, scrollOurselves],
  );

  // Scrolled up while the log grows or is replaced: the scrollbar stays on the lines in view.
  const place = useRef({ follow, topPosition });
  useEffect(() => {
    place.current = { follow, topPosition };
  });
  useEffect(() => {
    if (!place.current.follow) scrollToPosition(place.current.topPosition);
  }, [scrollToPosition]);

  // Following: keep the scrollbar at the end as lines arrive.
  useEffect(() => {
    if (!follow) return;
    const element = scroller.current;
    if (element) scrollOurselves(element, element.scrollHeight);
  }, [follow, fullHeight, win, scrollOurselves]);

  const onScroll = (event: UIEvent<HTMLDivElement>): void => {
    const element = event.currentTarget;
    if (programmaticScroll.current) {
      programmaticScroll.current = false;
      return;
    }
    const atEnd = element.scrollTop >= element.scrollHeight - element.clientHeight - 2;
    if (atEnd) {
      if (!follow) setFollow(true);
      return;
    }
    if (follow) setFollow(false);
    setTopPosition(positionFromScroll(element.scrollTop, element));
  };

  const jumpToEnd = (): void => {
    setFollow(true);
  };

  // Search over the whole view, in main; refreshed as the log grows.
  const searchTick = useThrottled(info?.total ?? 0, 1000);
  const searchKey = JSON.stringify([session, filterKey, debouncedQuery, regex, caseSensitive]);
  const [searchState, setSearchState] = useState<{ key: string; result: SearchResult | null; error: string | null }>({ key: '', result: null, error: null });
  const [matchState, setMatchState] = useState<{ key: string; index: number }>({ key: '', index: 0 });
  const matchIndex = matchState.key === searchKey ? matchState.index : 0;
  // Which page of matches to fetch: the one holding the match Next or Previous went to.
  const [pageState, setPageState] = useState<{ key: string; first: number }>({ key: '', first: 0 });
  const pageFirst = pageState.key === searchKey ? pageState.first : 0;
  /** A match gone to before its page was fetched: shown when the page arrives. */
  const pendingMatch = useRef<{ key: string; index: number } | null>(null);
  const searchCurrent = searchState.key === searchKey && debouncedQuery ? searchState : null;
  const search = searchCurrent?.result ?? null;
  const searchError = searchCurrent?.error ?? null;

  const showPosition = (position: number): void => {
    const top = Math.max(0, Math.min(maxTop, position - Math.floor(rowsFit / 3)));
    setFollow(false);
    setTopPosition(top);
    scrollToPosition(top);
  };

  /** Goes to match number `index` (wrapping around), fetching its page first when it is not the one at hand. */
  const goToMatch = (index: number, result: SearchResult | null = search, key = searchKey): void => {
    if (!result || result.count === 0) return;
    const next = ((index % result.count) + result.count) % result.count;
    setMatchState({ key, index: next });
    const position = positionOfMatch(result, next);
    if (position !== undefined) {
      pendingMatch.current = null;
      showPosition(position);
      return;
    }
    pendingMatch.current = { key, index: next };
    // Going back, fetch the page that ends with the match; going on, the one that starts with it.
    setPageState({ key, first: next < result.first ? Math.max(0, next - SEARCH_PAGE + 1) : next });
  };
  const goToMatchRef = useRef(goToMatch);
  useEffect(() => {
    goToMatchRef.current = goToMatch;
  });

  const shownFirst = useRef('');
  useEffect(() => {
    if (!session || !debouncedQuery) {
      // Typing the same search again shows its first match again.
      shownFirst.current = '';
      return;
    }
    let live = true;
    const [, , text, isRegex, isCaseSensitive] = JSON.parse(searchKey) as [string, string, string, boolean, boolean];
    client
      .call('logs.search', {
        session,
        filter: JSON.parse(filterKey) as LogFilterInput,
        query: { text, regex: isRegex, caseSensitive: isCaseSensitive },
        from: pageFirst,
        limit: SEARCH_PAGE,
      })
      .then(
        (result) => {
          if (!live) return;
          const found: SearchResult = { count: result.count, first: pageFirst, positions: result.positions };
          setSearchState({ key: searchKey, result: found, error: null });
          // The log was cleared below this page: start again from the first match.
          if (found.positions.length === 0 && pageFirst > 0) {
            setPageState({ key: searchKey, first: 0 });
            return;
          }
          const pending = pendingMatch.current;
          if (pending?.key === searchKey && positionOfMatch(found, pending.index) !== undefined) {
            goToMatchRef.current(pending.index, found, searchKey);
          } else if (shownFirst.current !== searchKey && found.positions.length && modeRef.current === 'highlight') {
            // A new search shows its first match (a refresh as lines arrive does not move the view).
            shownFirst.current = searchKey;
            goToMatchRef.current(0, found, searchKey);
          }
        },
        (error: unknown) => {
          if (live) setSearchState({ key: searchKey, result: null, error: describeError(error) });
        },
      );
    return () => {
      live = false;
    };
  }, [client, session, filterKey, debouncedQuery, searchKey, searchTick, info?.generation, pageFirst]);

  const currentMatch = search ? positionOfMatch(search, matchIndex) : undefined;

  const highlight = useMemo(
    () => (mode === 'except' ? null : highlightPattern(debouncedQuery, regex, caseSensitive)),
    [debouncedQuery, regex, caseSensitive, mode],
  );

  /** Every line of a view as text, page by page from main. */
  const exportText = async (which: 'all' | 'shown'): Promise<string[]> => {
    if (!session) return [];
    const parts: string[] = [];
    const exportFilter: LogFilterInput = which === 'all' ? { stream: 'both' } : (JSON.parse(filterKey) as LogFilterInput);
    for (let from: number | null = 0; from !== null; ) {
      const page: { text: string; next: number | null } = await client.call('logs.export', { session, filter: exportFilter, from, timestamps });
      parts.push(page.text);
      from = page.next;
    }
    return parts;
  };

  const download = async (which: 'all' | 'shown'): Promise<void> => {
    setMessage('Preparing the download…');
    try {
      const parts = await exportText(which);
      const blob = new Blob(parts, { type: 'text/plain;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}${which === 'shown' ? '-filtered' : ''}.log`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setMessage(`Downloaded ${blob.size.toLocaleString()} bytes.`);
    } catch (error) {
      setMessage(`Could not download: ${describeError(error)}`);
    }
  };

  const copy = async (what: 'selection' | 'shown'): Promise<void> => {
    try {
      const text = what === 'selection' ? (window.getSelection()?.toString() ?? '') : (await exportText('shown')).join('');
      if (!text) {
        setMessage('Nothing is selected.');
        return;
      }
      await navigator.clipboard.writeText(text);
      setMessage(what === 'selection' ? 'Copied the selection.' : 'Copied the lines shown.');
    } catch (error) {
      setMessage(`Could not copy: ${describeError(error)}`);
    }
  };

  const clear = (): void => {
    if (!session) return;
    client.call('logs.clear', { session }).then(
      () => setMessage('Cleared; new lines still arrive.'),
      (error: unknown) => setMessage(`Could not clear: ${describeError(error)}`),
    );
  };

  const applyOptions = (): void => {
    const tail = tailText.trim() === '' ? undefined : Number(tailText);
    if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) {
      setMessage('Tail must be a whole number of lines, or empty for all.');
      return;
    }
    const since = toEpochSeconds(sinceText);
    const until = toEpochSeconds(untilText);
    if (since !== undefined && until !== undefined && until <= since) {
      setMessage('“Until” must be after “since”.');
      return;
    }
    setMessage(null);
    setOpenOptions({ follow: true, ...(tail !== undefined && { tail }), ...(since !== undefined && { since }), ...(until !== undefined && { until }) });
  };

  const lines = win?.lines ?? [];
  const atEndWindow = follow;

  return (
    <div className="logs">
      <form
        className="toolbar logs-options"
        aria-label="What to read"
        onSubmit={(event) => {
          event.preventDefault();
          applyOptions();
        }}
      >
        <label>
          Tail <input type="number" min={0} inputMode="numeric" placeholder="all" value={tailText} onChange={(e) => setTailText(e.target.value)} size={7} />
        </label>
        <label>
          Since <input type="datetime-local" step={1} value={sinceText} onChange={(e) => setSinceText(e.target.value)} />
        </label>
        <label>
          Until <input type="datetime-local" step={1} value={untilText} onChange={(e) => setUntilText(e.target.value)} />
        </label>
        <button type="submit">Apply</button>
        <span className="logs-status" role="status" aria-live="polite">
          {streamError ? `Log stream ended: ${streamError}` : info ? `${info.total.toLocaleString()} lines · ${stateText(info)}` : 'Opening…'}
        </span>
      </form>
      <div className="toolbar logs-search" role="search">
        <input
          type="search"
          aria-label="Search the log"
          placeholder="Search the whole log"
          value={queryText}
          onChange={(e) => setQueryText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goToMatch(matchIndex + (e.shiftKey ? -1 : 1));
            }
          }}
        />
        <label>
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regex
        </label>
        <label>
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> Match case
        </label>
        <button type="button" onClick={() => goToMatch(matchIndex - 1)} disabled={!search?.count}>
          Previous match
        </button>
        <button type="button" onClick={() => goToMatch(matchIndex + 1)} disabled={!search?.count}>
          Next match
        </button>
        <span className="logs-count" aria-live="polite" data-testid="match-count">
          {searchError
            ? searchError
            : search
              ? `${search.count === 0 ? 'No matches' : `${(Math.min(matchIndex, search.count - 1) + 1).toLocaleString()} of ${search.count.toLocaleString()}`}${
                  // Until the history is read, a search covers only what is shown (the end of the log, read first).
                  info?.state === 'loading' ? ' so far' : ''
                }`
              : ''}
        </span>
        <label>
          Show{' '}
          <select aria-label="Which lines" value={mode} onChange={(e) => setMode(e.target.value as MatchMode)}>
            <option value="highlight">all lines</option>
            <option value="only">only matching lines</option>
            <option value="except">lines not matching</option>
          </select>
        </label>
      </div>
      <div className="toolbar logs-display">
        <label>
          Streams{' '}
          <select aria-label="Streams" value={streamFilter} onChange={(e) => setStreamFilter(e.target.value as 'both' | 'stdout' | 'stderr')}>
            <option value="both">stdout and stderr</option>
            <option value="stdout">stdout only</option>
            <option value="stderr">stderr only</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label>
          <input type="checkbox" checked={streamMarks} onChange={(e) => setStreamMarks(e.target.checked)} /> Stream marks
        </label>
        <label>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap
        </label>
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" onClick={clear} disabled={!session}>
          Clear
        </button>
        <button type="button" onClick={() => void copy('selection')}>
          Copy selection
        </button>
        <button type="button" onClick={() => void copy('shown')} disabled={!session}>
          Copy all shown
        </button>
        <button type="button" onClick={() => void download('all')} disabled={!session}>
          Download full log
        </button>
        <button type="button" onClick={() => void download('shown')} disabled={!session}>
          Download shown lines
        </button>
        {message && <span className="muted">{message}</span>}
      </div>
      <div className="logs-frame">
        <div
          ref={scroller}
          className={`logs-scroller${wrap ? ' logs-wrap' : ''}`}
          role="log"
          aria-label={`Log of ${title}`}
          aria-live="off"
          tabIndex={0}
          onScroll={onScroll}
        >
          <div className="logs-range" style={{ height: Math.max(fullHeight, viewHeight) }}>
            <div className={`logs-window${atEndWindow ? ' logs-at-end' : ''}`} style={{ height: viewHeight }}>
              {lines.map((line) => (
                <LogLineRow
                  key={`${line.line}`}
                  line={line}
                  timestamps={timestamps}
                  streamMarks={streamMarks}
                  highlight={highlight}
                  current={currentMatch === line.position}
                />
              ))}
              {win !== null && viewTotal === 0 && (
                <p className="muted logs-empty">{info?.state === 'loading' ? 'Reading the log…' : debouncedQuery && mode !== 'highlight' ? 'No line matches.' : 'No lines yet.'}</p>
              )}
            </div>
          </div>
        </div>
        {!follow && (
          <button type="button" className="logs-jump" onClick={jumpToEnd}>
            Jump to end
          </button>
        )}
      </div>
    </div>
  );
}

function stateText(info: Info): string {
  const restarts = info.restarts ? ` · restarted ${info.restarts}×` : '';
  const disk = info.spilledBytes ? ` · ${(info.spilledBytes / 1e6).toFixed(0)} MB on disk` : '';
  switch (info.state) {
    case 'loading':
      // The detail says when the end of the log is shown ahead of the rest.
      return `${info.detail}${restarts}`;
    case 'following':
      return `following${restarts}${disk}`;
    case 'waiting':
      return `${info.detail}${restarts}${disk}`;
    case 'ended':
      return `${info.detail}${restarts}${disk}`;
  }
}

interface WindowAsk {
  session: string;
  filterKey: string;
  start: number | null;
  count: number;
}

/**
 * Runs `run` for the latest request only: while one is in flight, newer
 * requests replace each other and the last one runs when it returns.
 */
function createLatestOnly<A, R>(run: (ask: A) => Promise<R>, done: (result: R) => void, failed: (error: unknown) => void): { request(ask: A): void } {
  let busy = false;
  let waiting: A | undefined;
  const go = (ask: A): void => {
    busy = true;
    run(ask)
      .then(done, failed)
      .finally(() => {
        busy = false;
        const next = waiting;
        waiting = undefined;
        if (next !== undefined) go(next);
      });
  };
  return {
    request(ask) {
      if (busy) waiting = ask;
      else go(ask);
    },
  };
}

/** The value, changing at most once per `ms` (the last change always lands). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
