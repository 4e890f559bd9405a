/**
 * Running a container: the settings the "Run a container" form covers, as one
 * schema (`RunSpec`) that both sides check, and the requests and streams that
 * create, read back and recreate containers from it. A RunSpec is what the
 * user chose, not the engine's whole config: anything left empty means "the
 * image's default" or "the engine's default".
 */
import { z } from 'zod';
import { ContainerNameSchema, ContainerRefSchema } from './refs';

// ---- Image references -------------------------------------------------------

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/**
 * Why `ref` is not an image reference as the docker CLI parses it
 * (`[registry[:port]/]path[:tag][@digest]`, lower-case path), or null.
 */
export function imageReferenceProblem(ref: string): string | null {
  if (ref === '') return 'an image is required';
  if (ref.length > 255 + 128 + 80) return 'is too long to be an image reference';
  if (/\s/.test(ref)) return 'an image reference has no spaces';
  let rest = ref;
  const at = rest.indexOf('@');
  if (at !== -1) {
    if (!DIGEST.test(rest.slice(at + 1))) return 'the digest after “@” is not valid (e.g. sha256:…)';
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    if (!TAG.test(rest.slice(colon + 1))) return 'the tag after “:” may hold letters, digits, “_”, “.” and “-” (up to 128)';
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  // As the CLI decides: the first part is a registry only if it looks like a host.
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first))) {
    if (!DOMAIN.test(first)) return `“${first}” is not a valid registry host`;
    parts.shift();
  }
  if (rest.length > 255) return 'the image name is longer than 255 characters';
  for (const part of parts) {
    if (part === '') return 'an image name has no empty parts (“//” or a trailing “/”)';
    if (/[A-Z]/.test(part)) return 'an image name must be lower-case';
    if (!PATH_COMPONENT.test(part)) return `“${part}” may hold only lower-case letters, digits and single “.”, “_” or “-” between them`;
  }
  return null;
}

export const ImageReferenceSchema = z.string().superRefine((value, ctx) => {
  const problem = imageReferenceProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

// ---- The parts of a spec ----------------------------------------------------

const PortNumber = z.lazy(() =>
  z
    .number({ error: 'a port is a number from 1 to 65535' })
    .int('a port is a whole number')
    .min(1, 'a port is a number from 1 to 65535')
    .max(65535, 'a port is a number from 1 to 65535'),
);

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

export const PortSpecSchema = z.lazy(() =>
  z.object({
    /** The host address to listen on; empty means every address. */
    hostIp: z.string().refine((ip) => ip === '' || IPV4.test(ip) || (ip.includes(':') && IPV6.test(ip)), 'not an IP address (e.g. 127.0.0.1 or ::1)'),
    /** Null: the engine picks a free port. */
    hostPort: PortNumber.nullable(),
    containerPort: PortNumber,
    protocol: z.enum(['tcp', 'udp']),
  }),
);
export type PortSpec = z.infer<typeof PortSpecSchema>;

const AbsolutePath = z.lazy(() =>
  z
    .string()
    .min(1, 'a path is required')
    .refine((p) => p.startsWith('/'), 'must be an absolute path (starting with “/”)'),
);

const VolumeName = z.string().regex(/^$|^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a volume name is letters, digits, “_”, “.” and “-”');

export const MountSpecSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('volume'),
      /** A named volume (created if missing); empty for a new anonymous one. */
      source: VolumeName,
      target: AbsolutePath,
      readOnly: z.boolean(),
    }),
    z.object({
      type: z.literal('bind'),
      /** A folder or file on the engine's host; it must exist. */
      source: z
        .string()
        .min(1, 'the host path is required')
        .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'the host path must be absolute'),
      target: AbsolutePath,
      readOnly: z.boolean(),
    }),
    z.object({ type: z.literal('tmpfs'), target: AbsolutePath, readOnly: z.boolean() }),
  ]),
);
export type MountSpec = z.infer<typeof MountSpecSchema>;

