/**
 * Log sessions against the real engine: following across a restart with its
 * marker, since/until, stderr apart from stdout, TTY and 16 KB lines, the
 * merged Compose view, the store's answers on a million-line log (spilled to
 * disk), searches that stall a backtracking engine answered while main keeps
 * serving another client, a viewer that grants no credit told nothing until
 * it does, and closing a view leaving nothing reading.
 *
 * Where two containers' lines must come in an order, the test makes the
 * engine's order: a container writes its next line only when signalled, and
 * the test signals the other only once the engine has the line in its log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_LINES } from '../../electron/engine/logs/feed';
import { logHandlers, type LogHandlers } from '../../electron/engine/logs/handlers';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { createDispatcher } from '../../electron/transport/dispatcher';
import { createClient, type EngineClient } from '#shared/client';
import type { EngineHandlers } from '#shared/handlers';
import type { ServerMessage } from '#shared/protocol';
import { oneEngine, TEST_ENGINE } from '../support/service';
import { logStreams, type LogFilterInput, type LogLine, type LogStreamMessage } from '#shared/logs';
import { createContainer, docker, engineConnections, logEndsWith, sweep, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;
let logs: LogHandlers;

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
  // A small memory limit, so the big log below is mostly on disk.
  logs = logHandlers(berth.engine, { memoryLimitBytes: 4 << 20 });
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

interface Opened {
  session: string;
  messages: LogStreamMessage[];
  last(): Extract<LogStreamMessage, { type: 'update' }> | undefined;
  close(): void;
}

function open(args: unknown): Opened {
  const messages: LogStreamMessage[] = [];
  const close = logs.streams.logs(logStreams.logs.args.parse(args), {
    data: (m) => messages.push(m),
    end: (error) => {
      if (error) throw error;
    },
    ready: () => true,
    onReady: () => () => undefined,
  });
  const first = messages[0];
  if (first?.type !== 'open') throw new Error('no open message');
  return {
    session: first.session,
    messages,
    last: () => messages.filter((m) => m.type === 'update').at(-1) as Extract<LogStreamMessage, { type: 'update' }> | undefined,
    close,
  };
}

async function lines(o: Opened, filter: LogFilterInput = {}, start: number | null = 0, count = 2000): Promise<LogLine[]> {
  return (await logs.requests['logs.window']({ session: o.session, filter: { stream: 'both', ...filter }, start, count } as never)).lines;
}

async function linesWhen(o: Opened, what: string, ok: (all: LogLine[]) => boolean, timeoutMs = 20_000): Promise<LogLine[]> {
  let seen: LogLine[] = [];
  await waitFor(
    what,
    () => {
      void lines(o).then((l) => (seen = l));
      return ok(seen);
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last lines: ${JSON.stringify(seen.slice(-5).map((l) => l.text))}`);
  });
  return seen;
}

/** Signals a container whose shell writes its next line on USR1, and waits until the engine has that line. */
async function writeNext(id: string, line: string): Promise<void> {
  await docker('kill', '--signal', 'USR1', id);
  await logEndsWith(id, line);
}

