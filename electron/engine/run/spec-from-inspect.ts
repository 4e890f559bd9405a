/**
 * The inverse of create-body.ts: a container's inspect output (and its
 * image's, for the defaults) as the RunSpec that would make it again. What
 * merely repeats the image (its env, command, labels, user, working
 * directory) is left out, so the form shows what the user chose. Containers
 * made elsewhere (the CLI's `-v`, `--tmpfs`) are read too.
 */
import { emptyRunSpec, type MountSpec, type PortSpec, type RunSpec } from '#shared/run';

export interface ContainerConfigJson {
  Image?: string;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  Env?: string[] | null;
  User?: string;
  Hostname?: string;
  Labels?: Record<string, string> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  Volumes?: Record<string, unknown> | null;
}

export interface RunInspectJson {
  Id: string;
  Name: string;
  Config?: ContainerConfigJson;
  HostConfig?: {
    PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    PublishAllPorts?: boolean;
    Binds?: string[] | null;
    Mounts?: Array<{ Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }> | null;
    Tmpfs?: Record<string, string> | null;
    NetworkMode?: string;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    NanoCpus?: number;
    Memory?: number;
    AutoRemove?: boolean;
    Privileged?: boolean;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    ReadonlyRootfs?: boolean;
    SecurityOpt?: string[] | null;
    PidMode?: string;
    IpcMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    CgroupnsMode?: string;
    Devices?: Array<{ PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }> | null;
  };
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }> | null;
}

/** What the engine does when a setting is left empty, where that differs between engines. */
export interface EngineDefaults {
  /** The engine's cgroup namespace for a container that asks for none: the host's on cgroup v1. */
  cgroupns: 'host' | 'private';
}

export interface ImageConfigJson {
  Config?: ContainerConfigJson | null;
}

