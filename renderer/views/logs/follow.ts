/**
 * Following and scrolling: where the view is (at the end, following, or at a
 * line the user scrolled to) and keeping the scrollbar on it. The scroll
 * range stands for the view's lines (a million-line log scrolls like a short
 * one), scaled past what a browser can hold; scrolling up stops following,
 * reaching the end resumes it.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type RefObject, type UIEvent } from 'react';
import { ROW } from './useLogWindow';

/** Browsers cap an element's height (Chromium near 33 M px): past this the scrollbar is scaled. */
const MAX_SCROLL_PX = 8_000_000;

export interface Place {
  follow: boolean;
  /** The first line in view while not following. */
  top: number;
}

export type PlaceChange =
  | { type: 'follow'; on: boolean }
  /** The user scrolled: to the end (follow again) or to a line. */
  | { type: 'scrolled'; atEnd: boolean; top: number }
  /** The program shows a line (a match). */
  | { type: 'show'; top: number }
  /** The lines in view moved down as a block (the preview gave way to the whole log). */
  | { type: 'shifted'; by: number };

export function changePlace(place: Place, change: PlaceChange): Place {
  switch (change.type) {
    case 'follow':
      return place.follow === change.on ? place : { ...place, follow: change.on };
    case 'scrolled':
      if (change.atEnd) return place.follow ? place : { ...place, follow: true };
      return { follow: false, top: change.top };
    case 'show':
      return { follow: false, top: change.top };
    case 'shifted':
      return { ...place, top: Math.max(0, place.top + change.by) };
  }
}

export function usePlace(): [Place, (change: PlaceChange) => void] {
  return useReducer(changePlace, { follow: true, top: 0 });
}

/** The scroll range's geometry for a view of `total` lines with `rowsFit` on screen. */
export function scrollGeometry(total: number, rowsFit: number): { fullHeight: number; maxTop: number } {
  return { fullHeight: Math.min(total * ROW, MAX_SCROLL_PX), maxTop: Math.max(0, total - rowsFit + 2) };
}

/** The first line in view for a scroll offset: the range maps linearly onto the lines. */
export function positionFromScroll(scrollTop: number, range: number, maxTop: number): number {
  if (range <= 0) return 0;
  return Math.min(maxTop, Math.round((scrollTop / range) * maxTop));
}

export interface FollowScrollInput {
  scrollerRef: RefObject<HTMLDivElement | null>;
  place: Place;
  changePlace(change: PlaceChange): void;
  total: number;
  rowsFit: number;
  /** The window shown: a new one while following scrolls to the end again. */
  win: unknown;
  /** What the view is of, and main's word on where its lines went. */
  streamKey: string;
  generation: number | null;
  moved: number | null;
  /** Moved lines keep their place only in the unfiltered view (positions are line numbers there). */
  unfiltered: boolean;
}

export function useFollowScroll({ scrollerRef, place, changePlace, total, rowsFit, win, streamKey, generation, moved, unfiltered }: FollowScrollInput): {
  fullHeight: number;
  onScroll(event: UIEvent<HTMLDivElement>): void;
  /** Brings a line into view, a third of the way down, and stops following. */
  showPosition(position: number): void;
} {
  const programmaticScroll = useRef(false);
  const { fullHeight, maxTop } = scrollGeometry(total, rowsFit);

  // The preview gave way to the whole log, its lines moved down as a block: stay on the lines in view.
  const [seenGeneration, setSeenGeneration] = useState<{ key: string; generation: number } | null>(null);
  if (generation !== null && (seenGeneration?.key !== streamKey || seenGeneration.generation !== generation)) {
    setSeenGeneration({ key: streamKey, generation });
    if (seenGeneration?.key === streamKey && !place.follow && moved !== null && unfiltered) changePlace({ type: 'shifted', by: moved });
  }

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
      const element = scrollerRef.current;
      if (!element) return;
      const range = element.scrollHeight - element.clientHeight;
      scrollOurselves(element, maxTop > 0 ? (position / maxTop) * range : 0);
    },
    [scrollerRef, maxTop, scrollOurselves],
  );

  // Scrolled up while the log grows or is replaced: the scrollbar stays on the lines in view.
  const latest = useRef(place);
  useEffect(() => {
    latest.current = place;
  });
  useEffect(() => {
    if (!latest.current.follow) scrollToPosition(latest.current.top);
  }, [scrollToPosition]);

  // Following: keep the scrollbar at the end as lines arrive.
  const { follow } = place;
  useEffect(() => {
    if (!follow) return;
    const element = scrollerRef.current;
    if (element) scrollOurselves(element, element.scrollHeight);
  }, [scrollerRef, follow, fullHeight, win, scrollOurselves]);

  const onScroll = (event: UIEvent<HTMLDivElement>): void => {
    const element = event.currentTarget;
    if (programmaticScroll.current) {
      programmaticScroll.current = false;
      return;
    }
    const range = element.scrollHeight - element.clientHeight;
    changePlace({ type: 'scrolled', atEnd: element.scrollTop >= range - 2, top: positionFromScroll(element.scrollTop, range, maxTop) });
  };

  const showPosition = (position: number): void => {
    const top = Math.max(0, Math.min(maxTop, position - Math.floor(rowsFit / 3)));
    changePlace({ type: 'show', top });
    scrollToPosition(top);
  };

  return { fullHeight, onScroll, showPosition };
}