describe('a container log', () => {
  it('keeps stderr apart from stdout, and reads timestamps', async () => {
    const id = await createContainer(uniqueName('logs-streams'), [], ['sh', '-c', 'echo out-1; echo err-1 >&2; echo out-2']);
    await docker('start', id);
    await docker('wait', id);
    const o = open({ source: { kind: 'container', id }, options: { follow: false } });
    try {
      const all = await linesWhen(o, 'three lines', (l) => l.length === 3);
      expect(all.map((l) => [l.kind, l.text])).toEqual(
        expect.arrayContaining([
          ['stdout', 'out-1'],
          ['stderr', 'err-1'],
          ['stdout', 'out-2'],
        ]),
      );
      for (const line of all) expect(line.ts).toBeGreaterThan(Date.now() - 120_000);
      expect((await lines(o, { stream: 'stderr' })).map((l) => l.text)).toEqual(['err-1']);
      expect((await lines(o, { stream: 'stdout' })).map((l) => l.text)).toEqual(['out-1', 'out-2']);
      await waitFor('ended', () => o.last()?.state === 'ended');
    } finally {
      o.close();
    }
  });

  it('joins lines the daemon cut at 16 KB, with and without a TTY', async () => {
    const script = 'head -c 40000 /dev/zero | tr "\\0" x; echo; echo after';
    for (const tty of [false, true]) {
      const id = await createContainer(uniqueName(`logs-long-${tty ? 'tty' : 'plain'}`), tty ? ['-t'] : [], ['sh', '-c', script]);
      await docker('start', id);
      await docker('wait', id);
      const o = open({ source: { kind: 'container', id }, options: { follow: false } });
      try {
        await linesWhen(o, 'two lines', (l) => l.length === 2);
        const text = await logs.requests['logs.export']({ session: o.session, filter: { stream: 'both' }, from: 0, timestamps: false, maxBytes: 1 << 20 });
        expect(text.text, tty ? 'tty' : 'no tty').toBe(`${'x'.repeat(40_000)}\nafter\n`);
      } finally {
        o.close();
      }
    }
  });

  it('since and until select lines by the engine’s time', async () => {
    const id = await createContainer(uniqueName('logs-times'), [], ['sh', '-c', 'echo first; sleep 1.2; echo second; sleep 1.2; echo third']);
    await docker('start', id);
    await docker('wait', id);
    const all = open({ source: { kind: 'container', id }, options: { follow: false } });
    const every = await linesWhen(all, 'three lines', (l) => l.length === 3);
    all.close();
    const [first, second, third] = every.map((l) => l.ts!);
    const mid1 = (first! + second!) / 2 / 1000;
    const mid2 = (second! + third!) / 2 / 1000;
    const o = open({ source: { kind: 'container', id }, options: { follow: true, since: mid1, until: mid2 } });
    try {
      await waitFor('ended', () => o.last()?.state === 'ended');
      expect((await lines(o)).map((l) => l.text)).toEqual(['second']);
    } finally {
      o.close();
    }
    const tail = open({ source: { kind: 'container', id }, options: { follow: false, tail: 1 } });
    try {
      await waitFor('ended', () => tail.last()?.state === 'ended');
      expect((await lines(tail)).map((l) => l.text)).toEqual(['third']);
    } finally {
      tail.close();
    }
  });

  it('follows across a restart, marks it, and loses or repeats no line', async () => {
    const script = 'trap "exit 0" TERM; echo "run begins"; i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.1; done';
    const id = await createContainer(uniqueName('logs-restart'), [], ['sh', '-c', script]);
    await docker('start', id);
    const o = open({ source: { kind: 'container', id }, options: {} });
    try {
      await linesWhen(o, 'tick 5', (l) => l.some((x) => x.text === 'tick 5'));
      // Ticks written before the view opened are history: they can show while it is still read.
      await waitFor('following', () => o.last()?.state === 'following');
      await docker('restart', '-t', '2', id);
      const after = await linesWhen(o, 'the marker and tick 3 of the new run', (l) => {
        const marker = l.findIndex((x) => x.kind === 'marker');
        return marker !== -1 && l.slice(marker).some((x) => x.text === 'tick 3');
      });
      const marker = after.findIndex((x) => x.kind === 'marker');
      expect(after[marker]!.text).toMatch(/^restarted at \d{4}-\d\d-\d\dT/);
      const startedAt = Date.parse(await docker('inspect', '--format', '{{.State.StartedAt}}', id));
      expect(after[marker]!.ts).toBe(startedAt);
      // Each run: "run begins", then tick 1, 2, 3… with nothing missing or twice.
      const runs = [after.slice(0, marker), after.slice(marker + 1)];
      for (const run of runs) {
        expect(run[0]!.text).toBe('run begins');
        const ticks = run.slice(1).map((x) => x.text);
        expect(ticks).toEqual(ticks.map((_, k) => `tick ${k + 1}`));
      }
      expect(o.last()?.restarts).toBe(1);
      await waitFor('following again', () => o.last()?.state === 'following');
      // Stopped: the view waits for the next start.
      await docker('stop', '-t', '2', id);
      await waitFor('waiting', () => o.last()?.state === 'waiting');
    } finally {
      o.close();
    }
  });
});

