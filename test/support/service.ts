/**
 * Berth's whole service around engines a test made itself: the real engine
 * list and its requests (over settings kept in memory), and the given
 * engines' handlers under their ids, as the dispatcher routes to them.
 */
import type { EngineHandlers, Service } from '#shared/handlers';
import type { AddedEngine, EngineSettings } from '../../electron/engines/settings';
import type { EngineService } from '../../electron/engine/handlers';
import type { EngineConfig } from '../../electron/engines/discover';
import { endpointFromEnvironment } from '../../electron/engines/machine';
import { createBerthService, type BerthService } from '../../electron/service';

/** The id tests give the engine they made (the local one, as discovery names it). */
export const TEST_ENGINE = 'default';

/** Settings that live as long as the test: nothing touches the user's settings file. */
export function memorySettings(initial: AddedEngine[] = []): EngineSettings & { saved: AddedEngine[] } {
  const store = {
    saved: [...initial],
    load: () => [...store.saved],
    save: (engines: readonly AddedEngine[]) => {
      store.saved = [...engines];
    },
  };
  return store;
}

export function serviceOf(engines: Record<string, EngineHandlers>): Service {
  const berth = createBerthService({ discover: () => [], settings: memorySettings() });
  return { ...berth.service, engine: (id) => (Object.hasOwn(engines, id) ? engines[id] : undefined) };
}

/** A service whose one engine is `handlers`, under TEST_ENGINE. */
export function oneEngine(handlers: EngineHandlers): Service {
  return serviceOf({ [TEST_ENGINE]: handlers });
}

/** Berth as it runs, over one engine: the local one (the docker CLI's choice from the test's environment), as TEST_ENGINE. */
export function localBerth(): BerthService & { local: EngineService } {
  const local: EngineConfig = { id: TEST_ENGINE, name: 'default', origin: 'default', current: true, url: endpointFromEnvironment().url, resolve: endpointFromEnvironment };
  const berth = createBerthService({ discover: () => [local], settings: memorySettings() });
  return { ...berth, local: berth.registry.get(TEST_ENGINE)! };
}
