/**
 * A RunSpec as the engine's create body (Config plus HostConfig), shaped as
 * the docker CLI shapes `docker run`, so that a container made here and one
 * made from Berth's "Copy as docker run" read back alike.
 */
import { securityOpts } from '#shared/run-cli';
import type { RunSpec } from '#shared/run';

export interface MountJson {
  Type: 'volume' | 'bind' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
}

export interface CreateBody {
  name?: string;
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  Env: string[];
  ExposedPorts: Record<string, Record<string, never>>;
  User?: string;
  Hostname?: string;
  Labels: Record<string, string>;
  Tty: boolean;
  OpenStdin: boolean;
  AttachStdin: false;
  AttachStdout: false;
  AttachStderr: false;
  StdinOnce: false;
  HostConfig: {
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    PublishAllPorts: boolean;
    Mounts: MountJson[];
    NetworkMode?: string;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    NanoCpus?: number;
    Memory?: number;
    AutoRemove: boolean;
    Privileged: boolean;
    CapAdd: string[];
    CapDrop: string[];
    ReadonlyRootfs: boolean;
    SecurityOpt: string[];
    PidMode?: string;
    IpcMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    CgroupnsMode?: string;
    Devices: Array<{ PathOnHost: string; PathInContainer: string; CgroupPermissions: string }>;
  };
}

export function createBody(spec: RunSpec): CreateBody {
  const exposed: CreateBody['ExposedPorts'] = {};
  const bindings: CreateBody['HostConfig']['PortBindings'] = {};
  for (const port of spec.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: port.hostPort === null ? '' : String(port.hostPort) });
  }
  const body: CreateBody = {
    Image: spec.image,
    Env: [...spec.env],
    ExposedPorts: exposed,
    Labels: { ...spec.labels },
    Tty: spec.tty,
    OpenStdin: spec.stdin,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    StdinOnce: false,
    HostConfig: {
      PortBindings: bindings,
      PublishAllPorts: spec.publishAll,
      Mounts: spec.mounts.map((mount): MountJson => {
        if (mount.type === 'tmpfs') return { Type: 'tmpfs', Target: mount.target, ReadOnly: mount.readOnly };
        return { Type: mount.type, Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
      }),
      RestartPolicy: { Name: spec.restart.name, MaximumRetryCount: spec.restart.name === 'on-failure' ? spec.restart.maxRetries : 0 },
      AutoRemove: spec.autoRemove,
      Privileged: spec.privileged,
      CapAdd: [...spec.capAdd],
      CapDrop: [...spec.capDrop],
      ReadonlyRootfs: spec.readOnlyRootfs,
      SecurityOpt: securityOpts(spec),
      Devices: spec.devices.map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions })),
    },
  };
  if (spec.name !== '') body.name = spec.name;
  if (spec.command !== null) body.Cmd = [...spec.command];
  if (spec.entrypoint !== null) body.Entrypoint = [...spec.entrypoint];
  if (spec.workdir !== '') body.WorkingDir = spec.workdir;
  if (spec.user !== '') body.User = spec.user;
  if (spec.hostname !== '') body.Hostname = spec.hostname;
  if (spec.network !== '') body.HostConfig.NetworkMode = spec.network;
  if (spec.cpus !== null) body.HostConfig.NanoCpus = Math.round(spec.cpus * 1e9);
  if (spec.memoryBytes !== null) body.HostConfig.Memory = spec.memoryBytes;
  if (spec.pid !== '') body.HostConfig.PidMode = spec.pid;
  if (spec.ipc !== '') body.HostConfig.IpcMode = spec.ipc;
  if (spec.uts !== '') body.HostConfig.UTSMode = spec.uts;
  if (spec.userns !== '') body.HostConfig.UsernsMode = spec.userns;
  if (spec.cgroupns !== '') body.HostConfig.CgroupnsMode = spec.cgroupns;
  return body;
}