describe('a long log', () => {
  it('shows its last lines first, then the whole log with its own line numbers, search and export', async () => {
    // 30,000 numbered lines and a last one: far more than the preview read ahead.
    const id = await createContainer(uniqueName('logs-preview'), [], ['sh', '-c', 'seq 1 30000; echo LAST']);
    await docker('start', id);
    await docker('wait', id);
    const messages: LogStreamMessage[] = [];
    let previewWindow: Promise<{ total: number; start: number; lines: LogLine[] }> | undefined;
    let previewExport: Promise<{ text: string }> | undefined;
    let session = '';
    const close = logs.streams.logs(logStreams.logs.args.parse({ source: { kind: 'container', id }, options: { follow: true } }), {
      data: (m) => {
        messages.push(m);
        if (m.type === 'open') session = m.session;
        // Asked while the update is fresh: what a view shows at that moment.
        else if (m.state === 'loading' && m.total > 0 && !previewWindow) {
          previewWindow = logs.requests['logs.window']({ session, filter: { stream: 'both' }, start: null, count: 3 } as never);
          previewExport = logs.requests['logs.export']({ session, filter: { stream: 'both' }, from: 0, timestamps: false, maxBytes: 8 << 20 });
        }
      },
      end: (error) => {
        if (error) throw error;
      },
      ready: () => true,
      onReady: () => () => undefined,
    });
    const last = () => messages.filter((m) => m.type === 'update').at(-1) as Extract<LogStreamMessage, { type: 'update' }> | undefined;
    try {
      await waitFor('the whole log read', () => last()?.state === 'waiting', 60_000);
      // While loading: the end of the log, before most of it was read.
      const first = messages.find((m) => m.type === 'update' && m.state === 'loading' && m.total > 0) as Extract<LogStreamMessage, { type: 'update' }>;
      expect(first.total).toBe(PREVIEW_LINES);
      expect(first.generation).toBe(0);
      expect(first.detail).toMatch(/last 1,000 lines/);
      const preview = await previewWindow!;
      expect(preview.lines.map((l) => l.text)).toEqual(['29999', '30000', 'LAST']);
      // A download meanwhile has the lines read so far from the start, not the preview's.
      const early = (await previewExport!).text.split('\n').slice(0, -1);
      expect(early).toEqual(early.map((_, k) => String(k + 1)));
      // Then the whole log, as a new generation: line numbers count from the log's first line.
      const done = last()!;
      expect(done.total).toBe(30_001);
      expect(done.generation).toBe(1);
      // The preview's lines moved down as a block: its first line (29,002) is the whole log's line 29,001 (from 0).
      expect(done.moved).toBe(29_001);
      const tail = await lines({ session } as Opened, {}, null, 2);
      expect(tail.map((l) => [l.line, l.text])).toEqual([
        [29_999, '30000'],
        [30_000, 'LAST'],
      ]);
      expect((await lines({ session } as Opened, {}, 0, 2)).map((l) => l.text)).toEqual(['1', '2']);
      const search = await logs.requests['logs.search']({ session, filter: { stream: 'both' }, query: { text: '^1\\d{4}$', regex: true, caseSensitive: true }, from: 0, limit: 10_000 });
      expect(search.count).toBe(10_000);
      expect(search.positions[0]).toBe(9_999);
      let exported = '';
      for (let from: number | null = 0; from !== null; ) {
        const page = await logs.requests['logs.export']({ session, filter: { stream: 'both' }, from, timestamps: false, maxBytes: 64 << 10 });
        exported += page.text;
        from = page.next;
      }
      expect(exported).toBe(`${Array.from({ length: 30_000 }, (_, k) => k + 1).join('\n')}\nLAST\n`);
    } finally {
      close();
    }
  });
});

