/**
 * Whether the renderer can reach Berth's main process at all (the WebSocket
 * in browser mode; always up in Electron). Separate from the engine's status:
 * Berth can be reachable while Docker is not, and the other way round.
 */
import { create } from 'zustand';

export type LinkState =
  | { readonly state: 'open' }
  /** `retrying`: an attempt since the last open has already failed. */
  | { readonly state: 'connecting'; readonly everOpened: boolean; readonly retrying: boolean }
  | { readonly state: 'closed'; readonly everOpened: boolean; readonly retryAt: number };

export const useLinkStore = create<{ link: LinkState }>()(() => ({
  link: { state: 'connecting', everOpened: false, retrying: false },
}));

export function setLink(link: LinkState): void {
  useLinkStore.setState({ link });
}