function sameArray(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function portsOf(json: RunInspectJson): PortSpec[] {
  const ports: PortSpec[] = [];
  for (const [key, bindings] of Object.entries(json.HostConfig?.PortBindings ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    if (protocol !== 'tcp' && protocol !== 'udp') continue; // sctp: not in the form
    for (const binding of bindings ?? []) {
      const hostPort = Number(binding.HostPort ?? '');
      ports.push({
        hostIp: binding.HostIp ?? '',
        hostPort: Number.isInteger(hostPort) && hostPort > 0 ? hostPort : null,
        containerPort: Number(port),
        protocol,
      });
    }
  }
  return ports;
}

/**
 * Every mount the container has, however it was asked for. A volume that was
 * anonymous keeps the name the engine gave it, so that recreating the
 * container mounts the same data rather than a new empty volume.
 */
function mountsOf(json: RunInspectJson): MountSpec[] {
  const actual = json.Mounts ?? [];
  const volumeAt = (target: string): string => actual.find((m) => m.Type === 'volume' && m.Destination === target)?.Name ?? '';
  const mounts: MountSpec[] = [];
  const targets = new Set<string>();
  const add = (mount: MountSpec): void => {
    if (targets.has(mount.target)) return;
    targets.add(mount.target);
    mounts.push(mount);
  };
  for (const bind of json.HostConfig?.Binds ?? []) {
    // source:target[:options]; a source without "/" names a volume.
    const [source = '', target = '', options = ''] = bind.split(':');
    const readOnly = options.split(',').includes('ro');
    if (source.startsWith('/')) add({ type: 'bind', source, target, readOnly });
    else add({ type: 'volume', source, target, readOnly });
  }
  for (const mount of json.HostConfig?.Mounts ?? []) {
    const target = mount.Target ?? '';
    const readOnly = mount.ReadOnly ?? false;
    if (mount.Type === 'bind') add({ type: 'bind', source: mount.Source ?? '', target, readOnly });
    else if (mount.Type === 'volume') add({ type: 'volume', source: mount.Source || volumeAt(target), target, readOnly });
    else if (mount.Type === 'tmpfs') add({ type: 'tmpfs', target, readOnly });
  }
  for (const [target, options] of Object.entries(json.HostConfig?.Tmpfs ?? {})) {
    add({ type: 'tmpfs', target, readOnly: options.split(',').includes('ro') });
  }
  // Anonymous volumes asked for with `-v /path` or declared by the image.
  for (const mount of actual) {
    if (mount.Type === 'volume' && mount.Destination && mount.Name) {
      add({ type: 'volume', source: mount.Name, target: mount.Destination, readOnly: mount.RW === false });
    }
  }
  return mounts;
}

function restartOf(json: RunInspectJson): RunSpec['restart'] {
  const policy = json.HostConfig?.RestartPolicy;
  switch (policy?.Name) {
    case 'on-failure':
      return { name: 'on-failure', maxRetries: policy.MaximumRetryCount ?? 0 };
    case 'always':
      return { name: 'always' };
    case 'unless-stopped':
      return { name: 'unless-stopped' };
    default:
      return { name: 'no' };
  }
}

function withoutCapPrefix(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}

/** A namespace mode the spec can hold: the host's, another container's (`container:<x>`), or one of `extra`. */
function namespaceOf(mode: string | undefined, extra: readonly string[] = []): string {
  if (mode === undefined) return '';
  return mode === 'host' || mode.startsWith('container:') || extra.includes(mode) ? mode : '';
}

export function specFromInspect(json: RunInspectJson, image: ImageConfigJson | null, engine: EngineDefaults): RunSpec {
  const config = json.Config ?? {};
  const host = json.HostConfig ?? {};
  const defaults = image?.Config ?? {};
  const spec = emptyRunSpec(config.Image ?? '');
  spec.name = json.Name.replace(/^\//, '');

  const entrypointIsImage = sameArray(config.Entrypoint, defaults.Entrypoint);
  spec.entrypoint = entrypointIsImage || !config.Entrypoint?.length ? null : [...config.Entrypoint];
  // The engine copies the image's command in only when the entrypoint is the image's own.
  const commandIsImage = entrypointIsImage && sameArray(config.Cmd, defaults.Cmd);
  spec.command = commandIsImage || !config.Cmd?.length ? null : [...config.Cmd];
  spec.workdir = config.WorkingDir && config.WorkingDir !== (defaults.WorkingDir ?? '') ? config.WorkingDir : '';
  const imageEnv = new Set(defaults.Env ?? []);
  spec.env = (config.Env ?? []).filter((line) => !imageEnv.has(line));
  spec.ports = portsOf(json);
  spec.publishAll = host.PublishAllPorts ?? false;
  spec.mounts = mountsOf(json);
  spec.network = !host.NetworkMode || host.NetworkMode === 'default' ? '' : host.NetworkMode;
  spec.restart = restartOf(json);
  spec.cpus = host.NanoCpus ? host.NanoCpus / 1e9 : null;
  spec.memoryBytes = host.Memory ? host.Memory : null;
  spec.user = config.User && config.User !== (defaults.User ?? '') ? config.User : '';
  // The engine's own default is the short id; on the host's network it is the host's name.
  const defaultHostname = spec.network === 'host' || host.UTSMode === 'host' || config.Hostname === json.Id.slice(0, 12);
  spec.hostname = config.Hostname && !defaultHostname ? config.Hostname : '';
  const imageLabels = defaults.Labels ?? {};
  spec.labels = Object.fromEntries(Object.entries(config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value));
  spec.autoRemove = host.AutoRemove ?? false;
  spec.tty = config.Tty ?? false;
  spec.stdin = config.OpenStdin ?? false;
  spec.privileged = host.Privileged ?? false;
  // The CLI sends "CAP_NET_ADMIN" for "NET_ADMIN"; the engine treats both alike.
  spec.capAdd = (host.CapAdd ?? []).map(withoutCapPrefix);
  spec.capDrop = (host.CapDrop ?? []).map(withoutCapPrefix);
  spec.readOnlyRootfs = host.ReadonlyRootfs ?? false;
  for (const option of host.SecurityOpt ?? []) {
    // The engine accepts both "key=value" and the older "key:value".
    const [key = '', value = ''] = option.split(/[=:](.*)/s);
    if (key === 'no-new-privileges') spec.noNewPrivileges = value === '' || value === 'true';
    else if (key === 'seccomp' && value === 'unconfined') spec.seccomp = 'unconfined';
    else if (key === 'apparmor') spec.apparmor = value;
    else if (key === 'label' && value === 'disable') spec.selinux = 'disabled';
  }
  spec.pid = namespaceOf(host.PidMode);
  // "private" and "shareable" are the engine's defaults (its default-ipc-mode): left out.
  spec.ipc = namespaceOf(host.IpcMode, ['none']);
  spec.uts = host.UTSMode === 'host' ? 'host' : '';
  spec.userns = host.UsernsMode === 'host' ? 'host' : '';
  // The engine writes its default in; only a choice other than that one was the user's.
  const cgroupns = host.CgroupnsMode;
  spec.cgroupns = (cgroupns === 'host' || cgroupns === 'private') && cgroupns !== engine.cgroupns ? cgroupns : '';
  spec.devices = (host.Devices ?? []).map((device) => ({
    hostPath: device.PathOnHost ?? '',
    containerPath: device.PathInContainer || (device.PathOnHost ?? ''),
    permissions: device.CgroupPermissions || 'rwm',
  }));
  return spec;
}
