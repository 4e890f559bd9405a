/**
 * The engine's state as the renderer knows it, fed only by the `state`
 * stream (see sync.ts). One slice per resource plus the engine status; views
 * select narrowly (a row selects its own item by id).
 */
import { create } from 'zustand';
import type { StateMessage } from '../../shared/model';
import { applyStateMessages, initialEngineState, type EngineState } from './reduce';

export interface EngineStore extends EngineState {
  /** Why the state stream broke, while it is being reopened; null when it is live. */
  readonly streamError: string | null;
  apply(messages: readonly StateMessage[]): void;
  streamLost(reason: string): void;
}

export const useEngineStore = create<EngineStore>()((set) => ({
  ...initialEngineState,
  streamError: null,
  apply: (messages) =>
    set((store) => {
      const next = applyStateMessages(store, messages);
      const hasSnapshot = messages.some((m) => m.type === 'snapshot');
      if (next === store && !(hasSnapshot && store.streamError !== null)) return store;
      return hasSnapshot ? { ...next, streamError: null } : next;
    }),
  streamLost: (reason) => set({ streamError: reason }),
}));