describe('a Compose project', () => {
  it('merges its containers’ logs in time order, each line marked with its service', async () => {
    const project = uniqueName('proj').toLowerCase();
    const labels = (service: string) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`];
    // Each writes its first line at once and its next one on each USR1, then ends after the third.
    const script = (name: string) => `i=1; trap 'i=$((i+1)); echo "${name} $i"' USR1; echo "${name} 1"; while [ $i -lt 3 ]; do sleep 0.05; done`;
    const web = await createContainer(uniqueName('proj-web'), labels('web'), ['sh', '-c', script('web')]);
    const db = await createContainer(uniqueName('proj-db'), labels('db'), ['sh', '-c', script('db')]);
    // The engine's order: web 1, db 1, web 2, db 2, web 3, db 3, each stamped before the next is written.
    await docker('start', web);
    await logEndsWith(web, 'web 1');
    await docker('start', db);
    await logEndsWith(db, 'db 1');
    for (const i of [2, 3]) {
      await writeNext(web, `web ${i}`);
      await writeNext(db, `db ${i}`);
    }
    await Promise.all([docker('wait', web), docker('wait', db)]);
    await waitFor('both in the store', () => berth.engine.store.snapshot().containers.filter((c) => c.labels['com.docker.compose.project'] === project).length === 2);
    const o = open({ source: { kind: 'project', name: project }, options: { follow: false } });
    try {
      const merged = await linesWhen(o, 'six lines', (l) => l.length === 6);
      expect(merged.map((l) => `${l.service}:${l.text}`)).toEqual(['web:web 1', 'db:db 1', 'web:web 2', 'db:db 2', 'web:web 3', 'db:db 3']);
      const times = merged.map((l) => l.ts!);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    } finally {
      o.close();
    }
  });
});

describe('a Compose project with long logs', () => {
  it('shows the containers’ last lines merged by time first, then the whole merged log', async () => {
    const project = uniqueName('projlong').toLowerCase();
    const labels = (service: string) => ['--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`];
    // 30,000 lines each, then a last line on USR1: web's, then (once the engine has it) db's.
    const script = (name: string) => `trap 'echo "${name} LAST"; exit 0' USR1; seq 1 30000 | sed "s/^/${name} /"; while :; do sleep 0.05; done`;
    const web = await createContainer(uniqueName('projlong-web'), labels('web'), ['sh', '-c', script('web')]);
    const db = await createContainer(uniqueName('projlong-db'), labels('db'), ['sh', '-c', script('db')]);
    await Promise.all([docker('start', web), docker('start', db)]);
    await Promise.all([logEndsWith(web, 'web 30000'), logEndsWith(db, 'db 30000')]);
    await writeNext(web, 'web LAST');
    await writeNext(db, 'db LAST');
    await Promise.all([docker('wait', web), docker('wait', db)]);
    await waitFor('both in the store', () => berth.engine.store.snapshot().containers.filter((c) => c.labels['com.docker.compose.project'] === project).length === 2);
    const messages: LogStreamMessage[] = [];
    let previewWindow: Promise<{ total: number; start: number; lines: LogLine[] }> | undefined;
    let session = '';
    const close = logs.streams.logs(logStreams.logs.args.parse({ source: { kind: 'project', name: project }, options: { follow: false } }), {
      data: (m) => {
        messages.push(m);
        if (m.type === 'open') session = m.session;
        else if (m.state === 'loading' && m.total > 0 && !previewWindow) {
          previewWindow = logs.requests['logs.window']({ session, filter: { stream: 'both' }, start: null, count: 2 } as never);
        }
      },
      end: (error) => {
        if (error) throw error;
      },
      ready: () => true,
      onReady: () => () => undefined,
    });
    const last = () => messages.filter((m) => m.type === 'update').at(-1) as Extract<LogStreamMessage, { type: 'update' }> | undefined;
    try {
      await waitFor('the whole merged log', () => last()?.state === 'ended' && last()!.total === 60_002, 60_000);
      const first = messages.find((m) => m.type === 'update' && m.state === 'loading' && m.total > 0) as Extract<LogStreamMessage, { type: 'update' }>;
      expect(first.total).toBe(PREVIEW_LINES);
      expect(first.generation).toBe(0);
      expect(first.detail).toMatch(/last 1,000 lines meanwhile/);
      expect((await previewWindow!).lines.map((l) => `${l.service}:${l.text}`)).toEqual(['web:web LAST', 'db:db LAST']);
      // Then the whole log, merged, as a new generation.
      expect(last()!.generation).toBe(1);
      expect(last()!.moved).toBe(60_002 - PREVIEW_LINES);
      const end = await lines({ session } as Opened, {}, null, 2);
      expect(end.map((l) => [l.line, `${l.service}:${l.text}`])).toEqual([
        [60_000, 'web:web LAST'],
        [60_001, 'db:db LAST'],
      ]);
    } finally {
      close();
    }
  });
});

