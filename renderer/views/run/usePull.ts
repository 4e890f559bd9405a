/**
 * Pulls an image over the `run.pull` stream, showing its progress; the pull
 * stops (main closes the engine's stream) if the form goes away meanwhile.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from '../../hooks/useClient';
import { pullAdvanced, pullStarted, type PullState } from './form';

export function usePull(): { pulling: PullState | null; pull(image: string): Promise<void> } {
  const client = useClient();
  const [pulling, setPulling] = useState<PullState | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const pull = useCallback(
    (image: string): Promise<void> =>
      new Promise((resolve, reject) => {
        setPulling(pullStarted(image));
        stop.current = client.listen(
          'run.pull',
          { image },
          {
            onData: (progress) => setPulling((state) => pullAdvanced(state ?? pullStarted(image), progress)),
            onEnd: (error) => {
              stop.current = null;
              setPulling(null);
              if (error) reject(error);
              else resolve();
            },
          },
        );
      }),
    [client],
  );
  return { pulling, pull };
}
