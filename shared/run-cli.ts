/**
 * A RunSpec as text people paste elsewhere: the equivalent `docker run`
 * command line (POSIX shell quoting) and a Compose service. Also the reverse
 * for one field: a command typed into the form, split as a shell would.
 */
import type { DeviceSpec, MountSpec, PortSpec, RunSpec } from './run';

// ---- Shell words ------------------------------------------------------------

/** One word for a POSIX shell: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * Splits text into words as `sh` would (quotes, backslashes), without
 * expanding anything. An unclosed quote is an error, not a guess.
 */
export function shellSplit(text: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { error: 'a single quote (\') is not closed' };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      let closed = false;
      for (i++; i < text.length; i++) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
          word += text[++i];
        } else word += d;
      }
      if (!closed) return { error: 'a double quote (") is not closed' };
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { words };
}

// ---- Sizes ------------------------------------------------------------------

const UNITS = [
  ['g', 1024 ** 3],
  ['m', 1024 ** 2],
  ['k', 1024],
] as const;

/** Bytes as the CLI writes them: 64m, 1g, 1536k, or plain bytes. */
export function formatBytesForCli(bytes: number): string {
  for (const [unit, size] of UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}b`;
}

/** "512m", "1.5g", "1GB", "1048576" → bytes (binary units, as the CLI reads them); null when not a size. */
export function parseBytes(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return null;
  const power = ' kmgt'.indexOf((match[2] || ' ').toLowerCase());
  return Math.round(Number(match[1]) * 1024 ** power);
}

// ---- docker run ---------------------------------------------------------------

function portArg(port: PortSpec): string {
  const ip = port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  const host = port.hostPort === null ? '' : String(port.hostPort);
  const container = `${port.containerPort}/${port.protocol}`;
  if (ip === '' && host === '') return container;
  if (ip === '') return `${host}:${container}`;
  return `${ip}:${host}:${container}`;
}

/** A `--mount` field; the CLI reads the value as CSV, so commas and quotes are CSV-quoted. */
function csvField(key: string, value: string): string {
  const field = `${key}=${value}`;
  return /[",]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function mountArg(mount: MountSpec): string {
  const fields = [`type=${mount.type}`];
  if (mount.type !== 'tmpfs' && mount.source !== '') fields.push(csvField('source', mount.source));
  fields.push(csvField('target', mount.target));
  if (mount.readOnly) fields.push('readonly');
  return fields.join(',');
}

/** A `--device` value, as short as the CLI reads it back the same (`/dev/x`, `/dev/x:/dev/y`, `/dev/x:/dev/y:r`). */
export function deviceArg(device: DeviceSpec): string {
  if (device.permissions !== 'rwm') return `${device.hostPath}:${device.containerPath}:${device.permissions}`;
  return device.containerPath === device.hostPath ? device.hostPath : `${device.hostPath}:${device.containerPath}`;
}

export function restartText(restart: RunSpec['restart']): string {
  return restart.name === 'on-failure' && restart.maxRetries > 0 ? `on-failure:${restart.maxRetries}` : restart.name;
}

export function securityOpts(spec: RunSpec): string[] {
  const options: string[] = [];
  if (spec.noNewPrivileges) options.push('no-new-privileges');
  if (spec.seccomp === 'unconfined') options.push('seccomp=unconfined');
  if (spec.apparmor !== '') options.push(`apparmor=${spec.apparmor}`);
  if (spec.selinux === 'disabled') options.push('label=disable');
  return options;
}

/**
 * The argv of `docker run` for a spec (always detached, as Berth runs
 * containers). `--entrypoint` takes one word, so an entrypoint of several
 * words passes the rest as the first arguments: the process is the same.
 */
export function dockerRunArgs(spec: RunSpec): string[] {
  const { options, tail } = dockerRunParts(spec);
  return ['docker', 'run', '-d', ...options.flat(), ...tail];
}

/** The options (pairs kept together) and what follows them: the image and its arguments. */
function dockerRunParts(spec: RunSpec): { options: string[][]; tail: string[] } {
  const options: string[][] = [];
  const flag = (name: string, value: string): void => {
    options.push([name, value]);
  };
  const toggle = (name: string): void => {
    options.push([name]);
  };
  if (spec.name !== '') flag('--name', spec.name);
  if (spec.entrypoint !== null) flag('--entrypoint', spec.entrypoint[0] ?? '');
  if (spec.workdir !== '') flag('--workdir', spec.workdir);
  for (const line of spec.env) flag('--env', line);
  for (const port of spec.ports) flag('--publish', portArg(port));
  if (spec.publishAll) toggle('--publish-all');
  for (const mount of spec.mounts) flag('--mount', mountArg(mount));
  if (spec.network !== '') flag('--network', spec.network);
  if (spec.restart.name !== 'no') flag('--restart', restartText(spec.restart));
  if (spec.cpus !== null) flag('--cpus', String(spec.cpus));
  if (spec.memoryBytes !== null) flag('--memory', formatBytesForCli(spec.memoryBytes));
  if (spec.user !== '') flag('--user', spec.user);
  if (spec.hostname !== '') flag('--hostname', spec.hostname);
  for (const [key, value] of Object.entries(spec.labels)) flag('--label', `${key}=${value}`);
  if (spec.autoRemove) toggle('--rm');
  if (spec.tty) toggle('--tty');
  if (spec.stdin) toggle('--interactive');
  if (spec.privileged) toggle('--privileged');
  for (const cap of spec.capAdd) flag('--cap-add', cap);
  for (const cap of spec.capDrop) flag('--cap-drop', cap);
  if (spec.readOnlyRootfs) toggle('--read-only');
  for (const option of securityOpts(spec)) flag('--security-opt', option);
  if (spec.pid !== '') flag('--pid', spec.pid);
  if (spec.ipc !== '') flag('--ipc', spec.ipc);
  if (spec.uts !== '') flag('--uts', spec.uts);
  if (spec.userns !== '') flag('--userns', spec.userns);
  if (spec.cgroupns !== '') flag('--cgroupns', spec.cgroupns);
  for (const device of spec.devices) flag('--device', deviceArg(device));
  const tail = [spec.image, ...(spec.entrypoint?.slice(1) ?? []), ...(spec.command ?? [])];
  return { options, tail };
}

/** The command line, one option per line (with `\` continuations) when it is long. */
export function dockerRunCommand(spec: RunSpec): string {
  const { options, tail } = dockerRunParts(spec);
  // An option and its value stay on one line.
  const lines = [...options.map(shellJoin), shellJoin(tail)];
  return lines.length <= 2 ? ['docker run -d', ...lines].join(' ') : `docker run -d \\\n  ${lines.join(' \\\n  ')}`;
}

// ---- Compose --------------------------------------------------------------------

/**
 * A YAML scalar: a JSON string is a valid YAML double-quoted scalar, so
 * nothing the user typed can change the document's shape. `$` is doubled
 * because Compose interpolates variables in every value.
 */
function yamlString(value: string): string {
  return JSON.stringify(value.replace(/\$/g, '$$$$'));
}

function yamlList(indent: string, items: readonly string[]): string[] {
  return items.map((item) => `${indent}- ${yamlString(item)}`);
}

export function composeServiceName(spec: RunSpec): string {
  const base = spec.name || (spec.image.split('@')[0] ?? '').split('/').pop()?.split(':')[0] || 'app';
  return base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '') || 'app';
}

/** A Compose file holding one service made from the spec. */
export function composeSnippet(spec: RunSpec): string {
  const s = '    ';
  const lines = ['services:', `  ${composeServiceName(spec)}:`, `${s}image: ${yamlString(spec.image)}`];
  if (spec.name !== '') lines.push(`${s}container_name: ${yamlString(spec.name)}`);
  if (spec.entrypoint !== null) lines.push(`${s}entrypoint:`, ...yamlList(`${s}  `, spec.entrypoint));
  if (spec.command !== null) lines.push(`${s}command:`, ...yamlList(`${s}  `, spec.command));
  if (spec.workdir !== '') lines.push(`${s}working_dir: ${yamlString(spec.workdir)}`);
  if (spec.env.length > 0) lines.push(`${s}environment:`, ...yamlList(`${s}  `, spec.env));
  // The short syntax: docker-compose v1 reads no host_ip in the long one.
  if (spec.ports.length > 0) lines.push(`${s}ports:`, ...yamlList(`${s}  `, spec.ports.map(portArg)));
  if (spec.mounts.length > 0) {
    lines.push(`${s}volumes:`);
    for (const mount of spec.mounts) {
      lines.push(`${s}  - type: ${mount.type}`);
      if (mount.type !== 'tmpfs' && mount.source !== '') lines.push(`${s}    source: ${yamlString(mount.source)}`);
      lines.push(`${s}    target: ${yamlString(mount.target)}`);
      if (mount.readOnly) lines.push(`${s}    read_only: true`);
    }
  }
  const custom = spec.network !== '' && !['bridge', 'host', 'none'].includes(spec.network) && !spec.network.startsWith('container:');
  if (custom) lines.push(`${s}networks:`, ...yamlList(`${s}  `, [spec.network]));
  else if (spec.network !== '') lines.push(`${s}network_mode: ${yamlString(spec.network)}`);
  if (spec.restart.name !== 'no') lines.push(`${s}restart: ${yamlString(restartText(spec.restart))}`);
  if (spec.cpus !== null) lines.push(`${s}cpus: ${spec.cpus}`);
  if (spec.memoryBytes !== null) lines.push(`${s}mem_limit: ${spec.memoryBytes}`);
  if (spec.user !== '') lines.push(`${s}user: ${yamlString(spec.user)}`);
  if (spec.hostname !== '') lines.push(`${s}hostname: ${yamlString(spec.hostname)}`);
  const labels = Object.entries(spec.labels);
  if (labels.length > 0) lines.push(`${s}labels:`, ...labels.map(([k, v]) => `${s}  ${yamlString(k)}: ${yamlString(v)}`));
  if (spec.tty) lines.push(`${s}tty: true`);
  if (spec.stdin) lines.push(`${s}stdin_open: true`);
  if (spec.privileged) lines.push(`${s}privileged: true`);
  if (spec.capAdd.length > 0) lines.push(`${s}cap_add:`, ...yamlList(`${s}  `, spec.capAdd));
  if (spec.capDrop.length > 0) lines.push(`${s}cap_drop:`, ...yamlList(`${s}  `, spec.capDrop));
  if (spec.readOnlyRootfs) lines.push(`${s}read_only: true`);
  const security = securityOpts(spec);
  if (security.length > 0) lines.push(`${s}security_opt:`, ...yamlList(`${s}  `, security));
  if (spec.pid !== '') lines.push(`${s}pid: ${yamlString(spec.pid)}`);
  if (spec.ipc !== '') lines.push(`${s}ipc: ${yamlString(spec.ipc)}`);
  if (spec.uts !== '') lines.push(`${s}uts: ${yamlString(spec.uts)}`);
  if (spec.userns !== '') lines.push(`${s}userns_mode: ${yamlString(spec.userns)}`);
  if (spec.cgroupns !== '') lines.push(`${s}cgroup: ${yamlString(spec.cgroupns)}`);
  if (spec.devices.length > 0) lines.push(`${s}devices:`, ...yamlList(`${s}  `, spec.devices.map(deviceArg)));
  // Compose has no auto-remove for a long-running service: say so rather than drop it silently.
  if (spec.autoRemove) lines.push(`${s}# auto-remove (--rm) has no Compose equivalent`);
  if (custom) lines.push('networks:', `  ${yamlString(spec.network)}:`, '    external: true');
  // Named volumes are the user's existing ones, not new project-scoped ones.
  const named = [...new Set(spec.mounts.flatMap((m) => (m.type === 'volume' && m.source !== '' ? [m.source] : [])))];
  if (named.length > 0) lines.push('volumes:', ...named.flatMap((name) => [`  ${yamlString(name)}:`, '    external: true']));
  return `${lines.join('\n')}\n`;
}
