/**
 * The stats part of the contract, bound to one engine: the shared per-
 * container stream behind `stats`, the row snapshotter behind `stats.rows`.
 */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { StatsSample } from '#shared/stats';
import type { RequestHandlerTable, StreamHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { StatsHub } from './hub';
import { RowSnapshotter, type SnapshotterOptions } from './snapshotter';

/** Above this many bytes queued on the transport a sample is skipped: the next one says as much. */
const BACKLOG_LIMIT = 1 << 20;

/** The full id for an id, a unique id prefix or a name, so every way of naming a container shares one stream. */
function resolveId(engine: Engine, ref: string): string {
  if (engine.store.get('container', ref)) return ref;
  const containers = engine.store.snapshot().containers;
  const byName = containers.find((c) => c.name === ref);
  if (byName) return byName.id;
  const byPrefix = containers.filter((c) => c.id.startsWith(ref));
  return byPrefix.length === 1 && byPrefix[0] ? byPrefix[0].id : ref;
}

export interface StatsHandlers {
  requests: Pick<RequestHandlerTable, 'stats.metrics'>;
  streams: Pick<StreamHandlerTable, 'stats' | 'stats.rows'>;
  hub: StatsHub;
  snapshotter: RowSnapshotter;
}

export interface StatsOptions extends SnapshotterOptions {
  /** The engine client to read stats with; the engine's own connection by default (tests watch their own). */
  client?: () => Docker;
}

export function statsHandlers(engine: Engine, options: StatsOptions = {}): StatsHandlers {
  const client =
    options.client ??
    (() => {
      try {
        return engine.client();
      } catch (error) {
        throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
      }
    });
  const hub = new StatsHub(client);
  const snapshotter = new RowSnapshotter(client, options);
  return {
    hub,
    snapshotter,
    requests: {
      'stats.metrics': async () => ({ ...hub.counters(), snapshots: snapshotter.snapshotCount() }),
    },
    streams: {
      stats: ({ id }, sink) => {
        const fullId = resolveId(engine, id);
        const known = engine.store.get('container', fullId);
        if (known && known.state !== 'running' && known.state !== 'paused') {
          // Nothing to measure; the renderer says the container is not running.
          sink.end();
          return () => undefined;
        }
        return hub.subscribe(fullId, {
          samples: (samples: StatsSample[]) => {
            if (sink.backlog() > BACKLOG_LIMIT) return;
            sink.data({ samples });
          },
          end: (error) => sink.end(error),
        });
      },
      'stats.rows': ({ ids }, sink) =>
        snapshotter.watch(ids, (rows) => {
          if (sink.backlog() <= BACKLOG_LIMIT) sink.data({ rows });
        }),
    },
  };
}
