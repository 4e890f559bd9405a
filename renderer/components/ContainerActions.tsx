/**
 * Start, Stop, Restart, Pause (or Unpause) and Remove for one container, the same on its row and
 * its detail page. Only the actions its state allows are enabled; while one
 * runs, all of them wait (ContainerStatusCell says what is happening).
 */
import type { ReactNode } from 'react';
import type { Container } from '#shared/model';
import {
  LIFECYCLE_ACTIONS,
  actionLabel,
  actionProgress,
  actionShortcut,
  isActionAvailable,
  isActionShown,
} from '../format/lifecycle';
import { useEngineId } from '../engines/scope';
import { useClient } from '../hooks/useClient';
import { ContainerStatusText } from './LiveTime';
import { requestAction, useActionStore, useContainerAction } from '../store/actionStore';

export function ContainerActions({
  container,
  shortcuts = false,
}: {
  container: Container;
  /** Name the row's keyboard shortcuts in the tooltips (they work on a focused row). */
  shortcuts?: boolean;
}): ReactNode {
  const client = useClient();
  const pending = useContainerAction(container.id)?.pending ?? null;
  return (
    <div className="actions">
      {LIFECYCLE_ACTIONS.filter((verb) => isActionShown(verb, container.state)).map((verb) => (
        <button
          key={verb}
          type="button"
          className={verb === 'remove' ? 'action danger' : 'action'}
          aria-label={`${actionLabel(verb)} ${container.name}`}
          title={shortcuts ? `${actionLabel(verb)} (${actionShortcut(verb)})` : undefined}
          disabled={pending !== null || !isActionAvailable(verb, container.state)}
          onClick={() => requestAction(client, container, verb)}
        >
          {actionLabel(verb)}
        </button>
      ))}
    </div>
  );
}

/** "Stopping…" while an action runs on the container, else nothing. */
export function ContainerPending({ id }: { id: string }): ReactNode {
  const pending = useContainerAction(id)?.pending ?? null;
  return pending && <span className="pending">{actionProgress(pending)}</span>;
}

/** "Stopping…" while an action runs, else the live docker-style status. */
export function ContainerStatusCell({ container }: { container: Container }): ReactNode {
  const pending = useContainerAction(container.id)?.pending ?? null;
  return pending === null ? <ContainerStatusText container={container} /> : <ContainerPending id={container.id} />;
}

/** The engine's answer when an action failed, kept until dismissed or the next action. */
export function ContainerActionError({ container }: { container: Container }): ReactNode {
  const error = useContainerAction(container.id)?.error ?? null;
  const dismiss = useActionStore((store) => store.dismissError);
  const engine = useEngineId();
  if (error === null) return null;
  return (
    <div className="action-error">
      <p role="alert">{error}</p>
      <button type="button" aria-label={`Dismiss error for ${container.name}`} onClick={() => dismiss(engine, container.id)}>
        Dismiss
      </button>
    </div>
  );
}

/** The same error as a full-width cell under the container's row. */
export function ContainerRowNotice({ item }: { item: Container }): ReactNode {
  const hasError = useContainerAction(item.id)?.error != null;
  if (!hasError) return null;
  return (
    <div role="cell" className="row-notice">
      <ContainerActionError container={item} />
    </div>
  );
}
