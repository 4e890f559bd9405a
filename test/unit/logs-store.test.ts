/** The bounded line store and the views and searches over it, in memory and spilled to disk. */
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { LineStore } from '../../electron/engine/logs/store';
import { makeView, ScanAbandoned, searchView } from '../../electron/engine/logs/views';

const always = () => true;
import { LogFilterSchema, LogQuerySchema } from '#shared/logs';

const filter = (input: Parameters<typeof LogFilterSchema.parse>[0]) => LogFilterSchema.parse(input);
const query = (input: Parameters<typeof LogQuerySchema.parse>[0]) => LogQuerySchema.parse(input);

function fill(store: LineStore, n: number): void {
  for (let i = 1; i <= n; i++) store.append(i % 10 === 0 ? 'stderr' : 'stdout', i * 1000, i % 1000 === 0 ? `MARK ${i}` : `line ${i}`);
}

describe('LineStore', () => {
  it('spills past its memory limit to a private file, reads back every line, and deletes the file on close', () => {
    const store = new LineStore({ memoryLimitBytes: 64 * 1024, segmentLines: 256 });
    fill(store, 20_000);
    expect(store.length).toBe(20_000);
    expect(store.inMemoryBytes).toBeLessThanOrEqual(64 * 1024 + 256 * 40);
    expect(store.spilledBytes).toBeGreaterThan(0);
    const path = store.spillPath!;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const i of [0, 1, 255, 256, 9_999, 19_999]) expect(store.textAt(i)).toBe(i % 1000 === 999 ? `MARK ${i + 1}` : `line ${i + 1}`);
    expect(store.get(9).kind).toBe('stderr');
    expect(store.tsAt(41)).toBe(42_000);
    const seen: number[] = [];
    store.scan(19_990, (index) => void seen.push(index));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, k) => 19_990 + k));
    store.close();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps unicode text whole through the file', () => {
    const store = new LineStore({ memoryLimitBytes: 1, segmentLines: 2 });
    const lines = ['é', '日本語 テキスト', '🙂 emoji', 'plain', 'last'];
    for (const line of lines) store.append('stdout', NaN, line);
    expect(lines.map((_, i) => store.textAt(i))).toEqual(lines);
    store.close();
  });

  it('clear forgets everything and takes the file away', () => {
    const store = new LineStore({ memoryLimitBytes: 1024, segmentLines: 16 });
    fill(store, 500);
    const path = store.spillPath!;
    store.clear();
    expect(store.length).toBe(0);
    expect(existsSync(path)).toBe(false);
    store.append('stdout', 1, 'after');
    expect(store.textAt(0)).toBe('after');
    store.close();
  });
});

