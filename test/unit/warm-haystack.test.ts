import { describe, expect, it } from 'vitest';
import { makeHaystack, visibleIds } from '../../renderer/table/visibleRows';
import type { RowSource, Rows } from '../../renderer/table/source';
import { warmHaystack, type IdleDeadline, type IdleScheduler } from '../../renderer/table/warmHaystack';

interface Item {
  name: string;
}

function rowsOf(items: Item[]): Rows<Item> {
  const byId = new Map(items.map((item) => [item.name, item]));
  return { ids: [...byId.keys()], byId };
}

/** A source whose rows the test replaces, telling its listeners as the store does. */
function liveSource(initial: Rows<Item>): RowSource<Item> & { set(rows: Rows<Item>): void; listeners: number } {
  let rows = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rows: () => rows,
    state: () => 'connected',
    set(next) {
      rows = next;
      for (const listener of listeners) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

/** Idle slices run by hand; each slice may compute `perSlice` rows before its time runs out. */
function manualIdle(perSlice: number): IdleScheduler & { runSlice(): boolean; waiting(): number } {
  const queue = new Map<number, (deadline: IdleDeadline) => void>();
  let next = 1;
  return {
    request(run) {
      queue.set(next, run);
      return next++;
    },
    cancel(handle) {
      queue.delete(handle);
    },
    runSlice() {
      const [first] = queue;
      if (!first) return false;
      queue.delete(first[0]);
      let left = perSlice;
      // The slice checks its time before each row: `perSlice` checks pass, then the time is up.
      first[1]({ timeRemaining: () => (left-- > 0 ? 10 : 0) });
      return true;
    },
    waiting: () => queue.size,
  };
}

/** A haystack that counts how often it lower-cases a row's text. */
function countingHaystack(): { haystack: (item: Item) => string; computed: () => number } {
  let computed = 0;
  const haystack = makeHaystack((item: Item) => {
    computed += 1;
    return item.name;
  });
  return { haystack, computed: () => computed };
}

const items = (n: number, prefix = 'row'): Item[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}` }));

describe('warmHaystack', () => {
  it('computes every row in idle slices, so the first filter finds them all cached', () => {
    const source = liveSource(rowsOf(items(10)));
    const idle = manualIdle(4);
    const { haystack, computed } = countingHaystack();
    warmHaystack(source, haystack, idle);
    expect(computed()).toBe(0);
    let slices = 0;
    while (idle.runSlice()) slices += 1;
    expect(slices).toBe(3);
    expect(computed()).toBe(10);
    expect(visibleIds(source.rows(), 'row7', haystack, null)).toEqual(['row7']);
    expect(computed()).toBe(10);
  });

  it('after a change, computes only the rows that are new objects', () => {
    const first = items(5);
    const source = liveSource(rowsOf(first));
    const idle = manualIdle(100);
    const { haystack, computed } = countingHaystack();
    warmHaystack(source, haystack, idle);
    while (idle.runSlice());
    source.set(rowsOf([...first.slice(0, 4), { name: 'changed' }, { name: 'added' }]));
    while (idle.runSlice());
    expect(computed()).toBe(7);
  });

  it('starts again on the new rows when they change mid-way, and asks for no slice while nothing changes', () => {
    const source = liveSource(rowsOf(items(10, 'old')));
    const idle = manualIdle(3);
    const { haystack, computed } = countingHaystack();
    warmHaystack(source, haystack, idle);
    idle.runSlice();
    source.set(rowsOf(items(4, 'new')));
    while (idle.runSlice());
    expect(computed()).toBe(3 + 4);
    source.set(source.rows());
    expect(idle.waiting()).toBe(0);
  });

  it('stops listening and cancels its slice when stopped', () => {
    const source = liveSource(rowsOf(items(10)));
    const idle = manualIdle(2);
    const { haystack, computed } = countingHaystack();
    const stop = warmHaystack(source, haystack, idle);
    idle.runSlice();
    stop();
    expect(idle.waiting()).toBe(0);
    expect(source.listeners).toBe(0);
    source.set(rowsOf(items(3, 'later')));
    expect(idle.runSlice()).toBe(false);
    expect(computed()).toBe(2);
  });
});
