/**
 * One engine stats stream per container, however many viewers: every open
 * stream costs dockerd a sample a second, so the second Stats tab on the
 * same container (another window, a reconnecting renderer) joins the first
 * one's stream instead of opening its own. The engine stream is destroyed
 * when its last viewer leaves. The last few minutes of samples are kept
 * with the subscription, so a viewer that joins late draws a full chart.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { StatsSample } from '#shared/stats';
import { toRemoteError } from '../errors';
import { sampleFromStats, type StatsJson } from './formulas';

/** About three minutes at one sample a second. */
export const HISTORY_SAMPLES = 180;

export interface StatsViewer {
  /** The samples already seen, once, then each new one. */
  samples(samples: StatsSample[]): void;
  /** The stream ended: without an error when the container stopped. */
  end(error?: unknown): void;
}

interface Subscription {
  viewers: Set<StatsViewer>;
  history: StatsSample[];
  stream: Readable | undefined;
  closed: boolean;
}

export interface StatsHubCounters {
  streamsOpen: number;
  streamsOpened: number;
  viewers: number;
}

export class StatsHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private opened = 0;

  /** `client` gives the current engine connection (it changes on reconnect). */
  constructor(private readonly client: () => Docker) {}

  counters(): StatsHubCounters {
    let viewers = 0;
    let open = 0;
    for (const sub of this.subscriptions.values()) {
      viewers += sub.viewers.size;
      if (sub.stream) open++;
    }
    return { streamsOpen: open, streamsOpened: this.opened, viewers };
  }

  /** Adds a viewer of container `id` (its full id); returns the function that removes it. */
  subscribe(id: string, viewer: StatsViewer): () => void {
    let sub = this.subscriptions.get(id);
    if (!sub) {
      sub = { viewers: new Set(), history: [], stream: undefined, closed: false };
      this.subscriptions.set(id, sub);
      this.open(id, sub);
    } else if (sub.history.length > 0) {
      viewer.samples([...sub.history]);
    }
    sub.viewers.add(viewer);
    const joined = sub;
    return () => {
      if (!joined.viewers.delete(viewer)) return;
      if (joined.viewers.size === 0) this.close(id, joined);
    };
  }

  private open(id: string, sub: Subscription): void {
    let docker: Docker;
    try {
      docker = this.client();
    } catch (error) {
      // Let subscribe() return first, so the viewer is there to be told.
      queueMicrotask(() => this.fail(id, sub, toRemoteError('Could not read stats', error)));
      return;
    }
    this.opened++;
    docker
      .getContainer(id)
      .stats({ stream: true })
      .then((raw) => {
        const stream = raw as unknown as Readable;
        if (sub.closed) {
          stream.destroy();
          return;
        }
        sub.stream = stream;
        this.read(id, sub, stream);
      })
      .catch((error: unknown) => this.fail(id, sub, toRemoteError('Could not read stats', error)));
  }

  private read(id: string, sub: Subscription, stream: Readable): void {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (sub.closed || !line.trim()) return;
      let json: StatsJson;
      try {
        json = JSON.parse(line) as StatsJson;
      } catch {
        return;
      }
      // A container that is not running gets zeroed payloads with the zero time, forever: end there.
      if (!json.read || Date.parse(json.read) <= 0) {
        this.fail(id, sub, undefined);
        return;
      }
      const sample = sampleFromStats(json);
      sub.history.push(sample);
      if (sub.history.length > HISTORY_SAMPLES) sub.history.shift();
      for (const viewer of [...sub.viewers]) viewer.samples([sample]);
    });
    // readline re-emits the input's errors; unhandled they would crash main.
    lines.on('error', () => undefined);
    const ended = (error?: unknown) => {
      if (sub.closed) return;
      this.fail(id, sub, error === undefined ? undefined : toRemoteError('Stats stopped', error));
    };
    stream.on('error', ended);
    stream.on('end', () => ended());
    stream.on('close', () => ended());
  }

  /** Ends every viewer of a subscription (the container stopped, or the engine went away). */
  private fail(id: string, sub: Subscription, error: unknown): void {
    if (sub.closed) return;
    const viewers = [...sub.viewers];
    sub.viewers.clear();
    this.close(id, sub);
    for (const viewer of viewers) viewer.end(error);
  }

  private close(id: string, sub: Subscription): void {
    if (sub.closed) return;
    sub.closed = true;
    if (this.subscriptions.get(id) === sub) this.subscriptions.delete(id);
    const stream = sub.stream;
    sub.stream = undefined;
    stream?.destroy();
  }
}
