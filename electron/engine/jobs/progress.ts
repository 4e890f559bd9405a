/**
 * The engine's pull and push progress lines ("Downloading", "Pull complete",
 * "Layer already exists", …) read into one state per layer, the bytes over
 * every layer, and a smoothed speed with the time left. Pure: the job feeds
 * it each JSON line and reads the result.
 */
import type { JobLayer, LayerState } from '#shared/jobs';

/** One line of the engine's JSON progress stream. */
export interface ProgressLine {
  id?: string;
  status?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
  aux?: { ID?: string; Digest?: string };
}

/** The engine's status words, by the state they put a layer in. */
function stateOf(status: string): LayerState | null {
  const s = status.toLowerCase();
  if (s === 'pulling fs layer' || s === 'waiting' || s === 'preparing') return 'waiting';
  if (s === 'downloading') return 'downloading';
  if (s === 'verifying checksum' || s === 'download complete') return 'verifying';
  if (s === 'extracting') return 'extracting';
  if (s === 'pull complete' || s === 'pushed') return 'done';
  if (s === 'already exists' || s === 'layer already exists' || s.startsWith('mounted from')) return 'exists';
  if (s === 'pushing') return 'uploading';
  return null;
}

interface LayerBytes extends JobLayer {
  /** Bytes moved over the wire (downloading or uploading), kept while it extracts. */
  moved: number;
  /** The layer's size over the wire, once known. */
  size: number;
  /** Where a resumed download started: the engine then counts from 0 of what is left (moby's pull_v2 `size-offset`). */
  offset: number;
}

/** Speed is an average over this window, so a burst or a stall moves it smoothly. */
const SPEED_WINDOW_MS = 3_000;

export class LayerProgress {
  private readonly layers = new Map<string, LayerBytes>();
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  /** Applies one line; true when it concerned a layer (the caller logs the rest). */
  apply(line: ProgressLine, now: number): boolean {
    const state = line.status === undefined ? null : stateOf(line.status);
    if (line.id === undefined || state === null) return false;
    const layer = this.layers.get(line.id) ?? { id: line.id, state, current: 0, total: 0, moved: 0, size: 0, offset: 0 };
    layer.state = state;
    const detail = line.progressDetail;
    if (state === 'downloading' || state === 'uploading') {
      const total = detail?.total ?? 0;
      if (total > 0) {
        if (total > layer.size) layer.size = total;
        layer.offset = layer.size - total;
      }
      layer.moved = layer.offset + (detail?.current ?? layer.moved - layer.offset);
      layer.current = layer.moved;
      layer.total = layer.size;
    } else if (state === 'extracting') {
      layer.current = detail?.current ?? layer.current;
      layer.total = detail?.total ?? layer.total;
      if (layer.size === 0 && layer.total > 0) layer.size = layer.total;
      layer.moved = layer.size;
    } else if (state === 'verifying' || state === 'done') {
      layer.moved = layer.size;
      layer.current = layer.total;
    } else {
      layer.current = 0;
      layer.total = 0;
    }
    this.layers.set(line.id, layer);
    this.sample(now);
    return true;
  }

  private sample(now: number): void {
    const bytes = this.bytes().current;
    this.samples.push({ at: now, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? now) < now - SPEED_WINDOW_MS) this.samples.shift();
  }

  list(): JobLayer[] {
    return [...this.layers.values()].map(({ id, state, current, total }) => ({ id, state, current, total }));
  }

  /** Bytes moved over the layers whose size is known, of their sum; layers that already exist count for nothing. */
  bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      if (layer.size === 0) continue;
      current += layer.moved;
      total += layer.size;
    }
    return { current, total };
  }

  /** Bytes per second over the last few seconds; null before two samples span any time. */
  speed(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return null;
    return Math.max(0, (last.bytes - first.bytes) / ((last.at - first.at) / 1000));
  }

  /** Seconds left at the current speed; null while the speed or the sizes are unknown. */
  eta(): number | null {
    const speed = this.speed();
    const { current, total } = this.bytes();
    if (speed === null || speed === 0 || total === 0) return null;
    return Math.max(0, (total - current) / speed);
  }
}
