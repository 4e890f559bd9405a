/**
 * Keeps the `stats.rows` stream watching exactly the running rows on screen:
 * reopened (a moment after scrolling settles) when that set changes, the new
 * stream opened before the old one closes so figures never pause. The main
 * process keeps each row's last snapshot while any stream watches it.
 */
import { useEffect } from 'react';
import { MAX_WATCHED_ROWS } from '#shared/stats';
import { useClient } from '../../hooks/useClient';
import { onVisibleChange, useStatsRowsStore, visibleRunningIds } from './rowsStore';

const SETTLE_MS = 250;
const RETRY_MS = 3_000;

export function useStatsRows(): void {
  const client = useClient();
  useEffect(() => {
    let close: (() => void) | null = null;
    let watching = '';
    let timer: ReturnType<typeof setTimeout> | undefined;

    const update = (): void => {
      timer = undefined;
      const ids = visibleRunningIds().sort().slice(0, MAX_WATCHED_ROWS);
      const key = ids.join(',');
      if (key === watching) return;
      watching = key;
      const previous = close;
      close =
        ids.length === 0
          ? null
          : client.listen(
              'stats.rows',
              { ids },
              {
                onData: (message) => useStatsRowsStore.getState().apply(message.rows),
                onEnd: () => {
                  // The engine or the socket went away: try again in a while with whatever is on screen then.
                  if (watching !== key) return;
                  close = null;
                  watching = '';
                  timer ??= setTimeout(update, RETRY_MS);
                },
              },
            );
      previous?.();
    };

    const off = onVisibleChange(() => {
      timer ??= setTimeout(update, SETTLE_MS);
    });
    update();
    return () => {
      off();
      clearTimeout(timer);
      watching = '\0closed';
      close?.();
    };
  }, [client]);
}
