/**
 * What the user asked of each container and how it went: the action in
 * flight (the row says "Stopping…" and its buttons wait) and the engine's
 * error when one failed (shown on the row until dismissed or the next
 * action). Also which container, if any, the user is being asked to remove.
 * Keyed by engine and id (engines/keys.ts): the client says which engine.
 */
import { create } from 'zustand';
import type { EngineClient } from '#shared/client';
import type { Confirmed } from '#shared/confirm';
import type { Container } from '#shared/model';
import { objectKey } from '../engines/keys';
import { useEngineId } from '../engines/scope';
import { errorText } from '../format/errors';
import { isActionAvailable, type LifecycleAction } from '../format/lifecycle';

export interface ContainerActionState {
  readonly pending: LifecycleAction | null;
  readonly error: string | null;
}

export interface RemoveRequest {
  readonly engine: string;
  readonly id: string;
  /** The name when asked, in case the container vanishes while the dialog is open. */
  readonly name: string;
}

interface ActionStore {
  readonly byId: Readonly<Record<string, ContainerActionState>>;
  readonly removeRequest: RemoveRequest | null;
  run(client: EngineClient, id: string, action: Exclude<LifecycleAction, 'remove'>): Promise<void>;
  /** Stop with a grace period of the user's choosing (undefined: the container's own). */
  stop(client: EngineClient, id: string, timeoutSeconds: number | undefined): Promise<void>;
  /** `confirmed` is what the dialog named: main removes nothing else. */
  remove(client: EngineClient, id: string, options: { force: boolean; volumes: boolean; confirmed: Confirmed }): Promise<void>;
  dismissError(engine: string, id: string): void;
  askRemove(request: RemoveRequest): void;
  cancelRemove(): void;
}

/** The request behind each action that runs without asking. */
const REQUESTS = {
  start: 'container.start',
  stop: 'container.stop',
  restart: 'container.restart',
  pause: 'container.pause',
  unpause: 'container.unpause',
} as const satisfies Record<Exclude<LifecycleAction, 'remove'>, string>;

export const useActionStore = create<ActionStore>()((set, get) => {
  const patch = (id: string, value: ContainerActionState | null): void =>
    set((store) => {
      const byId = { ...store.byId };
      if (value === null) delete byId[id];
      else byId[id] = value;
      return { byId };
    });

  const track = async (client: EngineClient, ref: string, action: LifecycleAction, work: () => Promise<null>): Promise<void> => {
    const id = objectKey(client.engine, ref);
    // One action at a time per container: the buttons are disabled, this guards shortcuts too.
    if (get().byId[id]?.pending) return;
    patch(id, { pending: action, error: null });
    try {
      await work();
      patch(id, null);
    } catch (error) {
      patch(id, { pending: null, error: errorText(error) });
    }
  };

  return {
    byId: {},
    removeRequest: null,
    run: (client, id, action) => track(client, id, action, () => client.call(REQUESTS[action], { id })),
    stop: (client, id, timeoutSeconds) => track(client, id, 'stop', () => client.call('container.stop', { id, timeoutSeconds })),
    remove: (client, id, options) => track(client, id, 'remove', () => client.call('container.remove', { id, ...options })),
    dismissError: (engine, id) => patch(objectKey(engine, id), null),
    askRemove: (request) => set({ removeRequest: request }),
    cancelRemove: () => set({ removeRequest: null }),
  };
});

/** The action on a container of the engine in scope. */
export function useContainerAction(id: string): ContainerActionState | undefined {
  const key = objectKey(useEngineId(), id);
  return useActionStore((store) => store.byId[key]);
}

/**
 * What a button or shortcut does: Remove asks first (the dialog sends the
 * request), the others run at once. Actions the state does not allow are ignored.
 */
export function requestAction(client: EngineClient, container: Container, action: LifecycleAction): void {
  if (!isActionAvailable(action, container.state)) return;
  const store = useActionStore.getState();
  if (action === 'remove') store.askRemove({ engine: client.engine, id: container.id, name: container.name });
  else void store.run(client, container.id, action);
}
