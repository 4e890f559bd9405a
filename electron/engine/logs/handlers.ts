/**
 * The logs part of the handler table: the `logs` stream opens a session and
 * reports its growth in batches (at most one message per BATCH_MS; while
 * the viewer has no credit, none: the next update says what the skipped ones
 * would have, as every update carries totals); the requests answer windows, searches
 * and exports from the session the stream named. Disposing the stream closes
 * the session, which ends every engine read and frees the store.
 */
import { RemoteError } from '#shared/protocol';
import type { LogStreamMessage } from '#shared/logs';
import type { RequestHandlerTable, StreamHandlerTable, StreamSink } from '#shared/handlers';
import type { Engine } from '../engine';
import type { FeedHost } from './feed';
import { LogSession } from './session';
import type { LineStoreOptions } from './store';

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
/** Updates to the renderer at most this often while following… */
const BATCH_MS = 33;
/** …and less often while the history is read: the page needs its end, and the engine needs the CPU. */
const LOADING_BATCH_MS = 150;

export interface LogHandlers {
  requests: Pick<RequestHandlerTable, 'logs.window' | 'logs.search' | 'logs.export' | 'logs.clear'>;
  streams: Pick<StreamHandlerTable, 'logs'>;
  /** Sessions open now (for leak checks). */
  openSessions(): number;
}

export function feedHostOf(engine: Engine): FeedHost {
  return {
    docker: () => {
      try {
        return engine.client();
      } catch (error) {
        throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
      }
    },
    watch: (id, onChange) =>
      engine.store.subscribe((deltas) => {
        for (const delta of deltas) {
          if (delta.kind !== 'container') continue;
          if (delta.op === 'remove' ? delta.id === id : delta.item.id === id) {
            onChange(delta.op === 'remove' ? undefined : delta.item);
            return;
          }
        }
      }),
  };
}

export function logHandlers(engine: Engine, storeOptions: LineStoreOptions = {}): LogHandlers {
  const sessions = new Map<string, LogSession>();
  const host = feedHostOf(engine);

  const sessionOf = (id: string): LogSession => {
    const session = sessions.get(id);
    if (!session) throw new RemoteError({ code: 'not-found', message: 'This log view was closed; open it again.' });
    return session;
  };

  function openLogs(args: Parameters<StreamHandlerTable['logs']>[0], sink: StreamSink<LogStreamMessage>): () => void {
    const { source, options } = args;
    const projectContainers = () =>
      engine.store
        .snapshot()
        .containers.filter((c) => c.labels[PROJECT_LABEL] === (source.kind === 'project' ? source.name : undefined))
        .map((c) => ({ id: c.id, service: c.labels[SERVICE_LABEL] ?? c.name }));
    const session = new LogSession(
      host,
      source.kind === 'container' ? { containers: [{ id: source.id, service: '' }], merged: false } : { containers: projectContainers(), merged: true },
      options,
      storeOptions,
    );
    sessions.set(session.id, session);

    let timer: NodeJS.Timeout | undefined;
    let sentTotal = 0;
    let sentGeneration = 0;
    let lastSaid = '';
    const flush = (): void => {
      clearTimeout(timer);
      timer = undefined;
      if (!sink.ready()) return; // onReady calls again
      const total = session.store.length;
      const { state, detail } = session.status();
      // While the history loads behind a preview of its end, what is shown does not change: nothing to say.
      const said = JSON.stringify([total, session.generation, session.restarts, state, detail, session.store.totalTextBytes, session.store.spilledBytes]);
      if (said === lastSaid) return;
      lastSaid = said;
      const added = session.generation !== sentGeneration ? total : total - sentTotal;
      sentTotal = total;
      sentGeneration = session.generation;
      sink.data({
        type: 'update',
        total,
        added,
        generation: session.generation,
        moved: session.moved,
        restarts: session.restarts,
        state,
        detail,
        bytes: session.store.totalTextBytes,
        spilledBytes: session.store.spilledBytes,
      });
    };
    let lastState = session.status().state;
    // Called for every line, so the state is looked at only when the session says it may have changed.
    const offChange = session.onChange((urgent) => {
      if (urgent) {
        // A change of state (the history is in, the container stopped) or of what is shown (the end of the log ahead of the rest) goes out at once.
        lastState = session.status().state;
        clearTimeout(timer);
        timer = setTimeout(flush, 0);
        return;
      }
      timer ??= setTimeout(flush, lastState === 'loading' ? LOADING_BATCH_MS : BATCH_MS);
    });
    // A project's new containers (a service scaled or recreated) join the merged view.
    const offProject =
      source.kind === 'project'
        ? engine.store.subscribe((deltas) => {
            for (const delta of deltas) {
              if (delta.kind === 'container' && delta.op === 'upsert' && delta.item.labels[PROJECT_LABEL] === source.name) {
                session.addContainer(delta.item.id, delta.item.labels[SERVICE_LABEL] ?? delta.item.name);
              }
            }
          })
        : () => undefined;

    const offReady = sink.onReady(flush);

    sink.data({ type: 'open', session: session.id, services: session.services });
    session.start();
    flush();
    return () => {
      offChange();
      offReady();
      offProject();
      clearTimeout(timer);
      sessions.delete(session.id);
      session.close();
    };
  }

  return {
    requests: {
      'logs.window': async ({ session, filter, start, count }) => {
        const s = sessionOf(session);
        const window = await s.window(filter, start, count);
        return { ...window, generation: s.generation };
      },
      'logs.search': async ({ session, filter, query, from, limit }) => sessionOf(session).search(filter, query, from, limit),
      'logs.export': async ({ session, filter, from, timestamps, maxBytes }) => sessionOf(session).exportText(filter, from, timestamps, maxBytes),
      'logs.clear': async ({ session }) => {
        sessionOf(session).clear();
        return null;
      },
    },
    streams: { logs: openLogs },
    openSessions: () => sessions.size,
  };
}
