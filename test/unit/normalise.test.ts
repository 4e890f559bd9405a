import { describe, expect, it } from 'vitest';
import {
  containerFromInspect,
  containerFromSummary,
  imageFromInspect,
  imageFromSummary,
  networkFromJson,
  parseTime,
  volumeFromJson,
} from '../../electron/engine/normalise';

describe('containers', () => {
  it('reads a list summary, health and exit code from the status text', () => {
    const c = containerFromSummary({
      Id: 'id1',
      Names: ['/web-1'],
      Image: 'nginx:1',
      ImageID: 'sha256:i',
      Command: 'nginx -g daemon off;',
      Created: 1700000000,
      Ports: [
        { PrivatePort: 443, Type: 'tcp' },
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      ],
      Labels: null,
      State: 'running',
      Status: 'Up 3 minutes (health: starting)',
    });
    expect(c).toMatchObject({ name: 'web-1', state: 'running', health: 'starting', exitCode: null, created: 1700000000000, labels: {} });
    expect(c.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 443, protocol: 'tcp' },
    ]);
    expect(containerFromSummary({ Id: 'x', State: 'exited', Status: 'Exited (137) 2 hours ago' }).exitCode).toBe(137);
  });

  it('reads an inspect result into the same shape', () => {
    const c = containerFromInspect({
      Id: 'id1',
      Name: '/web-1',
      Created: '2026-11-23T10:00:00.5Z',
      Path: 'nginx',
      Args: ['-g', 'daemon off;'],
      Image: 'sha256:i',
      State: { Status: 'exited', ExitCode: 2, StartedAt: '2026-11-23T10:00:01Z', FinishedAt: '2026-11-23T10:05:00Z', Health: { Status: 'unhealthy' } },
      Config: { Image: 'nginx:1', Labels: { a: 'b' } },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '53/udp': null } },
    });
    expect(c).toMatchObject({
      name: 'web-1',
      image: 'nginx:1',
      imageId: 'sha256:i',
      command: 'nginx -g daemon off;',
      state: 'exited',
      status: 'Exited (2)',
      exitCode: 2,
      health: 'unhealthy',
      startedAt: Date.parse('2026-11-23T10:00:01Z'),
      finishedAt: Date.parse('2026-11-23T10:05:00Z'),
      labels: { a: 'b' },
      // Whole seconds, like the list, so an inspect never reorders a table sorted by age.
      created: Date.parse('2026-11-23T10:00:00Z'),
    });
    expect(c.ports).toEqual([
      { containerPort: 53, protocol: 'udp' },
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 },
    ]);
  });

  it('treats the zero time as never and an unknown state as dead', () => {
    expect(parseTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(containerFromInspect({ Id: 'x', State: { Status: 'weird' } }).state).toBe('dead');
    expect(containerFromInspect({ Id: 'x', State: { Status: 'running', ExitCode: 0 } }).exitCode).toBeNull();
  });
});

describe('images, volumes, networks', () => {
  it('drops <none> tags and reads both shapes alike', () => {
    const fromList = imageFromSummary({ Id: 'sha256:a', RepoTags: ['<none>:<none>'], RepoDigests: null, Size: 10, Created: 5, Labels: null });
    expect(fromList).toEqual({ id: 'sha256:a', tags: [], digests: [], size: 10, created: 5000, labels: {} });
    const fromInspect = imageFromInspect({ Id: 'sha256:a', RepoTags: ['b:1', 'a:1'], Size: 10, Created: '1970-01-01T00:00:05Z', Config: null });
    expect(fromInspect).toEqual({ id: 'sha256:a', tags: ['a:1', 'b:1'], digests: [], size: 10, created: 5000, labels: {} });
  });

  it('keys volumes by name and reads network pools and flags', () => {
    expect(volumeFromJson({ Name: 'data', Driver: 'local', CreatedAt: '2026-11-23T10:00:00Z' })).toMatchObject({ id: 'data', name: 'data', created: Date.parse('2026-11-23T10:00:00Z') });
    const network = networkFromJson({
      Id: 'n',
      Name: 'net',
      EnableIPv6: true,
      Attachable: true,
      Options: { parent: 'eth0' },
      IPAM: { Config: [{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1', IPRange: '172.18.5.0/24', AuxiliaryAddresses: { router: '172.18.0.2' } }, { Subnet: 'fd00::/64' }] },
    });
    expect(network.pools).toEqual([
      { subnet: '172.18.0.0/16', gateway: '172.18.0.1', ipRange: '172.18.5.0/24', auxAddresses: { router: '172.18.0.2' } },
      { subnet: 'fd00::/64', gateway: '', ipRange: '', auxAddresses: {} },
    ]);
    expect(network).toMatchObject({ ipv6: true, attachable: true, internal: false, ingress: false, options: { parent: 'eth0' } });
    expect(networkFromJson({ Id: 'n', IPAM: { Config: null } }).pools).toEqual([]);
  });

  it("reads a container's networks alike from the list and from inspect, by name", () => {
    const Networks = {
      zeta: { NetworkID: 'z1', IPAddress: '10.1.0.5', IPPrefixLen: 24, GlobalIPv6Address: 'fd00::5', GlobalIPv6PrefixLen: 64 },
      alpha: { NetworkID: 'a1', IPAddress: '', IPPrefixLen: 0, GlobalIPv6Address: '' },
    };
    const expected = [
      { name: 'alpha', networkId: 'a1', ipv4: '', ipv6: '' },
      { name: 'zeta', networkId: 'z1', ipv4: '10.1.0.5/24', ipv6: 'fd00::5/64' },
    ];
    expect(containerFromSummary({ Id: 'c', NetworkSettings: { Networks } }).networks).toEqual(expected);
    expect(containerFromInspect({ Id: 'c', NetworkSettings: { Networks } }).networks).toEqual(expected);
    expect(containerFromSummary({ Id: 'c' }).networks).toEqual([]);
  });
});
