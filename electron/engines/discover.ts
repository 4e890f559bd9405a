/**
 * Every engine the docker CLI knows on this machine, and the usual local
 * sockets of the engines people run beside it: the CLI's "default"
 * (DOCKER_HOST or the platform socket), each context in the context store,
 * then Docker Desktop's, Colima's, OrbStack's, Rancher Desktop's, rootless
 * Docker's and Podman's sockets (and their Windows pipes) when they exist.
 * The one the CLI would choose is marked current. Pure: the machine is passed
 * in, so the rules are unit-tested without touching it.
 */
import { dirname, join } from 'node:path';
import { EngineIdSchema, type EngineOrigin } from '#shared/engines';
import {
  configDir,
  contextStore,
  currentContextName,
  defaultContextEndpoint,
  fromContext,
  type EndpointInputs,
  type ResolvedEndpoint,
} from '../engine/endpoint';

export interface DiscoveryInputs extends EndpointInputs {
  /** The names in a folder, or [] when it does not exist. */
  listDir(path: string): string[];
  /** Whether a socket (or on Windows a named pipe) exists at this path. */
  exists(path: string): boolean;
}

/** An engine Berth can connect to: what the list shows, and where it is. */
export interface EngineConfig {
  id: string;
  name: string;
  origin: EngineOrigin;
  current: boolean;
  /** As the list shows it. */
  url: string;
  /** Where it is now: called on every connection attempt, so an edited context is picked up (and a broken one says why). */
  resolve(): ResolvedEndpoint;
}

function fixed(endpoint: ResolvedEndpoint): Pick<EngineConfig, 'url' | 'resolve'> {
  return { url: endpoint.url, resolve: () => endpoint };
}

/** A context is read again on each attempt; one whose store entry cannot be read still shows, unavailable with the reason. */
function fromStore(inputs: DiscoveryInputs, name: string): Pick<EngineConfig, 'url' | 'resolve'> {
  const resolve = () => fromContext(inputs, name);
  try {
    return { url: resolve().url, resolve };
  } catch {
    return { url: `(context "${name}")`, resolve };
  }
}

function contextNames(inputs: DiscoveryInputs): string[] {
  const meta = join(contextStore(inputs), 'meta');
  const names: string[] = [];
  for (const digest of inputs.listDir(meta)) {
    const text = inputs.readFile(join(meta, digest, 'meta.json'));
    if (!text) continue;
    try {
      const name = (JSON.parse(text) as { Name?: unknown }).Name;
      if (typeof name === 'string' && name && name !== 'default') names.push(name);
    } catch {
      // Not a context the CLI could read either.
    }
  }
  return names.sort();
}

interface KnownSocket {
  name: string;
  /** Stable and short: it appears in addresses. */
  id: string;
  path: string;
}

function knownSockets(inputs: DiscoveryInputs): KnownSocket[] {
  if (inputs.platform === 'win32') {
    const pipe = (name: string) => `\\\\.\\pipe\\${name}`;
    return [
      { id: 'docker-desktop', name: 'Docker Desktop', path: pipe('dockerDesktopLinuxEngine') },
      { id: 'podman', name: 'Podman', path: pipe('podman-machine-default') },
    ];
  }
  const home = inputs.homedir;
  const runtime = inputs.env.XDG_RUNTIME_DIR;
  const sockets: KnownSocket[] = [
    { id: 'docker-desktop', name: 'Docker Desktop', path: join(home, '.docker/run/docker.sock') },
    { id: 'docker-desktop-linux', name: 'Docker Desktop', path: join(home, '.docker/desktop/docker.sock') },
    { id: 'colima', name: 'Colima', path: join(home, '.colima/default/docker.sock') },
    { id: 'orbstack', name: 'OrbStack', path: join(home, '.orbstack/run/docker.sock') },
    { id: 'rancher-desktop', name: 'Rancher Desktop', path: join(home, '.rd/docker.sock') },
  ];
  if (runtime) {
    sockets.push(
      { id: 'rootless', name: 'Docker (rootless)', path: join(runtime, 'docker.sock') },
      { id: 'podman', name: 'Podman', path: join(runtime, 'podman/podman.sock') },
    );
  }
  sockets.push(
    { id: 'podman-machine', name: 'Podman machine', path: join(home, '.local/share/containers/podman/machine/podman.sock') },
    { id: 'podman-system', name: 'Podman (system)', path: '/run/podman/podman.sock' },
  );
  return sockets;
}

function socketUrl(inputs: DiscoveryInputs, path: string): string {
  return inputs.platform === 'win32' ? `npipe://${path.replaceAll('\\', '/')}` : `unix://${path}`;
}

/** An id for a context's name: the name itself when it is a valid id, else a safe spelling of it. */
function contextId(name: string): string {
  if (EngineIdSchema.safeParse(name).success) return name;
  const safe = name.replace(/[^A-Za-z0-9_.+-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'context';
  return `${safe}-${[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(36)}`;
}

export function discoverEngines(inputs: DiscoveryInputs): EngineConfig[] {
  const current = currentContextName(inputs);
  const engines: EngineConfig[] = [
    { id: 'default', name: 'default', origin: 'default', current: current === undefined, ...fixed(defaultContextEndpoint(inputs)) },
  ];
  const names = contextNames(inputs);
  // The CLI names a context that is not in the store: it fails, and so does Berth, visibly.
  if (current !== undefined && !names.includes(current)) names.push(current);
  for (const name of names) {
    engines.push({ id: contextId(name), name, origin: 'context', current: current === name, ...fromStore(inputs, name) });
  }
  const urls = new Set(engines.map((e) => e.url));
  for (const socket of knownSockets(inputs)) {
    const url = socketUrl(inputs, socket.path);
    if (urls.has(url) || !inputs.exists(socket.path) || engines.some((e) => e.id === socket.id)) continue;
    urls.add(url);
    engines.push({ id: socket.id, name: socket.name, origin: 'socket', current: false, ...fixed({ url, source: socket.name }) });
  }
  return engines;
}

/**
 * The folders whose change can change what discoverEngines finds: the CLI's
 * config folder (config.json's currentContext), the context store and each
 * context's own folder in it, and the folders the known sockets live in
 * (an engine that starts makes its socket there). Only those that exist.
 */
export function discoveryFolders(inputs: DiscoveryInputs): string[] {
  const meta = join(contextStore(inputs), 'meta');
  const folders = [configDir(inputs), contextStore(inputs), meta, ...inputs.listDir(meta).map((digest) => join(meta, digest))];
  for (const socket of knownSockets(inputs)) folders.push(dirname(socket.path));
  return [...new Set(folders)].filter((folder) => inputs.exists(folder));
}
