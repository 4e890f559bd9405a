/**
 * The engine connection: plain Node and dockerode, no Electron. On connect it
 * lists everything once; after that it follows the engine's event stream and
 * re-reads only the objects events name. When the engine goes away it says
 * why, retries with back-off, and on reconnect resyncs and resumes the event
 * stream from the last event it saw, so no transition is missed.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { EngineMetrics } from '#shared/contract';
import { KIND_NAMES, type ResourceKind } from '#shared/kinds';
import type { EngineInfo, EngineStatus } from '#shared/model';
import { dockerClient, type DockerClient } from './connection';
import type { ResolvedEndpoint } from './endpoint';
import { statusCodeOf, unavailableMessage } from './errors';
import { EVENT_TYPES, eventSince, eventTarget, type EngineEvent } from './events';
import { attachmentChange } from './networks/attachments';
import { ENGINE_KINDS } from './kinds';
import { Refresher } from './refresher';
import { ResourceStore } from './resource-store';

export interface EngineOptions {
  /** Chooses the endpoint; called on every connection attempt, so a changed context is picked up. */
  resolveEndpoint(): ResolvedEndpoint;
  /** Back-off bounds for reconnecting, in ms. */
  minRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * How long version and info may take: doubling with each failed attempt in
 * a row, so an engine that is only slow (Podman's info takes seconds on a
 * busy machine, an ssh handshake too) is reached on a later attempt instead
 * of timing out on every one, while a first attempt still reports soon.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const MAX_CONNECT_TIMEOUT_MS = 40_000;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface InfoJson {
  Name?: string;
  KernelVersion?: string;
  OperatingSystem?: string;
  NCPU?: number;
  MemTotal?: number;
  Driver?: string;
  CgroupVersion?: string;
  DockerRootDir?: string;
}
export interface VersionJson {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

export class Engine {
  readonly store = new ResourceStore();
  private docker: Docker | undefined;
  /** The client of the current attempt, closed (its sockets and ssh processes ended) before the next and on stop. */
  private connection: DockerClient | undefined;
  private endpoint: ResolvedEndpoint = { url: '(not chosen yet)', source: 'default' };
  private currentStatus: EngineStatus;
  private readonly statusListeners = new Set<(status: EngineStatus) => void>();
  private readonly inspectListeners = new Set<(kind: ResourceKind, ref: string) => void>();
  private readonly refresher: Refresher;
  private events: Readable | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  /** `since` for the next event stream: the last event seen, or the engine's time at the last connect. */
  private since: string | undefined;
  private stopped = false;
  private readonly counters: EngineMetrics = { lists: 0, inspects: 0, events: 0, connects: 0 };
  private readonly minRetryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: EngineOptions) {
    this.minRetryMs = options.minRetryMs ?? 500;
    this.maxRetryMs = options.maxRetryMs ?? 10_000;
    this.currentStatus = { state: 'connecting', endpoint: this.publicEndpoint() };
    this.refresher = new Refresher({
      refresh: (kind, ref, isCurrent) => this.refreshOne(kind, ref, isCurrent),
      remove: (kind, ref) => this.store.remove(kind, ref),
    });
  }

  get status(): EngineStatus {
    return this.currentStatus;
  }

  metrics(): EngineMetrics {
    return { ...this.counters };
  }

