/**
 * Re-reads the objects that engine events name, and nothing else. Events in
 * one burst are coalesced per object: an object is inspected at most once at
 * a time, and events that arrive meanwhile fold into a single re-read after
 * it. A removal wins over a read in flight, so a late inspect can never
 * resurrect a container that was just destroyed. Reads nothing waits on
 * (the start times of every listed container after a connect) go in the
 * background: at most a couple at a time, and only while no event's read is
 * queued, so an event just after a connect is not read behind a thousand of
 * them.
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
  /** Queued in the background queue, not yet wanted by an event. */
  background: boolean;
  running: boolean;
  /** Another read was asked for while one ran. */
  again: boolean;
  /** Bumped by every removal: a read started under an older generation is discarded. */
  generation: number;
}

const MAX_CONCURRENT = 16;
/** Background reads at once: enough to finish in time, few enough to leave the engine (and main) to what the user is doing. */
const MAX_BACKGROUND = 2;

export class Refresher {
  private readonly keys = new Map<string, KeyState>();
  private readonly queue: Array<{ kind: ResourceKind; ref: string }> = [];
  private readonly later: Array<{ kind: ResourceKind; ref: string }> = [];
  private running = 0;
  private runningLater = 0;
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
    this.later.length = 0;
    for (const [key, state] of this.keys) {
      state.again = false;
      state.queued = false;
      state.background = false;
      state.generation++;
      if (!state.running) this.keys.delete(key);
    }
  }

  /** Whether a read of the object is queued or under way. */
  pending(kind: ResourceKind, ref: string): boolean {
    return this.keys.has(`${kind}:${ref}`);
  }

  /** An event's read (or removal); `background` for a read nothing waits on. */
  push(target: EventTarget, { background = false }: { background?: boolean } = {}): void {
    const key = `${target.kind}:${target.ref}`;
    let state = this.keys.get(key);
    if (!state) {
      state = { queued: false, background: false, running: false, again: false, generation: 0 };
      this.keys.set(key, state);
    }
    if (target.op === 'remove') {
      state.generation++;
      state.again = false;
      if (state.background) {
        // Its place in the background queue is skipped when reached: the read is off.
        state.background = false;
        state.queued = false;
      }
      this.handlers.remove(target.kind, target.ref);
      if (!state.running && !state.queued) this.keys.delete(key);
      return;
    }
    if (state.running) {
      // A read under way already covers a background wish; an event's needs one after it.
      if (!background) state.again = true;
      return;
    }
    if (state.queued && !(state.background && !background)) return this.schedule();
    // Not queued, or queued in the background and now wanted by an event: to the front queue.
    state.queued = true;
    state.background = background;
    (background ? this.later : this.queue).push({ kind: target.kind, ref: target.ref });
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
      if (next) this.run(next.kind, next.ref, false);
    }
    while (!this.paused && this.queue.length === 0 && this.running < MAX_CONCURRENT && this.runningLater < MAX_BACKGROUND && this.later.length > 0) {
      const next = this.later.shift();
      if (!next) break;
      // Moved to the front queue by an event since, or removed: nothing to do here.
      if (this.keys.get(`${next.kind}:${next.ref}`)?.background === true) this.run(next.kind, next.ref, true);
    }
  }

  private run(kind: ResourceKind, ref: string, background: boolean): void {
    const key = `${kind}:${ref}`;
    const state = this.keys.get(key);
    if (!state) return;
    state.queued = false;
    state.background = false;
    state.running = true;
    state.again = false;
    this.running++;
    if (background) this.runningLater++;
    const generation = state.generation;
    const isCurrent = () => state.generation === generation;
    this.handlers
      .refresh(kind, ref, isCurrent)
      .catch((error: unknown) => console.warn(`berth: could not refresh ${key}:`, error))
      .finally(() => {
        this.running--;
        if (background) this.runningLater--;
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
