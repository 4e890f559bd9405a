/**
 * Collects items and hands them over in one batch per animation frame: many
 * engine events, one store update, one render. A timer backs the frame up,
 * because hidden windows get no animation frames and the queue must not grow
 * without bound there.
 */
export type Scheduler = (run: () => void) => void;

export const frameScheduler: Scheduler = (run) => {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, 100);
};

/**
 * As frameScheduler, but no sooner than `ms` after its last run: for what
 * changes many times a second and is read rather than watched, such as a
 * pull's bars, where each redraw costs CPU the engine's own work then lacks.
 */
export function spacedFrameScheduler(ms: number): Scheduler {
  let last = -Infinity;
  return (run) => {
    const go = (): void =>
      frameScheduler(() => {
        last = performance.now();
        run();
      });
    const wait = last + ms - performance.now();
    if (wait > 0) setTimeout(go, wait);
    else go();
  };
}

export interface Batcher<T> {
  push(item: T): void;
  /** Hands over what is queued now, without waiting for the frame. */
  flush(): void;
  /** Drops anything not yet flushed. */
  clear(): void;
}

export function createBatcher<T>(flush: (items: T[]) => void, schedule: Scheduler = frameScheduler): Batcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  const run = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(run);
    },
    flush() {
      if (queue.length === 0) return;
      const items = queue;
      queue = [];
      flush(items);
      // The frame already asked for stays asked for: what is pushed next waits for it, not for one more.
    },
    clear() {
      queue = [];
    },
  };
}
