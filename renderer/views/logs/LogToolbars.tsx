/**
 * The log view's three bars: what to read (tail, since, until, and the
 * stream's state), the search (with the match count and which lines to
 * show), and how lines show and what leaves the view (copy, download, clear).
 */
import { useState, type ReactNode } from 'react';
import type { LogOpenOptions, LogStreamFilter } from '#shared/logs';
import { openOptionsFrom } from './logStatus';
import type { LogSettings, MatchMode } from './logSettings';

export function ReadOptionsBar({ status, onApply, say }: { status: string; onApply(options: LogOpenOptions): void; say(message: string | null): void }): ReactNode {
  const [tail, setTail] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  return (
    <form
      className="toolbar logs-options"
      aria-label="What to read"
      onSubmit={(event) => {
        event.preventDefault();
        const read = openOptionsFrom({ tail, since, until });
        if ('problem' in read) {
          say(read.problem);
          return;
        }
        say(null);
        onApply(read.options);
      }}
    >
      <label>
        Tail <input type="number" min={0} inputMode="numeric" placeholder="all" value={tail} onChange={(e) => setTail(e.target.value)} size={7} />
      </label>
      <label>
        Since <input type="datetime-local" step={1} value={since} onChange={(e) => setSince(e.target.value)} />
      </label>
      <label>
        Until <input type="datetime-local" step={1} value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      <button type="submit">Apply</button>
      <span className="logs-status" role="status" aria-live="polite">
        {status}
      </span>
    </form>
  );
}

export interface SearchBarProps {
  settings: LogSettings;
  change(change: Partial<LogSettings>): void;
  /** "3 of 120", or why the search cannot run; empty before a search. */
  countText: string;
  hasMatches: boolean;
  /** Goes `by` matches on from the current one. */
  step(by: number): void;
}

export function SearchBar({ settings, change, countText, hasMatches, step }: SearchBarProps): ReactNode {
  return (
    <div className="toolbar logs-search" role="search">
      <input
        type="search"
        aria-label="Search the log"
        placeholder="Search the whole log"
        value={settings.query}
        onChange={(e) => change({ query: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          }
        }}
      />
      <label>
        <input type="checkbox" checked={settings.regex} onChange={(e) => change({ regex: e.target.checked })} /> Regex
      </label>
      <label>
        <input type="checkbox" checked={settings.caseSensitive} onChange={(e) => change({ caseSensitive: e.target.checked })} /> Match case
      </label>
      <button type="button" onClick={() => step(-1)} disabled={!hasMatches}>
        Previous match
      </button>
      <button type="button" onClick={() => step(1)} disabled={!hasMatches}>
        Next match
      </button>
      <span className="logs-count" aria-live="polite" data-testid="match-count">
        {countText}
      </span>
      <label>
        Show{' '}
        <select aria-label="Which lines" value={settings.mode} onChange={(e) => change({ mode: e.target.value as MatchMode })}>
          <option value="highlight">all lines</option>
          <option value="only">only matching lines</option>
          <option value="except">lines not matching</option>
        </select>
      </label>
    </div>
  );
}

export interface DisplayBarProps {
  settings: LogSettings;
  change(change: Partial<LogSettings>): void;
  follow: boolean;
  setFollow(follow: boolean): void;
  /** Whether main has opened the session (the exports need it). */
  open: boolean;
  actions: { download(which: 'all' | 'shown'): Promise<void>; copy(what: 'selection' | 'shown'): Promise<void>; clear(): void };
  message: string | null;
}

export function DisplayBar({ settings, change, follow, setFollow, open, actions, message }: DisplayBarProps): ReactNode {
  return (
    <div className="toolbar logs-display">
      <label>
        Streams{' '}
        <select aria-label="Streams" value={settings.streams} onChange={(e) => change({ streams: e.target.value as LogStreamFilter })}>
          <option value="both">stdout and stderr</option>
          <option value="stdout">stdout only</option>
          <option value="stderr">stderr only</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={settings.timestamps} onChange={(e) => change({ timestamps: e.target.checked })} /> Timestamps
      </label>
      <label>
        <input type="checkbox" checked={settings.streamMarks} onChange={(e) => change({ streamMarks: e.target.checked })} /> Stream marks
      </label>
      <label>
        <input type="checkbox" checked={settings.wrap} onChange={(e) => change({ wrap: e.target.checked })} /> Wrap
      </label>
      <label>
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
      </label>
      <button type="button" onClick={actions.clear} disabled={!open}>
        Clear
      </button>
      <button type="button" onClick={() => void actions.copy('selection')}>
        Copy selection
      </button>
      <button type="button" onClick={() => void actions.copy('shown')} disabled={!open}>
        Copy all shown
      </button>
      <button type="button" onClick={() => void actions.download('all')} disabled={!open}>
        Download full log
      </button>
      <button type="button" onClick={() => void actions.download('shown')} disabled={!open}>
        Download shown lines
      </button>
      {message && <span className="muted">{message}</span>}
    </div>
  );
}
