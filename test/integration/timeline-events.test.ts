/**
 * The events timeline against the real engine: a change made with the CLI
 * arrives with its type, action, object and attributes; a window in the past
 * (since … until) is read and the stream ends by itself; a receiver without
 * credit is sent nothing until it grants some, then everything it missed at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamSink } from '#shared/handlers';
import { timelineStreams, type TimelineEvent } from '#shared/events-timeline';
import { Engine } from '../../electron/engine/engine';
import { timelineHandlers, type TimelineHandlers } from '../../electron/engine/timeline/handlers';
import { endpointFromEnvironment } from '../../electron/engines/machine';
import { createContainer, docker, sweep, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, uniqueName, waitConnected, waitFor } from './helpers';

let engine: Engine;
let timeline: TimelineHandlers;

interface Viewer {
  events: TimelineEvent[];
  messages: number;
  dropped: number;
  ended: { error: unknown } | null;
  credit: boolean;
  grant(): void;
  close(): void;
}

function open(args: { since?: number; until?: number }, credit = true): Viewer {
  const listeners = new Set<() => void>();
  const viewer: Viewer = {
    events: [],
    messages: 0,
    dropped: 0,
    ended: null,
    credit,
    grant() {
      viewer.credit = true;
      for (const listener of listeners) listener();
    },
    close: () => undefined,
  };
  const sink: StreamSink<{ events: TimelineEvent[]; dropped: number }> = {
    data: (message) => {
      viewer.messages++;
      viewer.events.push(...message.events);
      viewer.dropped += message.dropped;
    },
    end: (error) => {
      viewer.ended = { error };
    },
    ready: () => viewer.credit,
    onReady: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  viewer.close = timeline.streams['events.timeline'](timelineStreams['events.timeline'].args.parse(args), sink);
  return viewer;
}

beforeAll(async () => {
  await sweep();
  engine = new Engine({ resolveEndpoint: endpointFromEnvironment });
  engine.start();
  await waitConnected(engine);
  timeline = timelineHandlers(engine);
});

afterAll(async () => {
  await engine?.stop();
  await sweep();
});

describe('events timeline', () => {
  it('shows a change made with the CLI, live, with its attributes', async () => {
    const viewer = open({});
    // The stream is open once the engine answers; an event of ours proves it is reading.
    const probe = uniqueName('probe');
    await waitFor('the live stream to read an event', async () => {
      await docker('volume', 'create', '--label', TEST_LABEL_ARG, probe).catch(() => undefined);
      await docker('volume', 'rm', probe).catch(() => undefined);
      return viewer.events.some((e) => e.type === 'volume' && e.id === probe);
    });
    const name = uniqueName('timeline');
    const id = await createContainer(name, ['--label', 'berth.colour=blue']);
    const created = await waitFor('the create event', () => viewer.events.find((e) => e.type === 'container' && e.action === 'create' && e.id === id));
    expect(created).toMatchObject({
      name,
      attributes: expect.objectContaining({ name, image: 'berth-test/busybox:latest', 'berth.colour': 'blue', [TEST_LABEL]: TEST_RUN }),
    });
    expect(created.time).toBeGreaterThan(Date.now() - 60_000);
    await docker('rm', id);
    await waitFor('the destroy event', () => viewer.events.find((e) => e.action === 'destroy' && e.id === id));
    viewer.close();
    expect(viewer.ended).toBeNull();
  });

  it('reads a window in the past and ends at its end', async () => {
    const since = Date.now() - 1000;
    const volume = uniqueName('window');
    await docker('volume', 'create', '--label', TEST_LABEL_ARG, volume);
    await docker('volume', 'rm', volume);
    const viewer = open({ since, until: Date.now() + 1000 });
    await waitFor('the stream to end at its until', () => viewer.ended);
    expect(viewer.ended?.error).toBeUndefined();
    const ours = viewer.events.filter((e) => e.id === volume).map((e) => `${e.type} ${e.action}`);
    expect(ours).toEqual(['volume create', 'volume destroy']);
    // Nothing outside the window.
    expect(viewer.events.every((e) => e.time >= since - 1000)).toBe(true);
  });

  it('sends a receiver without credit nothing while it reads, then what it held in one message', async () => {
    const since = Date.now() - 1000;
    const names = [uniqueName('credit-a'), uniqueName('credit-b'), uniqueName('credit-c')];
    for (const name of names) await docker('volume', 'create', '--label', TEST_LABEL_ARG, name);
    await docker('volume', 'rm', ...names);
    // Ended by its `until` without ever having credit: its last words are the only message.
    const starved = open({ since, until: Date.now() + 1000 }, false);
    await waitFor('the window to be read', () => starved.ended);
    expect(starved.messages).toBe(1);
    expect(starved.events.filter((e) => names.includes(e.id))).toHaveLength(6);
    expect(starved.dropped).toBe(0);

    // A live one is sent what it held once it grants credit.
    const live = open({ since }, false);
    live.grant();
    await waitFor('the held events', () => live.events.filter((e) => names.includes(e.id)).length === 6);
    live.close();
    expect(live.ended).toBeNull();
  });
});
