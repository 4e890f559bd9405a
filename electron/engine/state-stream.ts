/**
 * The `state` stream for one viewer: the snapshot, then deltas and status
 * changes. Deltas are coalesced per object while the viewer's transport is
 * backed up, so a slow renderer gets the latest state of each object, not a
 * growing queue of every intermediate one.
 */
import type { Delta, StateMessage } from '#shared/model';
import type { StreamSink } from '#shared/handlers';
import type { Engine } from './engine';

/** Above this many bytes queued on the transport, wait instead of sending. */
const BACKLOG_LIMIT = 1 << 20;
const RETRY_MS = 16;

export function openStateStream(engine: Engine, sink: StreamSink<StateMessage>): () => void {
  const pending = new Map<string, Delta>();
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const flush = () => {
    immediate = undefined;
    timer = undefined;
    if (pending.size === 0) return;
    if (sink.backlog() > BACKLOG_LIMIT) {
      timer = setTimeout(flush, RETRY_MS);
      return;
    }
    const deltas = [...pending.values()];
    pending.clear();
    sink.data({ type: 'deltas', deltas });
  };

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
    if (!immediate && !timer) immediate = setImmediate(flush);
  });
  const offStatus = engine.onStatus((status) => {
    // Deltas first: a "connected" status follows the resync that preceded it.
    flush();
    sink.data({ type: 'status', status });
  });

  return () => {
    offDeltas();
    offStatus();
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