export const RestartPolicySchema = z.lazy(() =>
  z.discriminatedUnion('name', [
    z.object({ name: z.literal('no') }),
    z.object({ name: z.literal('on-failure'), maxRetries: z.number().int('retries are a whole number').min(0, 'retries cannot be negative') }),
    z.object({ name: z.literal('always') }),
    z.object({ name: z.literal('unless-stopped') }),
  ]),
);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

// Any case, with or without "CAP_": the engine upper-cases and prefixes what it gets.
const Capability = z.string().regex(/^(?:CAP_)?[A-Z][A-Z0-9_]*$/i, 'a capability is a name such as NET_ADMIN or ALL');

export const DeviceSpecSchema = z.lazy(() =>
  z.object({
    /** The device node on the engine's host. */
    hostPath: AbsolutePath,
    /** Where the container sees it (the CLI's default: the same path). */
    containerPath: AbsolutePath,
    /** The device cgroup's permissions: read, write, mknod. */
    permissions: z.string().regex(/^(?!.*(.).*\1)[rwm]{1,3}$/, 'permissions are some of r, w and m (e.g. rwm)'),
  }),
);
export type DeviceSpec = z.infer<typeof DeviceSpecSchema>;

const CONTAINER_MODE = '^container:[A-Za-z0-9][A-Za-z0-9_.-]*$';

const EnvLine = z.lazy(() =>
  z
    .string()
    .refine((line) => line.includes('='), 'an environment line is KEY=VALUE and needs “=”')
    .refine((line) => !line.startsWith('='), 'an environment variable needs a name before “=”'),
);

