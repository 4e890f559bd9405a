/**
 * Berth's service behind both transports: the engine registry, Berth's own
 * requests (the engine list), each engine's handlers by id, and the file
 * transfers of every engine behind the app's one /files/ route.
 */
import { requireConfirmed } from '#shared/confirm';
import type { Service, StreamSink } from '#shared/handlers';
import type { AppStreamMessage } from '#shared/contract';
import type { TransferHandler } from './app-files';
import { pinsFile } from './engine/cleanup/pins';
import { Transfers } from './engine/files/transfers';
import { discoverEngines, discoveryFolders } from './engines/discover';
import { machine } from './engines/machine';
import { EngineRegistry, type RegistryOptions } from './engines/registry';
import { testConnection } from './engine/probe';
import { watchFolders } from './engines/watch';
import { defaultSettingsDir, settingsFile } from './engines/settings';
import { dockerConfigDir } from './registries/docker-config';
import { CredentialStore } from './registries/store';
import { join } from 'node:path';

export interface BerthService {
  service: Service;
  registry: EngineRegistry;
  /** Downloads and uploads under /files/, whichever engine issued their ticket. */
  transfers: TransferHandler;
  stop(): Promise<void>;
}

export interface BerthServiceOptions extends Partial<RegistryOptions> {
  /** The user's registry credentials; browser mode's default reads the docker CLI's and keeps new ones only for the session. */
  credentials?: CredentialStore;
}

export function createBerthService({ credentials: given, ...options }: BerthServiceOptions = {}): BerthService {
  const office = new Transfers();
  const credentials = given ?? new CredentialStore({ configDir: dockerConfigDir(), secretPath: join(defaultSettingsDir(), 'credentials.json') });
  // Whoever brings their own discovery (a test) brings its own watch, if any: this machine's folders are not theirs.
  const discovery: Pick<RegistryOptions, 'discover' | 'watch'> = options.discover
    ? { discover: options.discover, watch: options.watch }
    : { discover: () => discoverEngines(machine()), watch: (changed) => watchFolders(() => discoveryFolders(machine()), changed) };
  const registry = new EngineRegistry({
    settings: settingsFile(defaultSettingsDir()),
    ...options,
    ...discovery,
    // Pins sit beside the settings, in a file of their own: the engine list's writes never touch them.
    host: { pins: pinsFile(defaultSettingsDir()), ...options.host, transfers: office, credentials },
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
      'engines.retry': async ({ engine }) => {
        registry.retry(engine);
        return null;
      },
      'engines.remove': async ({ engine, confirmed }) => {
        await registry.remove(engine, confirmed);
        return null;
      },
      'registries.list': async () => ({ credentials: await credentials.list(), storage: await credentials.storage() }),
      'registries.logout': async ({ registry: name, confirmed }) => {
        // The dialog named the registry; nothing else goes with a logout.
        requireConfirmed(confirmed, { kind: 'login for', id: name, names: [name], also: [], alsoKind: '' });
        await credentials.erase(name);
        return null;
      },
    },
    streams: {
      engines: (_args, sink: StreamSink<AppStreamMessage<'engines'>>) => {
        // Each message is the whole list: a viewer without credit gets only the latest once it has some.
        let stale = false;
        const flush = () => {
          if (!stale || !sink.ready()) return;
          stale = false;
          sink.data({ engines: registry.list(), statuses: registry.statuses() });
        };
        sink.data({ engines: registry.list(), statuses: registry.statuses() });
        const offChange = registry.onChange(() => {
          stale = true;
          flush();
        });
        const offReady = sink.onReady(flush);
        return () => {
          offChange();
          offReady();
        };
      },
    },
    engine: (id) => registry.handlers(id),
  };
  return { service, registry, transfers: (request, body) => office.handle(request, body), stop: () => registry.stop() };
}