describe('views and search over the whole store', () => {
  for (const limit of [64 << 20, 32 * 1024]) {
    it(`filter by stream, only matching and not matching, search counts (memory limit ${limit})`, async () => {
      const store = new LineStore({ memoryLimitBytes: limit, segmentLines: 512 });
      fill(store, 100_000);
      store.append('marker', 1, 'restarted at then');
      expect(makeView(store, filter({ stream: 'both' })).length).toBe(100_001);
      const stderr = makeView(store, filter({ stream: 'stderr' }));
      // Every tenth line is on stderr; the marker shows in every stream view.
      expect(stderr.length).toBe(10_001);
      expect(store.textAt(stderr.lineAt(0))).toBe('line 10');
      const marks = makeView(store, filter({ match: { text: '^MARK \\d+$', regex: true } }));
      expect(marks.length).toBe(100);
      expect(store.textAt(marks.lineAt(99))).toBe('MARK 100000');
      const notMarks = makeView(store, filter({ match: { text: 'mark', invert: true } }));
      expect(notMarks.length).toBe(100_001 - 100);
      const both = makeView(store, filter({}));
      const found = await searchView(store, both, query({ text: 'mark 5' }), 0, 3, always);
      // MARK 5000, 50000..59000 (10), i.e. 11 lines, case-insensitive.
      expect(found.count).toBe(11);
      expect(found.positions).toEqual([4999, 49_999, 50_999]);
      expect((await searchView(store, both, query({ text: 'mark 5', caseSensitive: true }), 0, 10, always)).count).toBe(0);
      // A page further on starts with the match of that number.
      expect(await searchView(store, both, query({ text: 'mark 5' }), 9, 5, always)).toEqual({ count: 11, positions: [57_999, 58_999] });
      expect((await searchView(store, both, query({ text: 'mark 5' }), 11, 5, always)).positions).toEqual([]);
      // Positions are within the view searched.
      const inStderr = await searchView(store, stderr, query({ text: 'MARK' }), 0, 1, always);
      expect(inStderr).toEqual({ count: 100, positions: [99] });
      // The view grows with the store.
      store.append('stdout', 2, 'MARK late');
      expect(marks.length).toBe(100);
      expect(makeView(store, filter({ match: { text: 'MARK' } })).length).toBe(101);
      store.close();
    });
  }

  it('a long search and a new filter run in slices, letting the event loop in, and give up when the log changes', async () => {
    const store = new LineStore();
    fill(store, 300_000);
    // The slices are timed; a clock that advances 1 ms per reading makes their number the same on any machine.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => ++clock);
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    // `live` is asked after every pause; what the event loop had done by then is kept.
    const watch = () => {
      const seen: number[] = [];
      return { seen, live: () => (seen.push(turns), true) };
    };
    const filtering = watch();
    const searching = watch();
    try {
      const view = makeView(store, filter({ match: { text: 'line \\d*5$', regex: true } }));
      await view.catchUp(filtering.live);
      const found = await searchView(store, makeView(store, filter({})), query({ text: 'line \\d*7$', regex: true }), 0, 1, searching.live);
      expect(view.length).toBe(30_000);
      expect(found.count).toBe(30_000);
    } finally {
      ticking = false;
      now.mockRestore();
    }
    // searchView also asks once before it starts.
    for (const pauses of [filtering.seen, searching.seen.slice(1)]) {
      expect(pauses.length).toBeGreaterThan(10);
      // Other work ran in every pause.
      expect(pauses.every((seen, i) => seen > (i === 0 ? 0 : pauses[i - 1]!))).toBe(true);
    }
    let live = true;
    const abandoned = searchView(store, makeView(store, filter({})), query({ text: 'nothing' }), 0, 1, () => live);
    live = false;
    await expect(abandoned).rejects.toBeInstanceOf(ScanAbandoned);
    store.close();
  });

  it('a slice ends after so many characters, not so many lines: long lines cannot hold main for a thousand of them', async () => {
    const store = new LineStore();
    // 1,500 lines of 8,000 characters: fewer lines than the scans used to read between two looks at the clock.
    for (let i = 0; i < 1500; i++) store.append('stdout', i, `${'x'.repeat(8000)} ${i}`);
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => ++clock);
    let filterPauses = 0;
    let searchPauses = 0;
    try {
      const view = makeView(store, filter({ match: { text: '7$', regex: true } }));
      await view.catchUp(() => (filterPauses++, true));
      const found = await searchView(store, makeView(store, filter({})), query({ text: '9$', regex: true }), 0, 1, () => (searchPauses++, true));
      expect(view.length).toBe(150);
      expect(found.count).toBe(150);
    } finally {
      now.mockRestore();
    }
    // About one pause per 64 KB of text read past the slice's 8 ms: 12 MB, so well over ten.
    expect(filterPauses).toBeGreaterThan(10);
    expect(searchPauses).toBeGreaterThan(10);
    store.close();
  });

  it('a bad regular expression is the user’s error, named', () => {
    const store = new LineStore();
    store.append('stdout', 1, 'x');
    expect(() => makeView(store, filter({ match: { text: '(', regex: true } }))).toThrow(/Not a valid regular expression/);
    // What the linear-time engine cannot run is refused before it runs, with the reason.
    expect(() => makeView(store, filter({ match: { text: '(?=x)', regex: true } }))).toThrow(/not supported: Berth uses a linear-time regex engine/);
    expect(() => makeView(store, filter({ match: { text: '^MARK \\d+$|error', regex: true } }))).not.toThrow();
    store.close();
  });
});
