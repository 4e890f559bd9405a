/**
 * Re-reads the objects that engine events name, and nothing else. Events in
 * one burst are coalesced per object: an object is inspected at most once at
 * a time, and events that arrive meanwhile fold into a single re-read after
 * it. A removal wins over a read in flight, so a late inspect can never
 * resurrect a container that was just destroyed.
 */
import type { ResourceKind } from '#shared/model';
import type { EventTarget } from './events';

export interface RefreshHandlers {
  /** Inspect the object and store it unless `isCurrent()` has turned false meanwhile; a 404 removes it. */
  refresh(kind: ResourceKind, ref: string, isCurrent: () => boolean): Promise<void>;
  remove(kind: ResourceKind, ref: string): void;
}

interface KeyState {
  queued: boolean;
  running: boolean;
  /** Another read was asked for while one ran. */
  again: boolean;
  /** Bumped by every removal: a read started under an older generation is discarded. */
  generation: number;
}

const MAX_CONCURRENT = 16;

export class Refresher {
  private readonly keys = new Map<string, KeyState>();
  private readonly queue: Array<{ kind: ResourceKind; ref: string }> = [];
  private running = 0;
  private paused = false;
  private scheduled = false;

  constructor(private readonly handlers: RefreshHandlers) {}

  /** While paused (a resync is listing everything), events queue and run after. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  /** Forget everything queued (the engine went away; a resync will follow). */
  clear(): void {
    this.queue.length = 0;
    for (const [key, state] of this.keys) {
      state.again = false;
      state.queued = false;
      state.generation++;
      if (!state.running) this.keys.delete(key);
    }
  }

  /** Whether a read of the object is queued or under way. */
  pending(kind: ResourceKind, ref: string): boolean {
    return this.keys.has(`${kind}:${ref}`);
  }

  push(target: EventTarget): void {
    const key = `${target.kind}:${target.ref}`;
    let state = this.keys.get(key);
    if (!state) {
      state = { queued: false, running: false, again: false, generation: 0 };
      this.keys.set(key, state);
    }
    if (target.op === 'remove') {
      state.generation++;
      state.again = false;
      this.handlers.remove(target.kind, target.ref);
      if (!state.running && !state.queued) this.keys.delete(key);
      return;
    }
    if (state.running) {
      state.again = true;
      return;
    }
    if (!state.queued) {
      state.queued = true;
      this.queue.push({ kind: target.kind, ref: target.ref });
    }
    this.schedule();
  }

  /** Work runs on the next turn so that a burst read from one socket chunk coalesces first. */
  private schedule(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (!this.paused && this.running < MAX_CONCURRENT && this.queue.length > 0) {
      const next = this.queue.shift();
      if (next) this.run(next.kind, next.ref);
    }
  }

  private run(kind: ResourceKind, ref: string): void {
    const key = `${kind}:${ref}`;
    const state = this.keys.get(key);
    if (!state) return;
    state.queued = false;
    state.running = true;
    state.again = false;
    this.running++;
    const generation = state.generation;
    const isCurrent = () => state.generation === generation;
    this.handlers
      .refresh(kind, ref, isCurrent)
      .catch((error: unknown) => console.warn(`berth: could not refresh ${key}:`, error))
      .finally(() => {
        this.running--;
        state.running = false;
        if (state.again) {
          state.again = false;
          state.queued = true;
          this.queue.push({ kind, ref });
        } else if (!state.queued) {
          this.keys.delete(key);
        }
        this.schedule();
      });
  }
}
