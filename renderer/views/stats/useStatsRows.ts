/**
 * Keeps one `stats.rows` stream per engine watching exactly that engine's
 * running rows on screen (one engine's page has one; "All engines" one per
 * engine with rows in view): each reopened (a moment after scrolling
 * settles) when its set changes, the new stream opened before the old one
 * closes so figures never pause. Main keeps each row's last snapshot while
 * any stream watches it.
 */
import { useEffect } from 'react';
import { MAX_WATCHED_ROWS } from '#shared/stats';
import { splitKey } from '../../engines/keys';
import { useBerthClient } from '../../hooks/useClient';
import { onVisibleChange, useStatsRowsStore, visibleRunningKeys } from './rowsStore';

const SETTLE_MS = 250;
const RETRY_MS = 3_000;

interface Watch {
  close: (() => void) | null;
  /** The ids the open stream watches, joined: what to compare the rows on screen with. */
  watching: string;
}

export function useStatsRows(): void {
  const berth = useBerthClient();
  useEffect(() => {
    const watches = new Map<string, Watch>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    const watchEngine = (engine: string, ids: string[]): void => {
      const watch = watches.get(engine) ?? { close: null, watching: '' };
      watches.set(engine, watch);
      const key = ids.join(',');
      if (key === watch.watching) return;
      watch.watching = key;
      const previous = watch.close;
      watch.close =
        ids.length === 0
          ? null
          : berth.engine(engine).listen(
              'stats.rows',
              { ids },
              {
                onData: (message) => useStatsRowsStore.getState().apply(engine, message.rows),
                onEnd: () => {
                  // The engine or the socket went away: try again in a while with whatever is on screen then.
                  if (closed || watch.watching !== key) return;
                  watch.close = null;
                  watch.watching = '';
                  timer ??= setTimeout(update, RETRY_MS);
                },
              },
            );
      previous?.();
    };

    function update(): void {
      timer = undefined;
      const byEngine = new Map<string, string[]>();
      for (const { engine, id } of visibleRunningKeys().map(splitKey)) {
        const ids = byEngine.get(engine) ?? [];
        ids.push(id);
        byEngine.set(engine, ids);
      }
      for (const engine of new Set([...watches.keys(), ...byEngine.keys()])) {
        watchEngine(engine, (byEngine.get(engine) ?? []).sort().slice(0, MAX_WATCHED_ROWS));
      }
    }

    const off = onVisibleChange(() => {
      timer ??= setTimeout(update, SETTLE_MS);
    });
    update();
    return () => {
      closed = true;
      off();
      clearTimeout(timer);
      for (const watch of watches.values()) watch.close?.();
    };
  }, [berth]);
}
