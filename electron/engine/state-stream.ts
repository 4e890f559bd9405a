/**
 * The `state` stream for one viewer: the snapshot, then deltas and status
 * changes. While the viewer has no credit (shared/protocol.ts) deltas are
 * coalesced per object and only the latest status is kept, so a slow
 * renderer gets the latest state of each object, not a growing queue of
 * every intermediate one.
 */
import type { Delta, EngineStatus, StateMessage } from '#shared/model';
import type { StreamSink } from '#shared/handlers';
import type { Engine } from './engine';

export function openStateStream(engine: Engine, sink: StreamSink<StateMessage>): () => void {
  const pending = new Map<string, Delta>();
  let status: EngineStatus | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const flush = (): void => {
    if (immediate) clearImmediate(immediate);
    immediate = undefined;
    // Deltas first: a "connected" status follows the resync that preceded it.
    while (sink.ready()) {
      if (pending.size > 0) {
        const deltas = [...pending.values()];
        pending.clear();
        sink.data({ type: 'deltas', deltas });
      } else if (status) {
        const latest = status;
        status = undefined;
        sink.data({ type: 'status', status: latest });
      } else return;
    }
    // Not ready: what is pending waits for onReady, which calls flush again.
  };

  // The snapshot goes out without waiting for credit: it is what every later message builds on.
  sink.data({ type: 'snapshot', snapshot: { status: engine.status, ...engine.store.snapshot() } });

  const offDeltas = engine.store.subscribe((deltas) => {
    for (const delta of deltas) {
      const id = delta.op === 'remove' ? delta.id : delta.item.id;
      const key = `${delta.kind}:${id}`;
      // Re-insert so the object's latest change goes out after the ones before it.
      pending.delete(key);
      pending.set(key, delta);
    }
    // Everything the engine reports in one turn goes out as one message.
    immediate ??= setImmediate(flush);
  });
  const offStatus = engine.onStatus((next) => {
    status = next;
    flush();
  });
  const offReady = sink.onReady(flush);

  return () => {
    offDeltas();
    offStatus();
    offReady();
    if (immediate) clearImmediate(immediate);
  };
}
