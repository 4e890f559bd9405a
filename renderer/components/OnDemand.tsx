/**
 * Where a view whose code loads on demand (views/lazy.ts) is shown:
 * "Loading…" while its code comes, and, when that code cannot be fetched or
 * the view fails as it draws, a message with a way back, in the view's
 * place only. Without it React unmounts the whole page on such an error and
 * leaves it blank.
 *
 * A failed load does not heal by itself: the browser remembers a module
 * that failed to fetch for the page's life, so the way back is a reload. In
 * browser mode a load fails when the machine's network changes while it is
 * in flight (Chromium drops every request then), and the engine changes it
 * whenever a container starts.
 */
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';

const LOAD_FAILURE = /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i;

interface Props {
  /** What the view is, for the message: "the Logs tab". */
  what: string;
  children: ReactNode;
  /** Shown while the code loads; "Loading…" unless given (null: nothing, for a dialog). */
  loading?: ReactNode;
}

export function OnDemand({ what, children, loading = <p className="muted">Loading…</p> }: Props): ReactNode {
  return (
    <ViewFailure what={what}>
      <Suspense fallback={loading}>{children}</Suspense>
    </ViewFailure>
  );
}

interface State {
  error: Error | null;
}

/** Catches what its children throw as they draw, and says so in their place. */
export class ViewFailure extends Component<{ what: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`berth: ${this.props.what} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const notLoaded = LOAD_FAILURE.test(error.message);
    return (
      <div role="alert" className="view-failure">
        <p>
          {notLoaded
            ? `Berth could not load ${this.props.what}: the connection to Berth was interrupted while its code was fetched.`
            : `${capitalise(this.props.what)} failed: ${error.message}`}
        </p>
        <p className="muted">Reloading the page fetches it again; the engines, their containers and everything running in them are not affected.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload Berth
        </button>
      </div>
    );
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
