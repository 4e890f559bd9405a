/**
 * The stats part of the contract, bound to one engine: the shared per-
 * container stream behind `stats`, the row snapshotter behind `stats.rows`.
 */
import type Docker from 'dockerode';
import { RemoteError } from '#shared/protocol';
import type { StatsRow, StatsSample } from '#shared/stats';
import type { RequestHandlerTable, StreamHandlerTable, StreamSink } from '#shared/handlers';
import type { Engine } from '../engine';
import { HISTORY_SAMPLES, StatsHub } from './hub';
import { RowSnapshotter, type SnapshotterOptions } from './snapshotter';

/**
 * A container's samples to a viewer: while it has no credit they wait, at
 * most a history's worth (what a chart shows), and go out together.
 */
function sendSamples(sink: StreamSink<{ samples: StatsSample[] }>): { add(samples: StatsSample[]): void; end(error?: unknown): void; stop(): void } {
  let pending: StatsSample[] = [];
  const send = (): void => {
    const samples = pending;
    pending = [];
    sink.data({ samples });
  };
  const offReady = sink.onReady(() => {
    if (pending.length > 0 && sink.ready()) send();
  });
  return {
    add(samples) {
      pending = [...pending, ...samples].slice(-HISTORY_SAMPLES);
      if (sink.ready()) send();
    },
    // The stream's last words need no credit: the samples before a stop are the chart's end.
    end(error) {
      offReady();
      if (pending.length > 0) send();
      sink.end(error);
    },
    stop: offReady,
  };
}

/** Table rows to a viewer: while it has no credit only the latest row of each container waits. */
function sendRows(sink: StreamSink<{ rows: StatsRow[] }>): { add(rows: StatsRow[]): void; stop(): void } {
  const pending = new Map<string, StatsRow>();
  const flush = (): void => {
    if (pending.size === 0 || !sink.ready()) return;
    const rows = [...pending.values()];
    pending.clear();
    sink.data({ rows });
  };
  const offReady = sink.onReady(flush);
  return {
    add(rows) {
      for (const row of rows) pending.set(row.id, row);
      flush();
    },
    stop: offReady,
  };
}

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
        const samples = sendSamples(sink);
        const unsubscribe = hub.subscribe(fullId, { samples: (added) => samples.add(added), end: (error) => samples.end(error) });
        return () => {
          unsubscribe();
          samples.stop();
        };
      },
      'stats.rows': ({ ids }, sink) => {
        const rows = sendRows(sink);
        const unwatch = snapshotter.watch(ids, (added) => rows.add(added));
        return () => {
          unwatch();
          rows.stop();
        };
      },
    },
  };
}