  /**
   * Told of every inspect an event caused, by object: a count of one
   * object's reads holds whatever else shares the engine (the total in
   * metrics() counts every other client's objects too).
   */
  onInspect(listener: (kind: ResourceKind, ref: string) => void): () => void {
    this.inspectListeners.add(listener);
    return () => this.inspectListeners.delete(listener);
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The dockerode client, for actions; throws a clear error when not connected. */
  /** Re-reads one object as if an event had named it: for a change the engine sends no event for (a stopped container connected to a network). */
  reread(kind: ResourceKind, ref: string): void {
    this.refresher.push({ kind, ref, op: 'refresh' });
  }

  client(): Docker {
    if (!this.docker || this.currentStatus.state !== 'connected') {
      const why = this.currentStatus.state === 'unavailable' ? this.currentStatus.error : `Not connected to ${this.endpoint.url} yet`;
      throw Object.assign(new Error(why), { code: 'ENOTCONNECTED' });
    }
    return this.docker;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.refresher.clear();
    this.closeEvents();
    this.closeConnection();
  }

  private closeConnection(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  /** The user asked: an unavailable engine tries again now (its back-off keeps counting); a connecting or connected one is left alone. */
  retryNow(): void {
    if (this.stopped || this.currentStatus.state !== 'unavailable') return;
    clearTimeout(this.retryTimer);
    void this.connect();
  }

  private publicEndpoint() {
    return { url: this.endpoint.url, source: this.endpoint.source };
  }

  private setStatus(status: EngineStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.attempt++;
    try {
      this.closeConnection();
      this.endpoint = this.options.resolveEndpoint();
      this.connection = dockerClient(this.endpoint);
      this.docker = this.connection.docker;
    } catch (error) {
      this.fail(error);
      return;
    }
    this.setStatus({ state: 'connecting', endpoint: this.publicEndpoint() });
    const docker = this.docker;
    // False once this attempt has failed (its other half may still be under way) or the engine stopped.
    let current = true;
    const isCurrent = () => current && !this.stopped;
    try {
      // Events wait in the refresher until the lists are in.
      this.refresher.pause();
      // Who the engine is, and what it holds, at once: on a cold start the
      // lists are on the critical path and need not wait for version and
      // info. The lists follow the event stream's opening (`since` the last
      // event seen, or from now), so nothing that happens between is lost.
      const [[version, info]] = await Promise.all([
        withTimeout(
          Promise.all([docker.version() as Promise<VersionJson>, docker.info() as Promise<InfoJson>]),
          Math.min(MAX_CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS * 2 ** (this.attempt - 1)),
          'Connecting',
        ),
        this.openEvents(docker, this.since, isCurrent).then(() => this.resync(docker, isCurrent)),
      ]);
      if (!isCurrent()) return;
      this.counters.connects++;
      this.attempt = 0;
      this.setStatus({ state: 'connected', endpoint: this.publicEndpoint(), info: engineInfo(version, info) });
      this.readTimesOfListed();
      this.refresher.resume();
    } catch (error) {
      current = false;
      this.closeEvents();
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.refresher.clear();
    this.refresher.resume();
    const delay = Math.min(this.maxRetryMs, this.minRetryMs * 2 ** Math.max(0, this.attempt - 1));
    this.setStatus({
      state: 'unavailable',
      endpoint: this.publicEndpoint(),
      error: unavailableMessage(this.endpoint.url, error),
      attempt: this.attempt,
      retryAt: Date.now() + delay,
    });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private async openEvents(docker: Docker, since: string | undefined, isCurrent: () => boolean): Promise<void> {
    const query: { filters: string; since?: string } = { filters: JSON.stringify({ type: EVENT_TYPES }) };
    if (since) query.since = since;
    // The engine takes `since` as "seconds.nanoseconds"; dockerode's typing says number only.
    const stream = (await docker.getEvents(query as unknown as Docker.GetEventsOptions)) as unknown as Readable;
    if (!isCurrent()) {
      // Its attempt failed or the engine stopped while the stream was opening: nobody would close it.
      stream.destroy();
      throw new Error('the connection attempt was abandoned');
    }
    this.events = stream;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => this.onEventLine(line));
    // readline re-emits the input's errors (a dropped socket is "aborted"); unhandled, they would crash.
    lines.on('error', (error) => onEnd(error));
    let ended = false;
    const onEnd = (error?: unknown) => {
      if (ended) return;
      ended = true;
      lines.close();
      if (this.events !== stream || this.stopped) return; // closed on purpose
      this.events = undefined;
      this.fail(error ?? new Error('the engine closed the event stream'));
    };
    stream.on('error', onEnd);
    stream.on('close', () => onEnd());
    stream.on('end', () => onEnd());
  }

  private closeEvents(): void {
    const stream = this.events;
    this.events = undefined;
    stream?.destroy();
  }

  private onEventLine(line: string): void {
    if (!line.trim()) return;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    this.counters.events++;
    this.since = eventSince(event) ?? this.since;
    const target = eventTarget(event);
    if (target) {
      this.refresher.push(target);
      return;
    }
    const attachment = attachmentChange(event, (id) => this.store.get('container', id));
    // A read already under way may have started before the change: it reads again after, rather than the change be lost under it.
    if (attachment?.op === 'apply' && !this.refresher.pending('container', attachment.item.id)) this.store.upsert('container', attachment.item);
    else if (attachment) this.refresher.push({ kind: 'container', ref: attachment.op === 'apply' ? attachment.item.id : attachment.id, op: 'refresh' });
  }

  private async resync(docker: Docker, isCurrent: () => boolean): Promise<void> {
    this.counters.lists += KIND_NAMES.length;
    const lists = await Promise.all(KIND_NAMES.map(async (kind) => ({ kind, items: await ENGINE_KINDS[kind].list(docker) })));
    if (!isCurrent()) return;
    for (const { kind, items } of lists) this.store.replaceAll(kind, items);
  }

  /**
   * The list gives a container's status only as text ("Up 3 minutes"), which
   * goes stale; its start and finish times come from inspect. Read them once,
   * in the background (behind any event's read, a couple at a time), for the
   * containers that have any (never-started ones have none).
   */
  private readTimesOfListed(): void {
    for (const container of this.store.snapshot().containers) {
      if (container.state !== 'created' && container.startedAt === null) {
        this.refresher.push({ kind: 'container', ref: container.id, op: 'refresh' }, { background: true });
      }
    }
  }

  private async refreshOne(kind: ResourceKind, ref: string, isCurrent: () => boolean): Promise<void> {
    const docker = this.docker;
    if (!docker) return;
    this.counters.inspects++;
    for (const listener of this.inspectListeners) listener(kind, ref);
    try {
      const item = await ENGINE_KINDS[kind].inspect(docker, ref);
      if (isCurrent()) this.store.upsert(kind, item);
    } catch (error) {
      // Gone before we could read it: a removal the engine told us about only by its absence.
      if (statusCodeOf(error) === 404) this.store.remove(kind, ref);
      // A read cut off by the engine going away needs no report: the resync on reconnect covers it.
      else if (this.currentStatus.state === 'connected' && this.events) throw error;
    }
  }
}

export function engineInfo(version: VersionJson, info: InfoJson): EngineInfo {
  return {
    version: version.Version ?? '',
    apiVersion: version.ApiVersion ?? '',
    os: version.Os ?? '',
    arch: version.Arch ?? '',
    kernelVersion: info.KernelVersion ?? '',
    operatingSystem: info.OperatingSystem ?? '',
    name: info.Name ?? '',
    cpus: info.NCPU ?? 0,
    memoryBytes: info.MemTotal ?? 0,
    storageDriver: info.Driver ?? '',
    cgroupVersion: info.CgroupVersion ?? '',
    rootDir: info.DockerRootDir ?? '',
  };
}
