/**
 * For the integration tests: the docker CLI helpers, and waiting on Berth's state.
 */
import type { Engine } from '../../electron/engine/engine';
import type { ResourceKind, ResourceOf } from '#shared/model';

export * from '../support/docker';

type Falsy = undefined | null | false;

/**
 * Resolves with the probe's value once it is neither undefined, null nor
 * false; rejects after `timeoutMs` with what was last seen. An async probe
 * is awaited (a pending promise is not an answer).
 */
export async function waitFor<T>(what: string, probe: () => T | Falsy | Promise<T | Falsy>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function item<K extends ResourceKind>(engine: Engine, kind: K, id: string): ResourceOf[K] | undefined {
  return engine.store.get(kind, id);
}

export function waitConnected(engine: Engine, timeoutMs = 15_000): Promise<true> {
  return waitFor('the engine to connect', () => engine.status.state === 'connected', timeoutMs);
}
