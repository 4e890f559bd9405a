/**
 * How the user asked to see the log: the search (text, regex, case), which
 * lines it keeps, the stream filter, and what each line shows. The filter
 * main applies is derived from it, as a key: a view of the log is named by
 * its filter's JSON (a window or a search for another key is stale).
 */
import type { LogFilterInput, LogStreamFilter } from '#shared/logs';

export type MatchMode = 'highlight' | 'only' | 'except';

export interface LogSettings {
  /** As typed; searches use it once typing pauses. */
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  /** Mark the matches among all lines, or show only the lines that match, or only those that do not. */
  mode: MatchMode;
  streams: LogStreamFilter;
  timestamps: boolean;
  streamMarks: boolean;
  wrap: boolean;
}

export const initialLogSettings: LogSettings = {
  query: '',
  regex: false,
  caseSensitive: false,
  mode: 'highlight',
  streams: 'both',
  timestamps: false,
  streamMarks: true,
  wrap: false,
};

export function changeLogSettings(settings: LogSettings, change: Partial<LogSettings>): LogSettings {
  return { ...settings, ...change };
}

/** The view of every line: its positions are the log's line numbers. */
export const UNFILTERED = JSON.stringify({ stream: 'both' } satisfies LogFilterInput);

/** The lines main keeps for the view: the stream filter, and the search when it filters rather than marks. */
export function logFilter(settings: LogSettings, query: string): LogFilterInput {
  if (settings.mode === 'highlight' || !query) return { stream: settings.streams };
  return { stream: settings.streams, match: { text: query, regex: settings.regex, caseSensitive: settings.caseSensitive, invert: settings.mode === 'except' } };
}
