/**
 * Runs `run` for the latest request only: while one is in flight, newer
 * requests replace each other and the last one runs when it returns. A view
 * that scrolls asks for many windows; main answers one at a time and the
 * ones scrolled past are never asked.
 */
export function createLatestOnly<A, R>(run: (ask: A) => Promise<R>, done: (result: R) => void, failed: (error: unknown) => void): { request(ask: A): void } {
  let busy = false;
  let waiting: A | undefined;
  const go = (ask: A): void => {
    busy = true;
    run(ask)
      .then(done, failed)
      .finally(() => {
        busy = false;
        const next = waiting;
        waiting = undefined;
        if (next !== undefined) go(next);
      });
  };
  return {
    request(ask) {
      if (busy) waiting = ask;
      else go(ask);
    },
  };
}
