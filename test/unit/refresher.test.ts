import { describe, expect, it } from 'vitest';
import { Refresher } from '../../electron/engine/refresher';
import type { ResourceKind } from '#shared/model';

function harness() {
  const reads: string[] = [];
  const removed: string[] = [];
  const stored: string[] = [];
  const gates: Array<() => void> = [];
  const refresher = new Refresher({
    refresh: (_kind: ResourceKind, ref: string, isCurrent: () => boolean) => {
      reads.push(ref);
      return new Promise<void>((resolve) =>
        gates.push(() => {
          if (isCurrent()) stored.push(ref);
          resolve();
        }),
      );
    },
    remove: (_kind, ref) => removed.push(ref),
  });
  const tick = () => new Promise((r) => setImmediate(r));
  const release = async () => {
    const open = gates.splice(0);
    for (const g of open) g();
    await tick();
    await tick();
  };
  return { refresher, reads, removed, stored, tick, release };
}

describe('Refresher', () => {
  it('coalesces a burst for one object into one read', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    h.refresher.push({ kind: 'container', ref: 'b', op: 'refresh' });
    await h.tick();
    expect(h.reads).toEqual(['a', 'b']);
  });

  it('reads again once when events arrive during a read', async () => {
    const h = harness();
    h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    await h.tick();
    h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    await h.release();
    expect(h.reads).toEqual(['a', 'a']);
  });

  it('reads in the background two at a time and only while no event waits; an event for one queued there goes first', async () => {
    const h = harness();
    const refresh = (ref: string) => ({ kind: 'container' as const, ref, op: 'refresh' as const });
    for (const ref of ['b1', 'b2', 'b3', 'b4', 'b5']) h.refresher.push(refresh(ref), { background: true });
    await h.tick();
    expect(h.reads).toEqual(['b1', 'b2']);
    h.refresher.push(refresh('event')); // an event: read at once, beside the two under way
    h.refresher.push(refresh('b4')); // one waiting in the background, now wanted by an event
    h.refresher.push({ kind: 'container', ref: 'b5', op: 'remove' }); // gone before its turn
    await h.tick();
    expect(h.reads).toEqual(['b1', 'b2', 'event', 'b4']);
    await h.release();
    expect(h.reads).toEqual(['b1', 'b2', 'event', 'b4', 'b3']);
    await h.release();
    expect(h.reads).toEqual(['b1', 'b2', 'event', 'b4', 'b3']); // b4 read once, b5 never
    h.refresher.push(refresh('b5')); // a later event for the removed one is read, not lost
    await h.tick();
    expect(h.reads.at(-1)).toBe('b5');
  });

  it('never lets a read in flight bring back a removed object', async () => {
    const h = harness();
    h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    await h.tick();
    h.refresher.push({ kind: 'container', ref: 'a', op: 'remove' });
    await h.release();
    expect(h.removed).toEqual(['a']);
    expect(h.stored).toEqual([]);
  });

  it('holds events while paused and runs them after', async () => {
    const h = harness();
    h.refresher.pause();
    h.refresher.push({ kind: 'container', ref: 'a', op: 'refresh' });
    await h.tick();
    expect(h.reads).toEqual([]);
    h.refresher.resume();
    await h.tick();
    expect(h.reads).toEqual(['a']);
  });
});
