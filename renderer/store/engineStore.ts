/**
 * The engine's state as the renderer knows it, fed only by the `state`
 * stream (see sync.ts). One slice per resource plus the engine status; views
 * select narrowly (a row selects its own item by id).
 */
import { create } from 'zustand';
import type { StateMessage } from '#shared/model';
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
      const engine = applyStateMessages(store, messages);
      // A snapshot opens every stream: seeing one means the feed is live again.
      const recovered = store.streamError !== null && messages.some((m) => m.type === 'snapshot');
      // Returning the store itself tells zustand nothing changed: no render at all.
      if (engine === store && !recovered) return store;
      // set() merges, so the actions survive the partial state.
      return recovered ? { ...engine, streamError: null } : engine;
    }),
  streamLost: (reason) => set({ streamError: reason }),
}));
