/**
 * Search over the whole view, in main: the count, and the positions of one
 * page of matches at a time (Next and Previous fetch the next page when they
 * leave this one). Refreshed as the log grows, at most once a second; a new
 * search shows its first match, a refresh does not move the view.
 */
import { useEffect, useRef, useState } from 'react';
import type { LogFilterInput } from '#shared/logs';
import { errorText } from '../../format/errors';
import { useClient } from '../../hooks/useClient';
import { useThrottled } from '../../hooks/useThrottled';
import type { MatchMode } from './logSettings';

/** Matches fetched at a time. */
export const SEARCH_PAGE = 10_000;

export interface SearchResult {
  count: number;
  /** The number of the match at positions[0]: the page of matches at hand. */
  first: number;
  positions: number[];
}

/** Where match `index` is in the view, if it is in the page at hand. */
export function positionOfMatch(result: SearchResult, index: number): number | undefined {
  return result.positions[index - result.first];
}

/** Match `index` taken round the ends (of a result with matches): its position when its page is at hand, else the first match of the page to fetch. */
export function matchTarget(result: SearchResult, index: number): { index: number; position: number } | { index: number; page: number } {
  const next = ((index % result.count) + result.count) % result.count;
  const position = positionOfMatch(result, next);
  if (position !== undefined) return { index: next, position };
  // Going back, fetch the page that ends with the match; going on, the one that starts with it.
  return { index: next, page: next < result.first ? Math.max(0, next - SEARCH_PAGE + 1) : next };
}

export interface LogSearchInput {
  session: string | null;
  filterKey: string;
  /** The search once typing paused. */
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  mode: MatchMode;
  total: number;
  generation: number | undefined;
  showPosition(position: number): void;
}

export interface LogSearch {
  result: SearchResult | null;
  error: string | null;
  /** The match gone to. */
  index: number;
  /** Its position in the view, when its page is at hand. */
  currentPosition: number | undefined;
  goToMatch(index: number): void;
}

export function useLogSearch({ session, filterKey, text, regex, caseSensitive, mode, total, generation, showPosition }: LogSearchInput): LogSearch {
  const client = useClient();
  const searchTick = useThrottled(total, 1000);
  const searchKey = JSON.stringify([session, filterKey, text, regex, caseSensitive]);
  const [searchState, setSearchState] = useState<{ key: string; result: SearchResult | null; error: string | null }>({ key: '', result: null, error: null });
  const [matchState, setMatchState] = useState<{ key: string; index: number }>({ key: '', index: 0 });
  const matchIndex = matchState.key === searchKey ? matchState.index : 0;
  // Which page of matches to fetch: the one holding the match Next or Previous went to.
  const [pageState, setPageState] = useState<{ key: string; first: number }>({ key: '', first: 0 });
  const pageFirst = pageState.key === searchKey ? pageState.first : 0;
  /** A match gone to before its page was fetched: shown when the page arrives. */
  const pendingMatch = useRef<{ key: string; index: number } | null>(null);
  const current = searchState.key === searchKey && text ? searchState : null;
  const search = current?.result ?? null;

  const modeRef = useRef(mode);
  useEffect(() => {
    modeRef.current = mode;
  }, [mode]);

  /** Goes to match number `index` (wrapping around), fetching its page first when it is not the one at hand. */
  const goToMatch = (index: number, result: SearchResult | null = search, key = searchKey): void => {
    if (!result || result.count === 0) return;
    const target = matchTarget(result, index);
    setMatchState({ key, index: target.index });
    if ('position' in target) {
      pendingMatch.current = null;
      showPosition(target.position);
      return;
    }
    pendingMatch.current = { key, index: target.index };
    setPageState({ key, first: target.page });
  };
  const goToMatchRef = useRef(goToMatch);
  useEffect(() => {
    goToMatchRef.current = goToMatch;
  });

  const shownFirst = useRef('');
  useEffect(() => {
    if (!session || !text) {
      // Typing the same search again shows its first match again.
      shownFirst.current = '';
      return;
    }
    let live = true;
    client
      .call('logs.search', {
        session,
        filter: JSON.parse(filterKey) as LogFilterInput,
        query: { text, regex, caseSensitive },
        from: pageFirst,
        limit: SEARCH_PAGE,
      })
      .then(
        (answer) => {
          if (!live) return;
          const found: SearchResult = { count: answer.count, first: pageFirst, positions: answer.positions };
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
          if (live) setSearchState({ key: searchKey, result: null, error: errorText(error) });
        },
      );
    return () => {
      live = false;
    };
  }, [client, session, filterKey, text, regex, caseSensitive, searchKey, searchTick, generation, pageFirst]);

  return {
    result: search,
    error: current?.error ?? null,
    index: matchIndex,
    currentPosition: search ? positionOfMatch(search, matchIndex) : undefined,
    goToMatch: (index) => goToMatch(index),
  };
}