/**
 * A client of main over a connection of its own: the dispatcher checks every
 * message against the contract, and each one arrives in a later turn of the
 * event loop, as from a socket.
 */
function connect(service: EngineHandlers): EngineClient {
  let deliver: (message: unknown) => void = () => undefined;
  const dispatcher = createDispatcher(oneEngine(service), {
    send: (message) => setImmediate(() => deliver(JSON.parse(JSON.stringify(message)))),
  });
  return createClient({
    send: (message) => setImmediate(() => dispatcher.receive(JSON.parse(JSON.stringify(message)))),
    onMessage: (listener) => {
      deliver = listener;
    },
  }).engine(TEST_ENGINE);
}

describe('a search a backtracking engine takes seconds over', () => {
  it('is answered within a second, and another client’s request meanwhile too', async () => {
    // JavaScript's RegExp takes 9 s for the first pattern on the second line, 29 s for the second on the third, 10 s for the third on the first.
    // The fourth holds "error", so that no prefilter (Berth's or RE2's own) spares the engine the third pattern on it.
    const patterns = ['\\s*\\s*\\s*x', '(a|a)*$', '(.|\\s)*error'];
    const written = [' '.repeat(30), ' '.repeat(400), `${'a'.repeat(29)}!`, `error${' '.repeat(30)}.`];
    const script = `printf '%30s\\n' ''; printf '%400s\\n' ''; echo '${written[2]}'; echo '${written[3]}'`;
    const id = await createContainer(uniqueName('logs-redos'), [], ['sh', '-c', script]);
    await docker('start', id);
    await docker('wait', id);
    const version = await docker('version', '--format', '{{.Server.Version}}');
    const o = open({ source: { kind: 'container', id }, options: { follow: false } });
    const service: EngineHandlers = {
      requests: { ...berth.service.requests, ...logs.requests },
      streams: { ...berth.service.streams, ...logs.streams },
    };
    const searcher = connect(service);
    const other = connect(service);
    try {
      await waitFor('ended', () => o.last()?.state === 'ended');
      expect((await lines(o)).map((l) => l.text)).toEqual(written);
      for (const text of patterns) {
        const t0 = performance.now();
        const timed = <T,>(answer: Promise<T>) => answer.then((value) => ({ value, ms: performance.now() - t0 }));
        const [search, shown, info] = await Promise.all([
          timed(searcher.call('logs.search', { session: o.session, filter: { stream: 'both' }, query: { text, regex: true }, from: 0, limit: 10 })),
          // The same pattern as a filter: the lines it does not match.
          timed(
            searcher.call('logs.window', {
              session: o.session,
              filter: { stream: 'both', match: { text, regex: true, invert: true } },
              start: 0,
              count: 10,
            }),
          ),
          timed(other.call('engine.info', {})),
        ]);
        // (a|a)*$ matches every line (empty, at its end), (.|\s)*error the last, \s*\s*\s*x none.
        const matching = { '(a|a)*$': 4, '(.|\\s)*error': 1 }[text] ?? 0;
        expect(search.value.count, text).toBe(matching);
        expect(shown.value.total, text).toBe(4 - matching);
        expect(info.value.version, text).toBe(version);
        // Far outside noise: the backtracking engine took 9 s or more for each.
        for (const [what, answer] of [['engine.info meanwhile', info], ['search', search], ['filter', shown]] as const) {
          expect(answer.ms, `${what} for ${text}`).toBeLessThan(1000);
        }
      }
    } finally {
      o.close();
    }
  });
});