export const RunSpecSchema = z.lazy(() =>
  z
    .object({
      image: ImageReferenceSchema,
      /** Empty: the engine picks a name. */
      name: z.union([z.literal(''), ContainerNameSchema]),
      /** Null: the image's own command. */
      command: z.array(z.string()).min(1).nullable(),
      /** Null: the image's own entrypoint. */
      entrypoint: z.array(z.string()).min(1).nullable(),
      /** Empty: the image's working directory. */
      workdir: z.union([z.literal(''), AbsolutePath]),
      env: z.array(EnvLine),
      ports: z.array(PortSpecSchema),
      /** Publish every port the image exposes on a random host port (`-P`). */
      publishAll: z.boolean(),
      mounts: z.array(MountSpecSchema),
      /** Empty: the default bridge. Else bridge, host, none, container:<name> or a network's name. */
      network: z.string().regex(new RegExp(`^$|${CONTAINER_MODE}|^[A-Za-z0-9][A-Za-z0-9_.-]*$`), 'not a network name'),
      restart: RestartPolicySchema,
      /** CPUs (1.5 = one and a half cores); null for no limit. */
      cpus: z.number().positive('CPUs must be more than 0').max(1024).nullable(),
      /** Bytes; null for no limit. The engine's minimum is 6 MiB. */
      memoryBytes: z.number().int().min(6 * 1024 * 1024, 'the engine needs at least 6 MB').nullable(),
      /** Empty: the image's user. */
      user: z.string().regex(/^$|^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'a user is a name or uid, optionally :group'),
      /** Empty: the engine's default (the short container id). */
      hostname: z.string().regex(/^$|^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62})$/, 'a host name is letters, digits, “.” and “-”'),
      labels: z.record(z.string().min(1, 'a label needs a key'), z.string()),
      autoRemove: z.boolean(),
      tty: z.boolean(),
      /** Keep stdin open (`-i`). */
      stdin: z.boolean(),
      privileged: z.boolean(),
      capAdd: z.array(Capability),
      capDrop: z.array(Capability),
      readOnlyRootfs: z.boolean(),
      noNewPrivileges: z.boolean(),
      /** Empty: the container's own PID namespace; else the host's or another container's (`container:<name>`). */
      pid: z.string().regex(new RegExp(`^$|^host$|${CONTAINER_MODE}`), 'the container’s own if empty; else host or container:<name>'),
      /** Empty: the engine's default (a private IPC namespace); else none, the host's or another container's. */
      ipc: z.string().regex(new RegExp(`^$|^(?:host|none)$|${CONTAINER_MODE}`), 'the engine’s default if empty; else host, none or container:<name>'),
      /** The host's UTS namespace (its host name), or the container's own. */
      uts: z.enum(['', 'host']),
      /** `host`: out of the engine's user-namespace remapping, when it has one. */
      userns: z.enum(['', 'host']),
      /** Empty: the engine's default (the host's on cgroup v1, private on v2). */
      cgroupns: z.enum(['', 'host', 'private']),
      /** Host devices passed in (`--device`). */
      devices: z.array(DeviceSpecSchema),
      seccomp: z.enum(['default', 'unconfined']),
      /** Empty: the engine's default AppArmor profile; else `unconfined` or a loaded profile's name. */
      apparmor: z.string().regex(/^$|^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/, 'not an AppArmor profile name'),
      /** SELinux labelling: the engine's default, or none at all (`label=disable`). */
      selinux: z.enum(['default', 'disabled']),
    })
    .superRefine((spec, ctx) => {
      if (spec.autoRemove && spec.restart.name !== 'no') {
        ctx.addIssue({ code: 'custom', path: ['restart'], message: 'a container removed when it stops cannot also restart: choose one' });
      }
      if (spec.uts === 'host' && spec.hostname !== '') {
        ctx.addIssue({ code: 'custom', path: ['hostname'], message: 'a container on the host’s UTS namespace has the host’s name: leave the host name empty' });
      }
      const seen = new Map<string, number>();
      spec.ports.forEach((port, index) => {
        if (port.hostPort === null) return;
        const key = `${port.hostIp}:${port.hostPort}/${port.protocol}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['ports', index, 'hostPort'], message: `host port ${port.hostPort}/${port.protocol} is already used by row ${(seen.get(key) ?? 0) + 1}` });
        else seen.set(key, index);
      });
      const targets = new Map<string, number>();
      spec.mounts.forEach((mount, index) => {
        if (targets.has(mount.target)) ctx.addIssue({ code: 'custom', path: ['mounts', index, 'target'], message: `${mount.target} is already mounted by row ${(targets.get(mount.target) ?? 0) + 1}` });
        else targets.set(mount.target, index);
      });
    }),
);
export type RunSpec = z.infer<typeof RunSpecSchema>;

/** A spec with nothing chosen but the image: every default. */
export function emptyRunSpec(image = ''): RunSpec {
  return {
    image,
    name: '',
    command: null,
    entrypoint: null,
    workdir: '',
    env: [],
    ports: [],
    publishAll: false,
    mounts: [],
    network: '',
    restart: { name: 'no' },
    cpus: null,
    memoryBytes: null,
    user: '',
    hostname: '',
    labels: {},
    autoRemove: false,
    tty: false,
    stdin: false,
    privileged: false,
    capAdd: [],
    capDrop: [],
    readOnlyRootfs: false,
    noNewPrivileges: false,
    pid: '',
    ipc: '',
    uts: '',
    userns: '',
    cgroupns: '',
    devices: [],
    seccomp: 'default',
    apparmor: '',
    selinux: 'default',
  };
}

// ---- Host access (DESIGN.md, Security) --------------------------------------

const DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/var/run', '/run', '/var'];

/** True when a bind mount hands the container the Docker socket (or a folder holding it). */
export function mountsDockerSocket(mount: MountSpec): boolean {
  if (mount.type !== 'bind') return false;
  const source = mount.source.replace(/\/+$/, '') || '/';
  return source === '/' || DOCKER_SOCKETS.includes(source) || source.endsWith('/docker.sock');
}

/**
 * Docker's default capabilities (moby's oci/caps/defaults.go): a container
 * has these unless it drops them, so adding one grants nothing new.
 */
export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
]);

/** A capability as the engine reads it, without its "CAP_": `cap_sys_ptrace` and `SYS_PTRACE` are one. */
export function capabilityName(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}

/** The added capabilities beyond Docker's default set, each once, as named by the engine. */
export function extraCapabilities(capAdd: readonly string[]): string[] {
  return [...new Set(capAdd.map(capabilityName))].filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
}

/**
 * What in a spec gives the container power over the host, in words, as far
 * as the spec alone tells. Main adds what only the engine knows (see
 * `hostAccessOfJoin` and `volumeBindSource`). A request naming any of these
 * is refused unless the confirmation dialog, having shown them to the user,
 * set `confirmHostAccess`.
 */
export function hostAccessReasons(spec: RunSpec): string[] {
  const reasons: string[] = [];
  if (spec.privileged) reasons.push('privileged mode: full access to the host’s devices and kernel');
  for (const mount of spec.mounts) {
    if (mount.type !== 'bind') continue;
    reasons.push(
      mountsDockerSocket(mount)
        ? `the Docker socket (${mount.source}): control of the engine, which is root on the host`
        : `the host folder ${mount.source}${mount.readOnly ? ' (read-only)' : ', writable'}`,
    );
  }
  for (const device of spec.devices) {
    reasons.push(`the host device ${device.hostPath}${device.containerPath === device.hostPath ? '' : ` (as ${device.containerPath})`}`);
  }
  if (spec.network === 'host') reasons.push('the host’s network: every port and interface of the host');
  if (spec.pid === 'host') reasons.push('the host’s processes (PID namespace)');
  if (spec.ipc === 'host') reasons.push('the host’s IPC namespace: its shared memory, semaphores and message queues');
  if (spec.uts === 'host') reasons.push('the host’s UTS namespace: it can change the host’s name');
  if (spec.userns === 'host') reasons.push('the host’s user namespace (userns=host): no user remapping, so its root is the host’s root');
  if (spec.cgroupns === 'host') reasons.push('the host’s cgroup namespace (cgroupns=host): the host’s whole cgroup tree');
  for (const cap of extraCapabilities(spec.capAdd)) {
    reasons.push(cap === 'ALL' ? 'every capability (ALL)' : `the capability ${cap}, beyond Docker’s default set`);
  }
  if (spec.seccomp === 'unconfined') reasons.push('no seccomp filter (seccomp=unconfined): every system call of the host’s kernel');
  if (spec.apparmor === 'unconfined') reasons.push('no AppArmor confinement (apparmor=unconfined)');
  if (spec.selinux === 'disabled') reasons.push('no SELinux confinement (label=disable)');
  return reasons;
}

/** The other container whose namespace a spec joins, per namespace (`container:<x>`). */
export function joinedContainers(spec: RunSpec): Array<{ namespace: 'network' | 'PID namespace' | 'IPC namespace'; container: string }> {
  const joins: ReturnType<typeof joinedContainers> = [];
  const add = (namespace: (typeof joins)[number]['namespace'], mode: string): void => {
    if (mode.startsWith('container:')) joins.push({ namespace, container: mode.slice('container:'.length) });
  };
  add('network', spec.network);
  add('PID namespace', spec.pid);
  add('IPC namespace', spec.ipc);
  return joins;
}

/** The reason for joining a container that itself has host access; null when it has none. */
export function hostAccessOfJoin(join: ReturnType<typeof joinedContainers>[number], itsReasons: readonly string[]): string | null {
  if (itsReasons.length === 0) return null;
  return `joins the ${join.namespace} of container ${join.container}, which has ${itsReasons.join(', ')}`;
}

/**
 * The host path a volume mounts when its local driver's options make it a
 * bind in disguise (`--opt type=none --opt o=bind --opt device=/path`); null
 * for any other volume.
 */
export function volumeBindSource(driver: string, options: Readonly<Record<string, string>> | null): string | null {
  if (driver !== 'local' || options === null) return null;
  const o = options.o ?? '';
  if (!o.includes('bind') && options.type !== 'none') return null;
  return options.device ?? '';
}

/** The reason a named volume that binds a host path gives, in the words of a bind mount. */
export function hostAccessOfVolume(name: string, source: string, readOnly: boolean): string {
  const socket = source !== '' && mountsDockerSocket({ type: 'bind', source, target: '/', readOnly });
  const what = socket ? `the Docker socket (or the folder holding it) ${source}` : `the host folder ${source || '(no device named)'}`;
  return `volume ${name} is a bind of ${what}${readOnly ? ' (read-only)' : ', writable'}`;
}

// ---- Mapping errors to fields -----------------------------------------------

/**
 * The form field (a path such as `ports.2.hostPort`) an error message from
 * `run.create` / `run.recreate` is about, so the form can mark it; null when
 * it concerns no one field. Works on the engine's own words.
 */
export function fieldOfRunError(spec: RunSpec, message: string): string | null {
  const conflict = /:(\d+)(?: failed: port is already allocated|: bind: address already in use)/.exec(message);
  if (conflict) {
    const port = Number(conflict[1]);
    const index = spec.ports.findIndex((p) => p.hostPort === port);
    if (index !== -1) return `ports.${index}.hostPort`;
    return spec.ports.length > 0 ? 'ports' : null;
  }
  const missing = /^Bind mount source (.+) does not exist/m.exec(message.replace(/^[^:]*: /, ''));
  if (missing) {
    const index = spec.mounts.findIndex((m) => m.type === 'bind' && m.source === missing[1]);
    if (index !== -1) return `mounts.${index}.source`;
  }
  if (/^Could not pull|No such image|pull access denied|manifest unknown|repository does not exist|not found: manifest|invalid reference format/i.test(message)) return 'image';
  if (/Conflict\. The container name|is already in use by container/i.test(message)) return 'name';
  if (/network .* not found/i.test(message)) return 'network';
  if (/Minimum memory limit/i.test(message)) return 'memoryBytes';
  if (/NanoCPUs|Range of CPUs/i.test(message)) return 'cpus';
  return null;
}

// ---- The contract -----------------------------------------------------------

export const PullPolicySchema = z.enum(['missing', 'always', 'never']);
export type PullPolicy = z.infer<typeof PullPolicySchema>;

export const runRequests = {
  /**
   * Create and start a container; pulls the image first by the policy. A
   * container that was created but could not start is removed again, and the
   * engine's reason comes back in its words. Result: the new container's id.
   */
  'run.create': {
    args: z.lazy(() =>
      z
        .object({
          spec: RunSpecSchema,
          pull: PullPolicySchema.default('missing'),
          /** Set only by the dialog that showed the user `hostAccessReasons(spec)`. */
          confirmHostAccess: z.boolean().default(false),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ id: z.string() })),
  },
  /**
   * Everything in `spec` that grants host access, as main decides it: the
   * spec's own settings and what the engine knows (a joined container's
   * host access, a named volume that binds a host path). The confirmation
   * dialog shows these; `run.create` and `run.recreate` refuse the same
   * list without `confirmHostAccess`.
   */
  'run.hostAccess': {
    args: z.lazy(() => z.object({ spec: RunSpecSchema }).strict()),
    result: z.lazy(() => z.object({ reasons: z.array(z.string()) })),
  },
  /** An existing container's settings as a RunSpec (image defaults left out), for editing and copying. */
  'run.spec': {
    args: z.lazy(() => z.object({ id: ContainerRefSchema }).strict()),
    result: RunSpecSchema,
  },
  /**
   * Replace a container with one made from `spec`, keeping its name. The old
   * one is renamed and stopped, and removed only once the new one runs; on
   * any failure the new one is removed and the old one is put back as it was.
   */
  'run.recreate': {
    args: z.lazy(() =>
      z
        .object({
          id: ContainerRefSchema,
          spec: RunSpecSchema,
          /** Pull the image before recreating (how a container moves to a newer image). */
          pull: z.boolean().default(false),
          confirmHostAccess: z.boolean().default(false),
        })
        .strict(),
    ),
    result: z.lazy(() => z.object({ id: z.string() })),
  },
} as const;
