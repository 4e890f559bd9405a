/**
 * The run form's model: what the user typed (strings, kept exactly as typed
 * so that bad input stays in the form), turned into a RunSpec, or into a
 * message per field. Field keys are the spec's paths (`ports.2.hostPort`),
 * the same keys the engine's errors map to (fieldOfRunError).
 */
import { deviceArg, formatBytesForCli, parseBytes, shellJoin, shellSplit } from '#shared/run-cli';
import { RunSpecSchema, emptyRunSpec, mountsDockerSocket, type DeviceSpec, type MountSpec, type PullPolicy, type RunSpec } from '#shared/run';

export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp';
}

export interface MountRow {
  type: MountSpec['type'];
  source: string;
  target: string;
  readOnly: boolean;
}

export type RestartName = RunSpec['restart']['name'];

export interface RunForm {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  workdir: string;
  /** KEY=VALUE, one per line. */
  env: string;
  ports: PortRow[];
  publishAll: boolean;
  mounts: MountRow[];
  network: string;
  restart: RestartName;
  maxRetries: string;
  cpus: string;
  memory: string;
  user: string;
  hostname: string;
  /** key=value, one per line. */
  labels: string;
  autoRemove: boolean;
  tty: boolean;
  stdin: boolean;
  privileged: boolean;
  /** Separated by spaces or commas. */
  capAdd: string;
  capDrop: string;
  readOnlyRootfs: boolean;
  noNewPrivileges: boolean;
  /** Empty, host or container:<name>. */
  pid: string;
  /** Empty, host, none or container:<name>. */
  ipc: string;
  utsHost: boolean;
  usernsHost: boolean;
  cgroupns: RunSpec['cgroupns'];
  /** As the CLI's `--device`: host[:container][:permissions], one per line. */
  devices: string;
  seccompUnconfined: boolean;
  apparmor: string;
  selinuxDisabled: boolean;
}

export type FieldErrors = Record<string, string>;