describe('the store on a 1,000,000-line log', () => {
  it('answers windows, searches and filters over the whole log exactly', async () => {
    // stdout: every number, but every 1000th goes to stderr and every 10000th + 5555 reads "MARK n".
    const script = 'seq 1 1000000 | awk \'{ if ($1 % 1000 == 0) print $1 > "/dev/stderr"; else if ($1 % 10000 == 5555) print "MARK " $1; else print $1 }\'';
    const id = await createContainer(uniqueName('logs-million'), [], ['sh', '-c', script]);
    await docker('start', id);
    await docker('wait', id);
    const t0 = performance.now();
    const o = open({ source: { kind: 'container', id }, options: { follow: false } });
    try {
      await waitFor('all lines read', () => o.last()?.state === 'ended' && o.last()!.total === 1_000_000, 280_000);
      const loaded = performance.now() - t0;
      const update = o.last()!;
      expect(update.spilledBytes).toBeGreaterThan(0);
      // The last lines, in order per stream.
      const tail = await lines(o, {}, null, 3);
      expect(tail.map((l) => l.position)).toEqual([999_997, 999_998, 999_999]);
      // awk buffers stdout in a pipe, not stderr: the order across streams is the program's, within each it is exact.
      expect((await lines(o, { stream: 'stdout' }, null, 2)).map((l) => l.text)).toEqual(['999998', '999999']);
      expect((await lines(o, { stream: 'stderr' }, null, 2)).map((l) => l.text)).toEqual(['999000', '1000000']);
      // A window from the middle, read back from disk.
      const middle = await lines(o, { stream: 'stdout' }, 123_456, 2);
      expect(middle.map((l) => l.kind)).toEqual(['stdout', 'stdout']);
      const t1 = performance.now();
      const search = await logs.requests['logs.search']({
        session: o.session,
        filter: { stream: 'both' },
        query: { text: '^MARK \\d+$', regex: true, caseSensitive: true },
        from: 0,
        limit: 10_000,
      });
      const searchMs = performance.now() - t1;
      expect(search.count).toBe(100);
      expect(search.positions).toHaveLength(100);
      const first = await lines(o, {}, search.positions[0]!, 1);
      expect(first[0]!.text).toBe('MARK 5555');
      // Filters over the whole log.
      expect((await logs.requests['logs.window']({ session: o.session, filter: { stream: 'stderr' }, start: null, count: 1 })).total).toBe(1000);
      expect((await logs.requests['logs.window']({ session: o.session, filter: { stream: 'stdout' }, start: null, count: 1 })).total).toBe(999_000);
      const notMark = await logs.requests['logs.window']({
        session: o.session,
        filter: { stream: 'both', match: { text: 'mark', regex: false, caseSensitive: false, invert: true } },
        start: 0,
        count: 1,
      });
      expect(notMark.total).toBe(999_900);
      const onlyMark = await logs.requests['logs.window']({
        session: o.session,
        filter: { stream: 'stdout', match: { text: 'MARK', regex: false, caseSensitive: true, invert: false } },
        start: 99,
        count: 5,
      });
      expect(onlyMark.total).toBe(100);
      expect(onlyMark.lines.map((l) => l.text)).toEqual(['MARK 995555']);
      console.info(`1M lines: loaded in ${loaded.toFixed(0)} ms, regex search in ${searchMs.toFixed(0)} ms, ${(update.spilledBytes / 1e6).toFixed(1)} MB on disk`);
    } finally {
      o.close();
    }
    // The engine alone takes ~17 s to send a million lines here; the machine may be shared.
  }, 300_000);
});

