/**
 * The run form's pure parts: the spec's validation and its messages, shell
 * quoting, the `docker run` line and Compose snippet, the form's parsing,
 * engine errors mapped to fields, and a container's inspect output read back
 * as a spec.
 */
import { describe, expect, it } from 'vitest';
import { specFromInspect, type RunInspectJson } from '../../electron/engine/run/spec-from-inspect';
import { composeSnippet, dockerRunArgs, dockerRunCommand, parseBytes, shellJoin, shellQuote, shellSplit } from '#shared/run-cli';
import {
  RunSpecSchema,
  emptyRunSpec,
  extraCapabilities,
  fieldOfRunError,
  hostAccessOfJoin,
  hostAccessOfVolume,
  hostAccessReasons,
  imageReferenceProblem,
  joinedContainers,
  volumeBindSource,
  type RunSpec,
} from '#shared/run';
import { emptyForm, formFromSpec, runWarnings, specFromForm } from '../../renderer/views/run/form';

const spec = (patch: Partial<RunSpec>): RunSpec => ({ ...emptyRunSpec('nginx:1.27'), ...patch });

function issues(value: unknown): Record<string, string> {
  const result = RunSpecSchema.safeParse(value);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('image references', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:latest',
    'berth-test/busybox:latest',
    'localhost:5000/team/app:v1.2_3',
    'registry.example.com/team/my-app',
    'Registry.Example.com/a/b',
    `alpine@sha256:${'a'.repeat(64)}`,
    `ghcr.io/o/r:tag@sha256:${'b'.repeat(64)}`,
  ])('accepts %s', (ref) => expect(imageReferenceProblem(ref)).toBeNull());

  it.each([
    ['', /required/],
    ['Nginx', /lower-case/],
    ['berth-test/Busybox', /lower-case/],
    ['a b', /no spaces/],
    ['a//b', /no empty parts/],
    ['nginx:', /tag/],
    ['nginx:-x', /tag/],
    ['nginx@sha256:xyz', /digest/],
    ['-nginx', /may hold only/],
    ['a..b', /may hold only/],
  ])('refuses %j', (ref, message) => expect(imageReferenceProblem(ref)).toMatch(message));
});

describe('RunSpecSchema', () => {
  it('accepts the empty spec with an image', () => {
    expect(issues(emptyRunSpec('busybox'))).toEqual({});
  });

  it('says which field is wrong and why', () => {
    const found = issues(
      spec({
        env: ['GOOD=1', 'BAD'],
        ports: [
          { hostIp: '', hostPort: 0, containerPort: 80, protocol: 'tcp' },
          { hostIp: '300.1.1.1', hostPort: null, containerPort: 70000, protocol: 'tcp' },
        ],
        mounts: [{ type: 'bind', source: 'relative', target: 'also-relative', readOnly: false }],
        autoRemove: true,
        restart: { name: 'always' },
        memoryBytes: 1024,
      }),
    );
    expect(found['env.1']).toMatch(/needs “=”/);
    expect(found['ports.0.hostPort']).toMatch(/1 to 65535/);
    expect(found['ports.1.containerPort']).toMatch(/1 to 65535/);
    expect(found['ports.1.hostIp']).toMatch(/not an IP/);
    expect(found['mounts.0.source']).toMatch(/absolute/);
    expect(found['mounts.0.target']).toMatch(/absolute/);
    expect(found.restart).toMatch(/cannot also restart/);
    expect(found.memoryBytes).toMatch(/6 MB/);
    expect(issues(spec({ uts: 'host', hostname: 'mine' })).hostname).toMatch(/host’s name/);
    expect(issues(spec({ pid: 'container:', ipc: 'shared', devices: [{ hostPath: '/dev/x', containerPath: '/dev/x', permissions: 'rwx' }] }))).toEqual({
      pid: expect.stringMatching(/container:<name>/),
      ipc: expect.stringMatching(/container:<name>/),
      'devices.0.permissions': expect.stringMatching(/r, w and m/),
    });
  });

  it('catches the same host port twice and the same target twice', () => {
    const found = issues(
      spec({
        ports: [
          { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '', hostPort: 8080, containerPort: 81, protocol: 'tcp' },
          { hostIp: '', hostPort: 8080, containerPort: 82, protocol: 'udp' },
        ],
        mounts: [
          { type: 'tmpfs', target: '/x', readOnly: false },
          { type: 'volume', source: '', target: '/x', readOnly: false },
        ],
      }),
    );
    expect(Object.keys(found).sort()).toEqual(['mounts.1.target', 'ports.1.hostPort']);
  });
});