export function formFromSpec(spec: RunSpec): RunForm {
  return {
    image: spec.image,
    name: spec.name,
    command: spec.command === null ? '' : shellJoin(spec.command),
    entrypoint: spec.entrypoint === null ? '' : shellJoin(spec.entrypoint),
    workdir: spec.workdir,
    env: spec.env.join('\n'),
    ports: spec.ports.map((p) => ({
      hostIp: p.hostIp,
      hostPort: p.hostPort === null ? '' : String(p.hostPort),
      containerPort: String(p.containerPort),
      protocol: p.protocol,
    })),
    publishAll: spec.publishAll,
    mounts: spec.mounts.map((m) => ({ type: m.type, source: m.type === 'tmpfs' ? '' : m.source, target: m.target, readOnly: m.readOnly })),
    network: spec.network,
    restart: spec.restart.name,
    maxRetries: spec.restart.name === 'on-failure' ? String(spec.restart.maxRetries) : '',
    cpus: spec.cpus === null ? '' : String(spec.cpus),
    memory: spec.memoryBytes === null ? '' : formatBytesForCli(spec.memoryBytes),
    user: spec.user,
    hostname: spec.hostname,
    labels: Object.entries(spec.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    autoRemove: spec.autoRemove,
    tty: spec.tty,
    stdin: spec.stdin,
    privileged: spec.privileged,
    capAdd: spec.capAdd.join(' '),
    capDrop: spec.capDrop.join(' '),
    readOnlyRootfs: spec.readOnlyRootfs,
    noNewPrivileges: spec.noNewPrivileges,
    pid: spec.pid,
    ipc: spec.ipc,
    utsHost: spec.uts === 'host',
    usernsHost: spec.userns === 'host',
    cgroupns: spec.cgroupns,
    devices: spec.devices.map(deviceArg).join('\n'),
    seccompUnconfined: spec.seccomp === 'unconfined',
    apparmor: spec.apparmor,
    selinuxDisabled: spec.selinux === 'disabled',
  };
}

export function emptyForm(image = ''): RunForm {
  return formFromSpec(emptyRunSpec(image));
}

/** Non-empty lines, with their 1-based line numbers. */
function lines(text: string): Array<{ line: string; number: number }> {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.replace(/\r$/, ''), number: index + 1 }))
    .filter(({ line }) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** A `--device` value read as the CLI reads it: a second part that is only r, w and m is the permissions. */
function parseDevice(text: string): DeviceSpec {
  const [hostPath = '', second, third] = text.trim().split(':');
  if (third !== undefined) return { hostPath, containerPath: second ?? '', permissions: third };
  if (second !== undefined && /^[rwm]+$/.test(second)) return { hostPath, containerPath: hostPath, permissions: second };
  return { hostPath, containerPath: second ?? hostPath, permissions: 'rwm' };
}

/** Lines that the schema checks one by one; its messages get the line they are about. */
const LINE_FIELDS = new Set(['env', 'capAdd', 'capDrop', 'devices']);

/** The form's value as a spec, or what is wrong with each field. */
export function specFromForm(form: RunForm): { spec: RunSpec; errors: null } | { spec: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const split = (key: 'command' | 'entrypoint'): string[] | null => {
    if (form[key].trim() === '') return null;
    const result = shellSplit(form[key]);
    if ('error' in result) {
      errors[key] = result.error;
      return null;
    }
    return result.words.length > 0 ? result.words : null;
  };
  const integer = (key: string, text: string): number => {
    if (!/^\s*\d+\s*$/.test(text)) errors[key] = text.trim() === '' ? 'a number is required' : `“${text}” is not a whole number`;
    return Number(text);
  };

  const envLines = lines(form.env);
  const deviceLines = lines(form.devices);
  const labels: Record<string, string> = {};
  for (const { line, number } of lines(form.labels)) {
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.labels ??= `line ${number}: a label is key=value`;
      continue;
    }
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  let memoryBytes: number | null = null;
  if (form.memory.trim() !== '') {
    memoryBytes = parseBytes(form.memory);
    if (memoryBytes === null) errors.memoryBytes = `“${form.memory}” is not a size (e.g. 512m or 2g)`;
  }
  let cpus: number | null = null;
  if (form.cpus.trim() !== '') {
    cpus = Number(form.cpus);
    if (!Number.isFinite(cpus)) errors.cpus = `“${form.cpus}” is not a number (e.g. 0.5 or 2)`;
  }

  const candidate = {
    image: form.image.trim(),
    name: form.name.trim(),
    command: split('command'),
    entrypoint: split('entrypoint'),
    workdir: form.workdir.trim(),
    env: envLines.map(({ line }) => line),
    ports: form.ports.map((row, index) => ({
      hostIp: row.hostIp.trim(),
      hostPort: row.hostPort.trim() === '' ? null : integer(`ports.${index}.hostPort`, row.hostPort),
      containerPort: integer(`ports.${index}.containerPort`, row.containerPort),
      protocol: row.protocol,
    })),
    publishAll: form.publishAll,
    mounts: form.mounts.map((row) =>
      row.type === 'tmpfs'
        ? { type: row.type, target: row.target.trim(), readOnly: row.readOnly }
        : { type: row.type, source: row.source.trim(), target: row.target.trim(), readOnly: row.readOnly },
    ),
    network: form.network.trim(),
    restart: form.restart === 'on-failure' ? { name: form.restart, maxRetries: form.maxRetries.trim() === '' ? 0 : integer('restart', form.maxRetries) } : { name: form.restart },
    cpus,
    memoryBytes,
    user: form.user.trim(),
    hostname: form.hostname.trim(),
    labels,
    autoRemove: form.autoRemove,
    tty: form.tty,
    stdin: form.stdin,
    privileged: form.privileged,
    capAdd: words(form.capAdd),
    capDrop: words(form.capDrop),
    readOnlyRootfs: form.readOnlyRootfs,
    noNewPrivileges: form.noNewPrivileges,
    pid: form.pid.trim(),
    ipc: form.ipc.trim(),
    uts: form.utsHost ? 'host' : '',
    userns: form.usernsHost ? 'host' : '',
    cgroupns: form.cgroupns,
    devices: deviceLines.map(({ line }) => parseDevice(line)),
    seccomp: form.seccompUnconfined ? 'unconfined' : 'default',
    apparmor: form.apparmor.trim(),
    selinux: form.selinuxDisabled ? 'disabled' : 'default',
  };

  const parsed = RunSpecSchema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { spec: parsed.data, errors: null };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, index] = issue.path;
      let key: string;
      let message = issue.message;
      if (typeof head === 'string' && LINE_FIELDS.has(head) && typeof index === 'number') {
        key = head;
        const numbered = head === 'env' ? envLines : head === 'devices' ? deviceLines : null;
        const value = numbered !== null ? numbered[index]?.line : candidate[head as 'capAdd' | 'capDrop'][index];
        message = numbered !== null ? `line ${numbered[index]?.number ?? index + 1} (“${value}”): ${message}` : `“${value}”: ${message}`;
      } else if (head === 'labels' || head === 'restart') key = head;
      else key = issue.path.join('.');
      // Our own parse errors (a port that is not a number) say it better than the schema.
      errors[key] ??= message;
    }
  }
  return { spec: null, errors };
}

