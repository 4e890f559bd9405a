/**
 * The Events page's stream, bound to one engine: its own connection to the
 * engine's event stream (every type, not only the kinds Berth's state
 * follows), read line by line and sent in batches. The batch waits a moment
 * so that a burst (a Compose project starting) is one message, and while
 * the receiver has no credit it keeps only the newest events.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { StreamHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { engineTime } from '../events';
import { EventBatch, timelineEvent } from './batch';

/** How long a batch gathers before it goes: short enough to read as live. */
const BATCH_MS = 50;

export interface TimelineHandlers {
  streams: Pick<StreamHandlerTable, 'events.timeline'>;
}

export function timelineHandlers(engine: Engine): TimelineHandlers {
  return {
    streams: {
      'events.timeline': ({ since, until }, sink) => {
        let docker: Docker;
        try {
          docker = engine.client();
        } catch (error) {
          sink.end(new RemoteError({ code: 'unavailable', message: (error as Error).message }));
          return () => undefined;
        }
        const batch = new EventBatch();
        let timer: NodeJS.Timeout | undefined;
        let source: Readable | undefined;
        let closed = false;
        let sequence = 0;
        const flush = (): void => {
          timer = undefined;
          if (closed || !sink.ready()) return;
          const message = batch.take();
          if (message) sink.data(message);
        };
        const offReady = sink.onReady(() => {
          if (timer === undefined && batch.size > 0) flush();
        });
        const close = (): void => {
          closed = true;
          clearTimeout(timer);
          offReady();
          source?.destroy();
        };
        const query: Record<string, string> = {};
        if (since !== undefined) query.since = engineTime(since);
        if (until !== undefined) query.until = engineTime(until);
        // dockerode types since/until as numbers; the engine takes the fraction as text.
        docker.getEvents(query as unknown as Docker.GetEventsOptions).then(
          (stream) => {
            source = stream as unknown as Readable;
            if (closed) {
              source.destroy();
              return;
            }
            const lines = createInterface({ input: source, crlfDelay: Infinity });
            lines.on('line', (line) => {
              if (!line.trim()) return;
              let json: unknown;
              try {
                json = JSON.parse(line);
              } catch {
                return;
              }
              const event = typeof json === 'object' && json !== null ? timelineEvent(json, sequence++) : null;
              if (event === null) return;
              batch.add(event);
              timer ??= setTimeout(flush, BATCH_MS);
            });
            let ended = false;
            const end = (error?: unknown): void => {
              if (ended || closed) return;
              ended = true;
              // The stream's last words need no credit: what was read before `until` is the timeline's end.
              const message = batch.take();
              if (message) sink.data(message);
              close();
              sink.end(error === undefined ? undefined : toRemoteError('The engine event stream broke', error));
            };
            lines.on('error', end);
            source.on('error', end);
            source.on('end', () => end());
            source.on('close', () => end());
          },
          (error: unknown) => {
            if (closed) return;
            close();
            sink.end(toRemoteError('Could not read the engine events', error));
          },
        );
        return close;
      },
    },
  };
}
