/**
 * A request's pending and error state, written once for every view.
 *
 * useAction is for what the user sets off (a button, a form's submit): it
 * says whether the work is still running and, if it failed, why, as text
 * (format/errors.ts: the one rule). useLoad is for what a view reads when it
 * shows and again when what it reads changes or the user asks: a result that
 * comes back for something no longer wanted (the view moved on, or went away)
 * is dropped, so a slow answer never overwrites a newer one.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../format/errors';

/** How a piece of work ended: its value, or the text of why it failed. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

export interface Action {
  readonly pending: boolean;
  /** Why the latest run failed; null while it runs and after it succeeded. */
  readonly error: string | null;
  /** Runs `work`; never rejects, the outcome says how it went. `failure` leads the error's text ("Upload failed: …"). */
  run<R>(work: () => Promise<R>, failure?: string): Promise<Outcome<R>>;
  clearError(): void;
}

export function useAction(): Action {
  const [state, setState] = useState<{ pending: boolean; error: string | null }>({ pending: false, error: null });
  // Only the latest run speaks for the action: an older one finishing late must not clear its pending state.
  const latest = useRef(0);
  const run = useCallback(async <R>(work: () => Promise<R>, failure?: string): Promise<Outcome<R>> => {
    const ticket = ++latest.current;
    setState({ pending: true, error: null });
    let outcome: Outcome<R>;
    try {
      outcome = { ok: true, value: await work() };
    } catch (error) {
      outcome = { ok: false, error: failure === undefined ? errorText(error) : `${failure}: ${errorText(error)}` };
    }
    if (ticket === latest.current) setState({ pending: false, error: outcome.ok ? null : outcome.error });
    return outcome;
  }, []);
  const clearError = useCallback(() => setState((was) => (was.error === null ? was : { ...was, error: null })), []);
  return useMemo(() => ({ ...state, run, clearError }), [state, run, clearError]);
}

export interface Loaded<T> {
  /** What the last finished load read; kept while the next one runs, undefined if it failed. */
  readonly value: T | undefined;
  /** Why the last finished load failed. */
  readonly error: string | null;
  /** The load for the current key (or the reload asked for) has not answered yet. */
  readonly pending: boolean;
  /** Reads again with the same key. */
  reload(): void;
}

/**
 * Runs `load` when the view mounts and whenever `key` changes (null: read
 * nothing now). `key` must name everything the load depends on; `load` itself
 * may be a new function on every render.
 */
export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<{ want: string; outcome: Outcome<T> } | null>(null);
  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });
  const want = key === null ? null : `${generation} ${key}`;
  useEffect(() => {
    if (want === null) return;
    let live = true;
    new Promise<T>((resolve) => resolve(latestLoad.current())).then(
      (value) => live && setSettled({ want, outcome: { ok: true, value } }),
      (error: unknown) => live && setSettled({ want, outcome: { ok: false, error: errorText(error) } }),
    );
    return () => {
      live = false;
    };
  }, [want]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const outcome = settled?.outcome;
  return {
    value: outcome?.ok ? outcome.value : undefined,
    error: outcome && !outcome.ok ? outcome.error : null,
    pending: want !== null && settled?.want !== want,
    reload,
  };
}