/** Plain warnings beside risky choices, from the form as typed; they never block the run. */
export function runWarnings(form: RunForm): { privileged?: string; mounts: Record<number, string>; user?: string; memory?: string } {
  const warnings: ReturnType<typeof runWarnings> = { mounts: {} };
  if (form.privileged) warnings.privileged = 'Privileged: the container can do almost anything the host’s root can.';
  form.mounts.forEach((row, index) => {
    if (row.type === 'bind' && mountsDockerSocket({ type: 'bind', source: row.source.trim(), target: row.target, readOnly: row.readOnly })) {
      warnings.mounts[index] = 'This gives the container the Docker socket: control of every container, and root on the host.';
    }
  });
  const user = form.user.trim();
  const root = user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:');
  if ((form.ports.length > 0 || form.publishAll) && (root || user === '')) {
    warnings.user = root
      ? 'Runs as root with a published port: a flaw in the service is a flaw as root.'
      : 'Unless the image sets a user, this runs as root with a published port.';
  }
  if (form.memory.trim() === '') warnings.memory = 'No memory limit: the container may use all of the host’s memory.';
  return warnings;
}

/** Local tags, as the image field completes them. */
export function imageHasLocalTag(tags: ReadonlySet<string>, image: string): boolean {
  const name = image.trim();
  if (tags.has(name)) return true;
  const last = name.split('/').pop() ?? '';
  return !last.includes(':') && !name.includes('@') && tags.has(`${name}:latest`);
}

/** Whether the image must be pulled before a run: main checks "missing" again for what the list may not show (an id, a digest). */
export function needsPull(policy: PullPolicy, tags: ReadonlySet<string>, image: string): boolean {
  return policy === 'always' || (policy === 'missing' && !imageHasLocalTag(tags, image));
}

/** The fields the Advanced part holds, by the first part of their key. */
const ADVANCED_FIELDS = new Set(['privileged', 'capAdd', 'capDrop', 'readOnlyRootfs', 'noNewPrivileges', 'pid', 'ipc', 'uts', 'userns', 'cgroupns', 'devices', 'seccomp', 'apparmor', 'selinux']);

/** Whether a message is about a field in the Advanced part, which must then open to show it. */
export function errorsInAdvanced(errors: FieldErrors): boolean {
  return Object.keys(errors).some((key) => ADVANCED_FIELDS.has(key.split('.')[0] ?? ''));
}

/** Whether a spec sets anything the Advanced part holds, so that the form opens already showing it. */
export function usesAdvanced(spec: RunSpec): boolean {
  return (
    spec.privileged ||
    spec.capAdd.length > 0 ||
    spec.capDrop.length > 0 ||
    spec.readOnlyRootfs ||
    spec.noNewPrivileges ||
    spec.pid !== '' ||
    spec.ipc !== '' ||
    spec.uts !== '' ||
    spec.userns !== '' ||
    spec.cgroupns !== '' ||
    spec.devices.length > 0 ||
    spec.seccomp !== 'default' ||
    spec.apparmor !== '' ||
    spec.selinux !== 'default'
  );
}

/** The rows of ports and mounts, edited by position. */
type RowList = 'ports' | 'mounts';
type RowOf<L extends RowList> = RunForm[L][number];

export const newRow: { [L in RowList]: () => RowOf<L> } = {
  ports: () => ({ hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }),
  mounts: () => ({ type: 'volume', source: '', target: '', readOnly: false }),
};

export function addRow<L extends RowList>(form: RunForm, list: L): RunForm {
  return { ...form, [list]: [...form[list], newRow[list]()] };
}

export function updateRow<L extends RowList>(form: RunForm, list: L, index: number, patch: Partial<RowOf<L>>): RunForm {
  return { ...form, [list]: form[list].map((row, i) => (i === index ? { ...row, ...patch } : row)) };
}

export function removeRow(form: RunForm, list: RowList, index: number): RunForm {
  return { ...form, [list]: form[list].filter((_, i) => i !== index) };
}

/** An env file's lines after what is typed already. */
export function appendEnvFile(form: RunForm, text: string): RunForm {
  return { ...form, env: [form.env.trimEnd(), text.trim()].filter(Boolean).join('\n') };
}
