/**
 * One shared clock for everything that shows time passing ("Up 3 minutes",
 * "retrying in 4 s"): a single interval while anything is watching, and every
 * watcher sees the same instant. The tick is told at the next animation
 * frame, with whatever else that frame brings (a batch of engine events, a
 * pull's progress), so that the page draws once for both.
 */
import { useSyncExternalStore } from 'react';
import { frameScheduler } from '../store/frameBatcher';

const TICK_MS = 1000;
let now = Date.now();
const watchers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(watcher: () => void): () => void {
  watchers.add(watcher);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(
      () =>
        frameScheduler(() => {
          now = Date.now();
          for (const w of watchers) w();
        }),
      TICK_MS,
    );
  }
  return () => {
    watchers.delete(watcher);
    if (watchers.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
