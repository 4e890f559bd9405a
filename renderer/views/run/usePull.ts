/**
 * The run dialog's pull: a pull job like any other (the Activity list shows
 * it too), watched until it ends. The job runs in main, so it goes on if the
 * dialog closes meanwhile; only the watching stops.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '#shared/jobs';
import { RemoteError } from '#shared/protocol';
import { useClient } from '../../hooks/useClient';

export function usePull(): { pulling: Job | null; pull(image: string): Promise<void> } {
  const client = useClient();
  const [pulling, setPulling] = useState<Job | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const pull = useCallback(
    async (image: string): Promise<void> => {
      const { id } = await client.call('jobs.pull', { reference: image });
      await new Promise<void>((resolve, reject) => {
        const finish = (error?: Error): void => {
          stop.current?.();
          stop.current = null;
          setPulling(null);
          if (error) reject(error);
          else resolve();
        };
        stop.current = client.listen(
          'jobs',
          { only: id },
          {
            onData: (message) => {
              const job = message.jobs.find((j) => j.id === id);
              if (!job) return;
              setPulling(job);
              if (job.state === 'done') finish();
              else if (job.state !== 'running') finish(new RemoteError({ code: 'engine', message: job.error ?? `The pull of ${image} was cancelled` }));
            },
            onEnd: (error) => finish(error ?? new RemoteError({ code: 'unavailable', message: 'Berth stopped telling how the pull went' })),
          },
        );
      });
    },
    [client],
  );
  return { pulling, pull };
}
