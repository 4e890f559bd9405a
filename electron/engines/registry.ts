/**
 * The engine registry: one Engine (with its own connection, state, event
 * stream, back-off and handlers) per engine Berth knows, created, restarted
 * and disposed while Berth runs. Engines never share anything, so one that
 * is slow or gone cannot stall another.
 */
import { confirmationMatches, type Confirmed } from '#shared/confirm';
import type { EngineConnection, EngineEntry } from '#shared/engines';
import type { EngineHandlers } from '#shared/handlers';
import type { EngineStatus } from '#shared/model';
import { RemoteError } from '#shared/protocol';
import { endpointOfConnection } from '../engine/connection';
import type { EngineOptions } from '../engine/engine';
import { createEngineService, type EngineService, type ServiceHost } from '../engine/handlers';
import type { EngineConfig } from './discover';
import type { AddedEngine, EngineSettings } from './settings';

export interface RegistryOptions {
  /** The engines found on this machine (see discover.ts), read at start and again each time `watch` tells of a change. */
  discover(): EngineConfig[];
  /** Calls `changed` when discovery may find something else; returns how to stop. None: discovery runs once. */
  watch?(changed: () => void): () => void;
  settings: EngineSettings;
  host?: ServiceHost;
  /** Back-off bounds and the like, for every engine. */
  engine?: Omit<EngineOptions, 'resolveEndpoint'>;
}

interface Live {
  config: EngineConfig;
  service: EngineService;
  /** Stops telling the list's listeners of this engine's status changes. */
  offStatus: () => void;
}

function configOfAdded(added: AddedEngine): EngineConfig {
  return {
    id: added.id,
    name: added.name,
    origin: 'added',
    current: false,
    url: added.connection.url,
    resolve: () => endpointOfConnection(added.connection, `added engine "${added.name}"`),
  };
}

/** An id for a new engine: its name made safe, unique among the engines there are. */
function newId(name: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().replace(/[^a-z0-9_.+-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 48) || 'engine';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

export class EngineRegistry {
  private readonly live = new Map<string, Live>();
  private added: AddedEngine[] = [];
  private readonly listeners = new Set<(engines: EngineEntry[]) => void>();
  private started = false;
  private unwatch: (() => void) | undefined;

  constructor(private readonly options: RegistryOptions) {}

  /** Connects to every engine found and every engine the user added. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const config of this.options.discover()) this.open(config);
    this.added = this.options.settings.load();
    for (const added of this.added) {
      // An added engine whose id a discovered one now has (a new context of that name) yields: the CLI's comes first.
      if (!this.live.has(added.id)) this.open(configOfAdded(added));
    }
    this.changed();
    this.unwatch = this.options.watch?.(() => void this.rediscover());
  }

  /**
   * Discovery again: engines found since are opened, discovered ones no
   * longer found are closed (their streams end, saying so), and one whose
   * address or name changed is opened anew. Engines the user added stay.
   */
  async rediscover(): Promise<void> {
    if (!this.started) return;
    const found = new Map(this.options.discover().map((config) => [config.id, config]));
    const closing: EngineService[] = [];
    for (const [id, live] of this.live) {
      if (live.config.origin === 'added') continue;
      const now = found.get(id);
      if (now && now.url === live.config.url) {
        live.config = { ...live.config, name: now.name, current: now.current };
        continue;
      }
      this.close(id);
      closing.push(live.service);
    }
    for (const [id, config] of found) if (!this.live.has(id)) this.open(config);
    this.changed();
    await Promise.all(closing.map((service) => service.stop()));
  }

  list(): EngineEntry[] {
    return [...this.live.values()].map(({ config }) => ({
      id: config.id,
      name: config.name,
      url: config.url,
      origin: config.origin,
      current: config.current,
    }));
  }

  /** Each engine's connection now, by id. */
  statuses(): Record<string, EngineStatus> {
    return Object.fromEntries([...this.live].map(([id, { service }]) => [id, service.engine.status]));
  }

  /** The engine Berth opens on: the docker CLI's choice. */
  current(): EngineService | undefined {
    for (const live of this.live.values()) if (live.config.current) return live.service;
    return undefined;
  }

  get(id: string): EngineService | undefined {
    return this.live.get(id)?.service;
  }

  handlers(id: string): EngineHandlers | undefined {
    return this.live.get(id)?.service.service;
  }

  services(): EngineService[] {
    return [...this.live.values()].map((live) => live.service);
  }

  onChange(listener: (engines: EngineEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps the engine in the settings file, then connects to it. */
  add(name: string, connection: EngineConnection): EngineEntry {
    const added: AddedEngine = { id: newId(name, (id) => this.live.has(id)), name, connection };
    this.saveAdded([...this.added, added]);
    this.open(configOfAdded(added));
    this.changed();
    return this.list().find((entry) => entry.id === added.id)!;
  }

  rename(id: string, name: string): void {
    const added = this.addedEngine(id, 'renamed');
    const renamed = { ...added, name };
    this.saveAdded(this.added.map((a) => (a.id === id ? renamed : a)));
    const live = this.live.get(id)!;
    live.config = { ...live.config, name };
    this.changed();
  }

  retry(id: string): void {
    const live = this.live.get(id);
    if (!live) throw new RemoteError({ code: 'not-found', message: `Berth has no engine "${id}"` });
    live.service.engine.retryNow();
  }

  /** Forgets an added engine and disconnects from it; nothing on the engine itself changes. */
  async remove(id: string, confirmed: Confirmed): Promise<void> {
    const added = this.addedEngine(id, 'removed');
    if (!confirmationMatches(confirmed.name, { id, names: [added.name] })) {
      throw new RemoteError({ code: 'unconfirmed', message: `The confirmation named "${confirmed.name}", not the engine "${added.name}"` });
    }
    this.saveAdded(this.added.filter((a) => a.id !== id));
    const live = this.live.get(id);
    this.close(id);
    this.changed();
    await live?.service.stop();
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    const services = this.services();
    for (const id of [...this.live.keys()]) this.close(id);
    await Promise.all(services.map((service) => service.stop()));
  }

  private addedEngine(id: string, verb: string): AddedEngine {
    const added = this.added.find((a) => a.id === id);
    if (added && this.live.get(id)?.config.origin === 'added') return added;
    if (this.live.has(id)) {
      throw new RemoteError({ code: 'bad-request', message: `Only engines added in Berth can be ${verb}; "${id}" comes from the docker CLI's setup` });
    }
    throw new RemoteError({ code: 'not-found', message: `Berth has no engine "${id}"` });
  }

  private saveAdded(added: AddedEngine[]): void {
    this.options.settings.save(added);
    this.added = added;
  }

  private open(config: EngineConfig): void {
    const service = createEngineService({ ...this.options.engine, resolveEndpoint: config.resolve }, this.options.host);
    // The list's listeners hear of each engine's status too (the engines stream carries it).
    const offStatus = service.engine.onStatus(() => this.changed());
    this.live.set(config.id, { config, service, offStatus });
  }

  private close(id: string): void {
    this.live.get(id)?.offStatus();
    this.live.delete(id);
  }

  private changed(): void {
    const engines = this.list();
    for (const listener of this.listeners) listener(engines);
  }
}
