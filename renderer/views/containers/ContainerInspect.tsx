/**
 * The engine's full inspect document for one container: folded and unfolded
 * block by block, searched (every fold holding a match opens, next and
 * previous walk the matches, and the matches are listed in a table of their
 * own), and copied whole.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorText } from '../../format/errors';
import { findLines, isLineFolded, jsonLines, shownLines, type JsonLine } from '../../format/jsonLines';
import { useClient } from '../../hooks/useClient';
import { useLoad } from '../../hooks/useRequest';
import { InspectMatches } from './InspectMatches';

export function ContainerInspect({ id }: { id: string }): ReactNode {
  const client = useClient();
  const loaded = useLoad(id, () => client.call('container.inspect', { id }));
  const [copied, setCopied] = useState<string | null>(null);
  // While it reads again, the document (and its folds) goes: what shows next is the engine's new answer.
  const shown = loaded.pending ? undefined : loaded.value;

  const refresh = (): void => {
    setCopied(null);
    loaded.reload();
  };

  const copy = (value: unknown): void => {
    navigator.clipboard.writeText(JSON.stringify(value, null, 2)).then(
      () => setCopied('Copied to the clipboard.'),
      (error: unknown) => setCopied(`Could not copy: ${errorText(error)}`),
    );
  };

  return (
    <div className="inspect">
      <div className="toolbar">
        <button type="button" onClick={refresh} disabled={loaded.pending}>
          Refresh
        </button>
        {shown !== undefined && (
          <button type="button" onClick={() => copy(shown)}>
            Copy
          </button>
        )}
        {copied && <span className="muted">{copied}</span>}
      </div>
      {loaded.pending && <p>Loading…</p>}
      {!loaded.pending && loaded.error !== null && (
        <p role="alert" className="error">
          Could not inspect the container: {loaded.error}
        </p>
      )}
      {shown !== undefined && <JsonView value={shown} label="Inspect JSON" />}
    </div>
  );
}

function JsonView({ value, label }: { value: unknown; label: string }): ReactNode {
  const lines = useMemo(() => jsonLines(value), [value]);
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const searchId = useId();
  const viewRef = useRef<HTMLDivElement>(null);
  const matches = useMemo(() => findLines(lines, query), [lines, query]);
  const shown = useMemo(() => shownLines(lines, folded, matches), [lines, folded, matches]);
  const currentLine = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;

  useEffect(() => {
    if (currentLine === undefined) return;
    viewRef.current?.querySelector(`[data-line="${currentLine}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [currentLine]);

  const toggle = (line: JsonLine): void =>
    setFolded((was) => {
      const next = new Set(was);
      if (!next.delete(line.id)) next.add(line.id);
      return next;
    });
  const step = (by: number): void => setCurrent((index) => (matches.length === 0 ? 0 : (Math.min(index, matches.length - 1) + by + matches.length) % matches.length));
  const matchSet = new Set(matches);
  const showMatch = useCallback((position: number) => setCurrent(position), []);

  return (
    <>
      <div className="toolbar" role="search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setCurrent(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              step(event.shiftKey ? -1 : 1);
            }
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <span className="muted" aria-live="polite">
          {query.trim() === '' ? '' : matches.length === 0 ? 'No matches' : `${Math.min(current, matches.length - 1) + 1} of ${matches.length}`}
        </span>
        <button type="button" onClick={() => step(-1)} disabled={matches.length === 0}>
          Previous match
        </button>
        <button type="button" onClick={() => step(1)} disabled={matches.length === 0}>
          Next match
        </button>
        <button type="button" onClick={() => setFolded(new Set())}>
          Unfold all
        </button>
        <button type="button" onClick={() => setFolded(new Set(lines.filter((l) => l.kind === 'open' && l.depth === 1).map((l) => l.id)))}>
          Fold all
        </button>
      </div>
      {matches.length > 0 && <InspectMatches lines={lines} matches={matches} onShow={showMatch} />}
      <div className="json" ref={viewRef} aria-label={label} role="group" tabIndex={0}>
        {shown.map((index) => {
          const line = lines[index];
          if (line === undefined) return null;
          return (
            <Line
              key={line.id}
              line={line}
              index={index}
              folded={isLineFolded(line, folded, matches, lines)}
              match={matchSet.has(index)}
              current={index === currentLine}
              onToggle={toggle}
            />
          );
        })}
      </div>
    </>
  );
}

function Line({
  line,
  index,
  folded,
  match,
  current,
  onToggle,
}: {
  line: JsonLine;
  index: number;
  folded: boolean;
  match: boolean;
  current: boolean;
  onToggle(line: JsonLine): void;
}): ReactNode {
  const key = line.kind !== 'close' && line.key !== null ? <span className="json-key">{JSON.stringify(line.key)}: </span> : null;
  const className = `json-line${match ? ' json-match' : ''}${current ? ' json-current' : ''}`;
  const indent = { paddingLeft: `${line.depth * 2 + 1.5}ch` };
  if (line.kind === 'open') {
    const name = line.key ?? (line.id === '' ? 'document' : `item ${line.id.slice(line.id.lastIndexOf('/') + 1)}`);
    return (
      <div className={className} data-line={index} style={indent}>
        <button type="button" className="json-fold" aria-expanded={!folded} aria-label={`${folded ? 'Unfold' : 'Fold'} ${name}`} onClick={() => onToggle(line)}>
          {folded ? '▸' : '▾'}
        </button>
        {key}
        {line.bracket}
        {folded && (
          <span className="muted">
            {' '}
            … {line.size} {line.bracket === '{' ? (line.size === 1 ? 'key' : 'keys') : line.size === 1 ? 'item' : 'items'}{' '}
            {line.bracket === '{' ? '}' : ']'}
          </span>
        )}
      </div>
    );
  }
  return (
    <div className={className} data-line={index} style={indent}>
      {key}
      {line.kind === 'leaf' ? <span className="json-value">{line.text}</span> : line.bracket}
      {line.comma && ','}
    </div>
  );
}