describe('a viewer that grants no credit', () => {
  it('is sent no update while it has none, then one update that says everything since', async () => {
    const id = await createContainer(uniqueName('logs-credit'), [], ['sh', '-c', 'seq 1 5000']);
    await docker('start', id);
    await docker('wait', id);
    const service: EngineHandlers = {
      requests: { ...berth.service.requests, ...logs.requests },
      streams: { ...berth.service.streams, ...logs.streams },
    };
    const sent: ServerMessage[] = [];
    const dispatcher = createDispatcher(oneEngine(service), { send: (message) => void sent.push(message) });
    try {
      dispatcher.receive({ type: 'listen', id: 1, engine: TEST_ENGINE, name: 'logs', args: { source: { kind: 'container', id }, options: { follow: false } } });
      // The open message needs no credit: it names the session the requests ask.
      const opened = sent[0]?.type === 'data' ? (sent[0].data as LogStreamMessage) : undefined;
      if (opened?.type !== 'open') throw new Error('no open message');
      // The session has the whole log (its store says so), and the viewer has been told none of it.
      await waitFor('the whole log in the session', async () => (await logs.requests['logs.window']({ session: opened.session, filter: { stream: 'both' }, start: 0, count: 0 })).total === 5000);
      expect(sent.filter((m) => m.type === 'data')).toHaveLength(1);

      // Credit (for the open message, and one more): one update with the totals the skipped ones would have said.
      dispatcher.receive({ type: 'credit', id: 1, messages: 2 });
      await waitFor('an update', () => sent.length === 2);
      expect(sent[1]).toMatchObject({ type: 'data', id: 1, data: { type: 'update', total: 5000, added: 5000 } });
    } finally {
      dispatcher.close();
    }
  });
});

describe('closing', () => {
  it('ends every engine read: 30 followed views opened and closed leave no socket and no session', async () => {
    const id = await createContainer(uniqueName('logs-close'), [], ['sh', '-c', 'trap "exit 0" TERM; while :; do echo hi; sleep 0.05; done']);
    await docker('start', id);
    // Counted by identity at dockerd's end: an idle kept-alive connection from before may carry one
    // of the views, and other connections open and close meanwhile, so counts alone prove nothing.
    const before = engineConnections();
    const sessionsBefore = logs.openSessions();
    const opened = Array.from({ length: 30 }, () => open({ source: { kind: 'container', id }, options: {} }));
    await waitFor('all following', () => opened.every((o) => o.last()?.state === 'following'));
    const during = engineConnections();
    // A followed log holds its engine connection: at least one per view.
    expect(during.size).toBeGreaterThanOrEqual(30);
    const openedForViews = [...during].filter((inode) => !before.has(inode));
    for (const o of opened) o.close();
    expect(logs.openSessions()).toBe(sessionsBefore);
    // Every connection the views opened is closed at the engine's end too.
    await waitFor('the views\' engine connections closed', () => {
      const now = engineConnections();
      return openedForViews.every((inode) => !now.has(inode));
    }, 20_000);
    await expect(logs.requests['logs.window']({ session: opened[0]!.session, filter: { stream: 'both' }, start: 0, count: 1 })).rejects.toThrow(/closed/);
  });
});
