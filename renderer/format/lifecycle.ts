import type { ContainerState } from '#shared/model';

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'remove';

export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'remove'];

/** Which lifecycle actions make sense in a state; the rest are shown disabled. */
export function isActionAvailable(action: LifecycleAction, state: ContainerState): boolean {
  switch (action) {
    case 'start':
      return state === 'created' || state === 'exited' || state === 'dead';
    case 'stop':
    case 'restart':
      return state === 'running' || state === 'paused' || state === 'restarting';
    case 'pause':
      return state === 'running';
    case 'unpause':
      return state === 'paused';
    case 'remove':
      return true;
  }
}

/** The engine refuses to remove a container that is still up unless told to kill it first. */
export function needsForceRemove(state: ContainerState): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

const VERBS: Record<LifecycleAction, { label: string; progress: string; key: string }> = {
  start: { label: 'Start', progress: 'Starting…', key: 's' },
  stop: { label: 'Stop', progress: 'Stopping…', key: 'x' },
  restart: { label: 'Restart', progress: 'Restarting…', key: 'r' },
  pause: { label: 'Pause', progress: 'Pausing…', key: 'p' },
  unpause: { label: 'Unpause', progress: 'Unpausing…', key: 'u' },
  remove: { label: 'Remove', progress: 'Removing…', key: 'Delete' },
};

/**
 * Pause and Unpause share one place on a row: a paused container offers
 * Unpause, any other offers Pause (enabled only while running).
 */
export function isActionShown(action: LifecycleAction, state: ContainerState): boolean {
  if (action === 'unpause') return state === 'paused';
  if (action === 'pause') return state !== 'paused';
  return true;
}

export function actionLabel(action: LifecycleAction): string {
  return VERBS[action].label;
}
export function actionProgress(action: LifecycleAction): string {
  return VERBS[action].progress;
}
/** The key that runs the action on the focused row (KeyboardEvent.key). */
export function actionShortcut(action: LifecycleAction): string {
  return VERBS[action].key;
}
export function actionForKey(key: string): LifecycleAction | null {
  for (const action of LIFECYCLE_ACTIONS) if (VERBS[action].key === key) return action;
  return null;
}
