/**
 * Berth's service behind both transports: the engine registry, Berth's own
 * requests (the engine list), each engine's handlers by id, and the file
 * transfers of every engine behind the app's one /files/ route.
 */
import type { Service, StreamSink } from '#shared/handlers';
import type { AppStreamMessage } from '#shared/contract';
import type { TransferHandler } from './app-files';
import { pinsFile } from './engine/cleanup/pins';
import { Transfers } from './engine/files/transfers';
import { discoverEngines } from './engines/discover';
import { machine } from './engines/machine';
import { EngineRegistry, type RegistryOptions } from './engines/registry';
import { testConnection } from './engine/probe';
import { defaultSettingsDir, settingsFile } from './engines/settings';

export interface BerthService {
  service: Service;
  registry: EngineRegistry;
  /** Downloads and uploads under /files/, whichever engine issued their ticket. */
  transfers: TransferHandler;
  stop(): Promise<void>;
}

export function createBerthService(options: Partial<RegistryOptions> = {}): BerthService {
  const office = new Transfers();
  const registry = new EngineRegistry({
    discover: () => discoverEngines(machine()),
    settings: settingsFile(defaultSettingsDir()),
    ...options,
    // Pins sit beside the settings, in a file of their own: the engine list's writes never touch them.
    host: { pins: pinsFile(defaultSettingsDir()), ...options.host, transfers: office },
  });
  registry.start();
  const service: Service = {
    requests: {
      'engines.add': async ({ name, connection }) => registry.add(name, connection),
      'engines.test': ({ connection }) => testConnection(connection),
      'engines.rename': async ({ engine, name }) => {
        registry.rename(engine, name);
        return null;
      },
      'engines.remove': async ({ engine, confirmed }) => {
        await registry.remove(engine, confirmed);
        return null;
      },
    },
    streams: {
      engines: (_args, sink: StreamSink<AppStreamMessage<'engines'>>) => {
        sink.data({ engines: registry.list() });
        return registry.onChange((engines) => sink.data({ engines }));
      },
    },
    engine: (id) => registry.handlers(id),
  };
  return { service, registry, transfers: (request) => office.handle(request), stop: () => registry.stop() };
}