describe('host access', () => {
  it('names privileged, host folders, the Docker socket, host network and pid', () => {
    expect(hostAccessReasons(spec({}))).toEqual([]);
    const reasons = hostAccessReasons(
      spec({
        privileged: true,
        network: 'host',
        pid: 'host',
        mounts: [
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
          { type: 'bind', source: '/srv/site', target: '/usr/share/nginx/html', readOnly: true },
          { type: 'volume', source: 'data', target: '/data', readOnly: false },
        ],
      }),
    );
    expect(reasons).toHaveLength(5);
    expect(reasons.join('\n')).toMatch(/Docker socket \(\/var\/run\/docker.sock\)/);
    expect(reasons.join('\n')).toMatch(/host folder \/srv\/site \(read-only\)/);
  });

  it('names each added capability beyond Docker’s default set, however it is spelled', () => {
    const defaults = ['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];
    expect(hostAccessReasons(spec({ capAdd: [...defaults, 'cap_chown', 'Cap_Kill', 'net_raw'] }))).toEqual([]);
    const reasons = hostAccessReasons(spec({ capAdd: ['SYS_MODULE', 'dac_read_search', 'CAP_SYS_PTRACE', 'cap_sys_rawio', 'NET_ADMIN', 'bpf', 'SYS_PTRACE', 'CHOWN'] }));
    expect(reasons).toEqual(['SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_PTRACE', 'SYS_RAWIO', 'NET_ADMIN', 'BPF'].map((cap) => `the capability ${cap}, beyond Docker’s default set`));
    expect(hostAccessReasons(spec({ capAdd: ['all'] }))).toEqual(['every capability (ALL)']);
    expect(extraCapabilities(['CAP_SYS_ADMIN', 'sys_admin', 'kill'])).toEqual(['SYS_ADMIN']);
  });

  it('names confinement turned off, devices and every host namespace', () => {
    const one = (patch: Partial<RunSpec>): string[] => hostAccessReasons(spec(patch));
    expect(one({ seccomp: 'unconfined' })).toEqual([expect.stringMatching(/seccomp=unconfined/)]);
    expect(one({ apparmor: 'unconfined' })).toEqual([expect.stringMatching(/apparmor=unconfined/)]);
    expect(one({ apparmor: 'docker-default' })).toEqual([]);
    expect(one({ selinux: 'disabled' })).toEqual([expect.stringMatching(/label=disable/)]);
    expect(one({ devices: [{ hostPath: '/dev/zero', containerPath: '/dev/zero', permissions: 'rwm' }] })).toEqual(['the host device /dev/zero']);
    expect(one({ devices: [{ hostPath: '/dev/sda', containerPath: '/dev/xvda', permissions: 'r' }] })).toEqual(['the host device /dev/sda (as /dev/xvda)']);
    expect(one({ ipc: 'host' })).toEqual([expect.stringMatching(/host’s IPC namespace/)]);
    expect(one({ uts: 'host' })).toEqual([expect.stringMatching(/host’s UTS namespace/)]);
    expect(one({ userns: 'host' })).toEqual([expect.stringMatching(/userns=host/)]);
    expect(one({ cgroupns: 'host' })).toEqual([expect.stringMatching(/cgroupns=host/)]);
    for (const harmless of [{ ipc: 'none' }, { ipc: 'container:db' }, { pid: 'container:db' }, { network: 'container:db' }, { cgroupns: 'private' as const }]) {
      expect(one(harmless)).toEqual([]);
    }
  });

  it('names the containers whose namespaces a spec joins, and what they have', () => {
    expect(joinedContainers(spec({ network: 'container:a', pid: 'container:b', ipc: 'container:c' }))).toEqual([
      { namespace: 'network', container: 'a' },
      { namespace: 'PID namespace', container: 'b' },
      { namespace: 'IPC namespace', container: 'c' },
    ]);
    expect(joinedContainers(spec({ network: 'host', pid: 'host', ipc: 'host' }))).toEqual([]);
    const join = { namespace: 'network' as const, container: 'x' };
    expect(hostAccessOfJoin(join, [])).toBeNull();
    expect(hostAccessOfJoin(join, ['privileged mode', 'the host folder /srv'])).toBe('joins the network of container x, which has privileged mode, the host folder /srv');
  });

  it('sees a local volume that binds a host path', () => {
    expect(volumeBindSource('local', { type: 'none', o: 'bind', device: '/srv/data' })).toBe('/srv/data');
    expect(volumeBindSource('local', { o: 'rbind,ro', device: '/etc' })).toBe('/etc');
    expect(volumeBindSource('local', { type: 'none', device: '/etc' })).toBe('/etc');
    expect(volumeBindSource('local', null)).toBeNull();
    expect(volumeBindSource('local', {})).toBeNull();
    expect(volumeBindSource('local', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m' })).toBeNull();
    expect(volumeBindSource('local', { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' })).toBeNull();
    expect(volumeBindSource('some-plugin', { o: 'bind', device: '/etc' })).toBeNull();
    expect(hostAccessOfVolume('v', '/srv/data', false)).toBe('volume v is a bind of the host folder /srv/data, writable');
    expect(hostAccessOfVolume('v', '/var/run', true)).toBe('volume v is a bind of the Docker socket (or the folder holding it) /var/run (read-only)');
  });
});

describe('shell words', () => {
  const hard = ['plain', '', 'with space', `it's`, '"double"', '$HOME', '`cmd`', 'back\\slash', 'new\nline', '*', '~user', 'a=b', '--flag'];

  it('quotes only what needs it', () => {
    expect(shellQuote('nginx:1.27')).toBe('nginx:1.27');
    expect(shellQuote('a=b')).toBe('a=b');
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$HOME')).toBe(`'$HOME'`);
    expect(shellQuote('*')).toBe(`'*'`);
    expect(shellQuote('~user')).toBe(`'~user'`);
  });

  it('splits what it joins back into the same words', () => {
    expect(shellSplit(shellJoin(hard))).toEqual({ words: hard });
  });

  it('splits as a shell would, and refuses an unclosed quote', () => {
    expect(shellSplit(`sh -c 'echo "hi there"' x\\ y "a\\"b" ''`)).toEqual({ words: ['sh', '-c', 'echo "hi there"', 'x y', 'a"b', ''] });
    expect(shellSplit(`echo 'oops`)).toEqual({ error: expect.stringMatching(/not closed/) });
  });

  it('reads sizes as the CLI does', () => {
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('1GB')).toBe(1024 ** 3);
    expect(parseBytes('4096')).toBe(4096);
    expect(parseBytes('lots')).toBeNull();
  });
});

describe('docker run', () => {
  it('writes each setting as the CLI option that makes it', () => {
    const args = dockerRunArgs(
      spec({
        name: 'web',
        entrypoint: ['/bin/sh', '-c'],
        command: ['echo hi'],
        env: ['A=1 2'],
        ports: [
          { hostIp: '', hostPort: null, containerPort: 80, protocol: 'tcp' },
          { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '::1', hostPort: null, containerPort: 53, protocol: 'udp' },
        ],
        mounts: [
          { type: 'volume', source: '', target: '/anon', readOnly: false },
          { type: 'bind', source: '/a,b', target: '/t', readOnly: true },
          { type: 'tmpfs', target: '/tmp', readOnly: false },
        ],
        restart: { name: 'on-failure', maxRetries: 3 },
        memoryBytes: 256 * 1024 ** 2,
        cpus: 1.5,
        autoRemove: false,
        noNewPrivileges: true,
        apparmor: 'unconfined',
        selinux: 'disabled',
        pid: 'container:db',
        ipc: 'host',
        uts: 'host',
        userns: 'host',
        cgroupns: 'host',
        devices: [
          { hostPath: '/dev/zero', containerPath: '/dev/zero', permissions: 'rwm' },
          { hostPath: '/dev/null', containerPath: '/dev/n', permissions: 'r' },
        ],
      }),
    );
    expect(args).toEqual([
      'docker', 'run', '-d',
      '--name', 'web',
      '--entrypoint', '/bin/sh',
      '--env', 'A=1 2',
      '--publish', '80/tcp',
      '--publish', '127.0.0.1:8080:80/tcp',
      '--publish', '[::1]::53/udp',
      '--mount', 'type=volume,target=/anon',
      '--mount', 'type=bind,"source=/a,b",target=/t,readonly',
      '--mount', 'type=tmpfs,target=/tmp',
      '--restart', 'on-failure:3',
      '--cpus', '1.5',
      '--memory', '256m',
      '--security-opt', 'no-new-privileges',
      '--security-opt', 'apparmor=unconfined',
      '--security-opt', 'label=disable',
      '--pid', 'container:db',
      '--ipc', 'host',
      '--uts', 'host',
      '--userns', 'host',
      '--cgroupns', 'host',
      '--device', '/dev/zero',
      '--device', '/dev/null:/dev/n:r',
      'nginx:1.27', '-c', 'echo hi',
    ]);
  });

  it('puts one option per line only when there are several', () => {
    expect(dockerRunCommand(emptyRunSpec('busybox'))).toBe('docker run -d busybox');
    expect(dockerRunCommand(spec({ name: 'a' }))).toBe('docker run -d --name a nginx:1.27');
    expect(dockerRunCommand(spec({ name: 'a', env: ["Q=it's"] }))).toBe(`docker run -d \\\n  --name a \\\n  --env 'Q=it'\\''s' \\\n  nginx:1.27`);
  });
});

describe('Compose snippet', () => {
  it('quotes every value and doubles $ for Compose', () => {
    const yaml = composeSnippet(
      spec({
        name: 'web',
        env: ['PRICE=$5', 'QUOTE="x"'],
        labels: { 'a.b': 'c: d' },
        network: 'backend',
        mounts: [{ type: 'volume', source: 'data', target: '/d', readOnly: true }],
        restart: { name: 'unless-stopped' },
        autoRemove: false,
      }),
    );
    expect(yaml).toBe(
      [
        'services:',
        '  web:',
        '    image: "nginx:1.27"',
        '    container_name: "web"',
        '    environment:',
        '      - "PRICE=$$5"',
        '      - "QUOTE=\\"x\\""',
        '    volumes:',
        '      - type: volume',
        '        source: "data"',
        '        target: "/d"',
        '        read_only: true',
        '    networks:',
        '      - "backend"',
        '    restart: "unless-stopped"',
        '    labels:',
        '      "a.b": "c: d"',
        'networks:',
        '  "backend":',
        '    external: true',
        'volumes:',
        '  "data":',
        '    external: true',
        '',
      ].join('\n'),
    );
  });
});

describe('the form', () => {
  it('round-trips a spec', () => {
    const full = spec({
      name: 'web',
      command: ['sh', '-c', 'echo "a b"'],
      env: ['A=1'],
      ports: [{ hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'udp' }],
      mounts: [{ type: 'tmpfs', target: '/t', readOnly: true }],
      restart: { name: 'on-failure', maxRetries: 4 },
      memoryBytes: 64 * 1024 ** 2,
      cpus: 0.5,
      labels: { k: 'v=w' },
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      seccomp: 'unconfined',
      pid: 'container:db',
      ipc: 'host',
      uts: 'host',
      userns: 'host',
      cgroupns: 'private',
      devices: [
        { hostPath: '/dev/zero', containerPath: '/dev/zero', permissions: 'rwm' },
        { hostPath: '/dev/null', containerPath: '/dev/nothing', permissions: 'rwm' },
        { hostPath: '/dev/full', containerPath: '/dev/full', permissions: 'r' },
        { hostPath: '/dev/urandom', containerPath: '/dev/r', permissions: 'rw' },
      ],
      selinux: 'disabled',
    });
    expect(specFromForm(formFromSpec(full))).toEqual({ spec: full, errors: null });
    expect(formFromSpec(full).devices).toBe('/dev/zero\n/dev/null:/dev/nothing\n/dev/full:/dev/full:r\n/dev/urandom:/dev/r:rw');
  });

  it('reads a device line as the CLI does', () => {
    const form = emptyForm('nginx');
    form.devices = '/dev/a\n/dev/b:r\n/dev/c:/dev/d\n/dev/e:/dev/f:mw';
    expect(specFromForm(form).spec?.devices).toEqual([
      { hostPath: '/dev/a', containerPath: '/dev/a', permissions: 'rwm' },
      { hostPath: '/dev/b', containerPath: '/dev/b', permissions: 'r' },
      { hostPath: '/dev/c', containerPath: '/dev/d', permissions: 'rwm' },
      { hostPath: '/dev/e', containerPath: '/dev/f', permissions: 'mw' },
    ]);
  });

  it('keys its messages by field, with the line they are about', () => {
    const form = emptyForm('nginx');
    form.env = 'GOOD=1\n\n# a comment\nNOPE';
    form.ports = [{ hostIp: '', hostPort: 'eighty', containerPort: '80', protocol: 'tcp' }];
    form.command = `echo 'unclosed`;
    form.memory = 'lots';
    form.labels = 'novalue';
    form.capAdd = 'net-admin';
    form.devices = '/dev/zero\nrelative:/dev/x';
    const result = specFromForm(form);
    expect(result.errors).toEqual({
      env: expect.stringMatching(/^line 4 \(“NOPE”\): .*needs “=”/),
      'ports.0.hostPort': '“eighty” is not a whole number',
      command: expect.stringMatching(/not closed/),
      memoryBytes: expect.stringMatching(/not a size/),
      labels: expect.stringMatching(/line 1/),
      capAdd: expect.stringMatching(/^“net-admin”: /),
      devices: expect.stringMatching(/^line 2 \(“relative:\/dev\/x”\): .*absolute/),
    });
  });

  it('warns beside risky choices', () => {
    const form = emptyForm('nginx');
    expect(runWarnings(form).memory).toMatch(/No memory limit/);
    form.privileged = true;
    form.user = 'root';
    form.ports = [{ hostIp: '', hostPort: '', containerPort: '80', protocol: 'tcp' }];
    form.mounts = [{ type: 'bind', source: '/var/run/docker.sock', target: '/s', readOnly: true }];
    form.memory = '1g';
    const warnings = runWarnings(form);
    expect(warnings.privileged).toMatch(/host’s root/);
    expect(warnings.user).toMatch(/root with a published port/);
    expect(warnings.mounts[0]).toMatch(/Docker socket/);
    expect(warnings.memory).toBeUndefined();
  });
});

describe('engine errors to fields', () => {
  const withPorts = spec({
    ports: [
      { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '', hostPort: 9090, containerPort: 90, protocol: 'tcp' },
    ],
    mounts: [{ type: 'bind', source: '/srv/x', target: '/x', readOnly: false }],
  });
  it.each([
    ['driver failed programming external connectivity on endpoint web (abc): Bind for 0.0.0.0:9090 failed: port is already allocated', 'ports.1.hostPort'],
    ['Error starting userland proxy: listen tcp4 127.0.0.1:8080: bind: address already in use', 'ports.0.hostPort'],
    ['Could not run the container: Bind mount source /srv/x does not exist on the host', 'mounts.0.source'],
    ['Could not create the container: No such image: nope:1', 'image'],
    ['Could not pull nope:1: pull access denied for nope', 'image'],
    ['Could not create the container: Conflict. The container name "/web" is already in use by container "abc"', 'name'],
    ['Could not start the container: something else entirely', null],
  ])('%s → %s', (message, field) => expect(fieldOfRunError(withPorts, message)).toBe(field));
});

describe('inspect → spec', () => {
  const V1 = { cgroupns: 'host' } as const;
  const V2 = { cgroupns: 'private' } as const;
  const image = {
    Config: {
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27'],
      WorkingDir: '',
      User: '',
      Labels: { maintainer: 'NGINX' },
    },
  };
  const base: RunInspectJson = {
    Id: 'abcdef0123456789',
    Name: '/web',
    Config: {
      Image: 'nginx:1.27',
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27', 'MINE=1'],
      Hostname: 'abcdef012345',
      Labels: { maintainer: 'NGINX', 'com.example': 'x' },
      Tty: false,
      OpenStdin: false,
    },
    HostConfig: {
      NetworkMode: 'default',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '::1', HostPort: '' }], '53/udp': null },
      Binds: ['/srv/site:/usr/share/nginx/html:ro,rprivate', 'cache:/var/cache/nginx'],
      Tmpfs: { '/run': 'rw,size=64m' },
      SecurityOpt: ['no-new-privileges:true', 'apparmor:docker-custom', 'label=disable'],
      CapAdd: ['CAP_NET_ADMIN'],
      Memory: 0,
      NanoCpus: 2e9,
    },
    Mounts: [
      { Type: 'bind', Source: '/srv/site', Destination: '/usr/share/nginx/html', RW: false },
      { Type: 'volume', Name: 'cache', Source: '/var/lib/docker/volumes/cache/_data', Destination: '/var/cache/nginx', RW: true },
      { Type: 'volume', Name: 'f'.repeat(64), Source: '/var/lib/docker/volumes/fff/_data', Destination: '/anon', RW: true },
    ],
  };

  it('leaves out what merely repeats the image and the engine', () => {
    const read = specFromInspect(base, image, V2);
    expect(RunSpecSchema.safeParse(read).success).toBe(true);
    expect(read).toEqual({
      ...emptyRunSpec('nginx:1.27'),
      name: 'web',
      env: ['MINE=1'],
      ports: [
        { hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '::1', hostPort: null, containerPort: 80, protocol: 'tcp' },
      ],
      mounts: [
        { type: 'bind', source: '/srv/site', target: '/usr/share/nginx/html', readOnly: true },
        { type: 'volume', source: 'cache', target: '/var/cache/nginx', readOnly: false },
        { type: 'tmpfs', target: '/run', readOnly: false },
        // An anonymous volume keeps its name, so a recreate mounts the same data.
        { type: 'volume', source: 'f'.repeat(64), target: '/anon', readOnly: false },
      ],
      restart: { name: 'unless-stopped' },
      cpus: 2,
      labels: { 'com.example': 'x' },
      capAdd: ['NET_ADMIN'],
      noNewPrivileges: true,
      apparmor: 'docker-custom',
      selinux: 'disabled',
    });
  });

  it('keeps the namespaces, devices and engine defaults a recreate must repeat', () => {
    const grants: RunInspectJson = {
      ...base,
      HostConfig: {
        ...base.HostConfig,
        PidMode: 'container:db',
        IpcMode: 'host',
        UTSMode: 'host',
        UsernsMode: 'host',
        CgroupnsMode: 'host',
        Devices: [
          { PathOnHost: '/dev/zero', PathInContainer: '/dev/zero', CgroupPermissions: 'rwm' },
          { PathOnHost: '/dev/null', PathInContainer: '', CgroupPermissions: '' },
        ],
      },
    };
    const read = specFromInspect(grants, image, V2);
    expect(RunSpecSchema.safeParse(read).success).toBe(true);
    expect(read).toMatchObject({
      pid: 'container:db',
      ipc: 'host',
      uts: 'host',
      userns: 'host',
      cgroupns: 'host',
      hostname: '',
      devices: [
        { hostPath: '/dev/zero', containerPath: '/dev/zero', permissions: 'rwm' },
        { hostPath: '/dev/null', containerPath: '/dev/null', permissions: 'rwm' },
      ],
    });
    // What the engine writes in when nothing was asked for reads back as nothing.
    expect(specFromInspect(grants, image, V1).cgroupns).toBe('');
    const plain = specFromInspect({ ...base, HostConfig: { ...base.HostConfig, IpcMode: 'private', CgroupnsMode: 'private' } }, image, V2);
    expect([plain.ipc, plain.cgroupns, plain.pid, plain.uts, plain.userns]).toEqual(['', '', '', '', '']);
    expect(specFromInspect({ ...base, HostConfig: { ...base.HostConfig, IpcMode: 'shareable', CgroupnsMode: 'private' } }, image, V1)).toMatchObject({ ipc: '', cgroupns: 'private' });
  });

  it('keeps a command given with a new entrypoint, and everything when the image is gone', () => {
    const custom = { ...base, Config: { ...base.Config, Entrypoint: ['/bin/sh'], Cmd: ['-c', 'echo'] } };
    const read = specFromInspect(custom, image, V2);
    expect(read.entrypoint).toEqual(['/bin/sh']);
    expect(read.command).toEqual(['-c', 'echo']);
    const orphan = specFromInspect(base, null, V2);
    expect(orphan.command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(orphan.env).toHaveLength(3);
  });
});
