/** The network spec's address checks, the engine's words mapped to fields, the create body, the create form, and connect/disconnect events as container changes. */
import { describe, expect, it } from 'vitest';
import type { Container, Network } from '#shared/model';
import { addressInSubnet, fieldOfConnectError, fieldOfNetworkError, isIPv4, isIPv6, networkCreateBody, networkSpecProblems, NetworkSpecSchema, offersOverlay } from '#shared/networks';
import { attachmentChange } from '../../electron/engine/networks/attachments';
import { attachmentsOf } from '../../renderer/views/networks/attached';
import { emptyNetworkForm, fieldOfEngineError, keyValueLines, specFromNetworkForm } from '../../renderer/views/networks/form';

const pool = (subnet: string, more: Partial<{ gateway: string; ipRange: string; auxAddresses: Record<string, string> }> = {}) => ({ subnet, gateway: '', ipRange: '', auxAddresses: {}, ...more });

describe('addresses', () => {
  it('knows IPv4 and IPv6 addresses and which subnet holds them', () => {
    expect(isIPv4('10.0.0.1')).toBe(true);
    expect(isIPv4('10.0.0')).toBe(false);
    expect(isIPv4('010.0.0.1')).toBe(false);
    expect(isIPv6('fd00::1')).toBe(true);
    expect(isIPv6('10.0.0.1')).toBe(false);
    expect(addressInSubnet('10.1.2.3', '10.1.0.0/16')).toBe(true);
    expect(addressInSubnet('10.2.0.1', '10.1.0.0/16')).toBe(false);
    expect(addressInSubnet('fd00::5', '10.1.0.0/16')).toBe(false);
    expect(addressInSubnet('fd00::5', 'fd00::/64')).toBe(true);
  });

  it('names each bad field of a spec', () => {
    expect(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/16', { gateway: '10.1.0.1', ipRange: '10.1.5.0/24', auxAddresses: { r: '10.1.0.2' } })] })).toEqual({});
    expect(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/16', { gateway: '10.2.0.1' })] })).toEqual({ 'ipam.0.gateway': 'the gateway 10.2.0.1 is outside the subnet 10.1.0.0/16' });
    expect(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/16', { ipRange: '10.0.0.0/8' })] })).toEqual({ 'ipam.0.ipRange': 'the IP range 10.0.0.0/8 is not inside the subnet 10.1.0.0/16' });
    expect(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/16', { auxAddresses: { printer: '192.168.1.1' } })] })).toEqual({ 'ipam.0.auxAddresses': 'printer: 192.168.1.1 is outside the subnet 10.1.0.0/16' });
    expect(Object.keys(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0')] }))).toEqual(['ipam.0.subnet']);
    expect(Object.keys(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/33')] }))).toEqual(['ipam.0.subnet']);
    expect(networkSpecProblems({ ipv6: false, ipam: [pool('fd00::/64')] })).toEqual({ 'ipam.0.subnet': 'an IPv6 subnet needs IPv6 turned on' });
    expect(Object.keys(networkSpecProblems({ ipv6: false, ipam: [pool('10.1.0.0/16'), pool('10.2.0.0/16')] }))).toEqual(['ipam.1.subnet']);
  });

  it('puts the engine’s words on the field they concern', () => {
    const ipam = [pool('10.1.0.0/16'), pool('fd00::/64')];
    expect(fieldOfNetworkError({ ipam }, 'Pool overlaps with other one on this address space')).toBe('ipam.0.subnet');
    expect(fieldOfNetworkError({ ipam }, 'Invalid subnet fd00::/64 : invalid CIDR address')).toBe('ipam.1.subnet');
    expect(fieldOfNetworkError({ ipam }, 'failed to allocate gateway (10.9.9.1): Requested address is out of range')).toBe('ipam.0.gateway');
    expect(fieldOfNetworkError({ ipam }, 'network with name web already exists')).toBe('name');
    expect(fieldOfNetworkError({ ipam }, 'invalid subinterface vlan name nosuch0, example formatting is eth0.10')).toBe('parent');
    expect(fieldOfNetworkError({ ipam }, 'This node is not a swarm manager.')).toBe('driver');
    expect(fieldOfNetworkError({ ipam }, 'something else went wrong')).toBeNull();
    expect(fieldOfConnectError('Address already in use')).toBe('ipv4');
    expect(fieldOfConnectError('container abc is not running')).toBe('container');
  });

  it('builds the engine’s create body, the parent as a driver option', () => {
    const spec = NetworkSpecSchema.parse({ name: 'lan', driver: 'macvlan', parent: 'eth0', ipam: [{ subnet: '192.168.1.0/24', gateway: '192.168.1.1' }], labels: { a: 'b' } });
    expect(networkCreateBody(spec)).toEqual({
      Name: 'lan',
      Driver: 'macvlan',
      CheckDuplicate: true,
      Internal: false,
      Attachable: false,
      EnableIPv6: false,
      Labels: { a: 'b' },
      Options: { parent: 'eth0' },
      IPAM: { Driver: 'default', Config: [{ Subnet: '192.168.1.0/24', Gateway: '192.168.1.1' }] },
    });
    // A bridge has no parent, whatever the form held.
    expect(networkCreateBody(NetworkSpecSchema.parse({ name: 'b', driver: 'bridge', parent: 'eth0' })).Options).toEqual({});
  });
});

describe('the create form', () => {
  it('turns its fields into a spec, the IPv6 pool only when IPv6 is on', () => {
    const result = specFromNetworkForm({ ...emptyNetworkForm, name: 'web', subnet: '10.5.0.0/24', gateway: '10.5.0.1', auxAddresses: 'router=10.5.0.2\n', labels: 'team=web', subnet6: 'fd00:5::/64' });
    expect(result.errors).toBeNull();
    expect(result.spec?.ipam).toEqual([pool('10.5.0.0/24', { gateway: '10.5.0.1', auxAddresses: { router: '10.5.0.2' } })]);
    expect(result.spec?.labels).toEqual({ team: 'web' });
    const both = specFromNetworkForm({ ...emptyNetworkForm, name: 'web', ipv6: true, subnet6: 'fd00:5::/64', gateway6: 'fd00:5::1' });
    expect(both.spec?.ipam).toEqual([pool('fd00:5::/64', { gateway: 'fd00:5::1' })]);
  });

  it('marks each bad field by its own name', () => {
    expect(specFromNetworkForm({ ...emptyNetworkForm, name: '', labels: 'oops' }).errors).toEqual({ name: expect.any(String), labels: 'line 1: a label is key=value' });
    expect(specFromNetworkForm({ ...emptyNetworkForm, name: 'x', subnet: '10.5.0.0/24', gateway: '10.6.0.1' }).errors).toEqual({ gateway: 'the gateway 10.6.0.1 is outside the subnet 10.5.0.0/24' });
    expect(specFromNetworkForm({ ...emptyNetworkForm, name: 'x', ipv6: true, subnet6: 'fd00::/64', gateway6: '10.0.0.1' }).errors).toEqual({ gateway6: 'the gateway 10.0.0.1 is outside the subnet fd00::/64' });
    const form = { ...emptyNetworkForm, name: 'x', ipv6: true, subnet6: 'fd00::/64' };
    const spec = specFromNetworkForm(form).spec!;
    expect(fieldOfEngineError(form, spec, 'Pool overlaps with other one on this address space')).toBe('subnet6');
    expect(keyValueLines('a=1\n\n b = 2 ')).toEqual({ values: { a: '1', b: '2' } });
    expect(keyValueLines('a=1\n=2')).toEqual({ badLine: 2 });
  });
});

const container = (patch: Partial<Container>): Container => ({
  id: 'c1', name: 'web', image: 'i', imageId: 'sha256:i', command: '', state: 'exited', status: '', health: null, exitCode: 0,
  created: 0, startedAt: null, finishedAt: null, ports: [], labels: {}, mounts: [], networks: [], ...patch,
});
const event = (Action: string, container = 'c1') => ({ Type: 'network', Action, Actor: { ID: 'n1', Attributes: { container, name: 'back', type: 'bridge' } } });

describe('offering overlay', () => {
  it('only to a manager of an active swarm', () => {
    expect(offersOverlay({ state: 'active', manager: true })).toBe(true);
    expect(offersOverlay({ state: 'active', manager: false })).toBe(false);
    // A manager whose swarm is locked or still joining cannot make a network yet.
    expect(offersOverlay({ state: 'locked', manager: true })).toBe(false);
    expect(offersOverlay({ state: 'pending', manager: true })).toBe(false);
    expect(offersOverlay({ state: 'inactive', manager: false })).toBe(false);
    expect(offersOverlay(null)).toBe(false);
    expect(offersOverlay(undefined)).toBe(false);
  });
});

describe('connect and disconnect events', () => {
  it('re-read a running container, and change a stopped one as they say, with no read', () => {
    expect(attachmentChange(event('connect'), () => container({ state: 'running' }))).toEqual({ op: 'refresh', id: 'c1' });
    expect(attachmentChange(event('connect'), () => undefined)).toEqual({ op: 'refresh', id: 'c1' });
    const connected = attachmentChange(event('connect'), () => container({ networks: [{ name: 'front', networkId: 'n0', ipv4: '', ipv6: '' }] }));
    expect(connected).toEqual({ op: 'apply', item: expect.objectContaining({ networks: [{ name: 'back', networkId: 'n1', ipv4: '', ipv6: '' }, { name: 'front', networkId: 'n0', ipv4: '', ipv6: '' }] }) });
    // A never-started container knows its networks by name only.
    const disconnected = attachmentChange(event('disconnect'), () => container({ state: 'created', networks: [{ name: 'back', networkId: '', ipv4: '', ipv6: '' }] }));
    expect(disconnected).toEqual({ op: 'apply', item: expect.objectContaining({ networks: [] }) });
    expect(attachmentChange({ Type: 'network', Action: 'create', Actor: { ID: 'n1' } }, () => undefined)).toBeNull();
    expect(attachmentChange({ Type: 'container', Action: 'connect', Actor: { ID: 'c1' } }, () => undefined)).toBeNull();
  });
});

describe("a network's containers", () => {
  const network = (id: string, name: string): Network => ({ id, name, driver: 'bridge', scope: 'local', pools: [], internal: false, attachable: false, ipv6: false, ingress: false, options: {}, created: null, labels: {} });
  it('come from the containers’ own settings, by id or, never started, by name; the same array until something changes', () => {
    const networks = { byId: new Map([['n1', network('n1', 'back')], ['n2', network('n2', 'front')]]), ids: ['n1', 'n2'] };
    const containers = {
      byId: new Map([
        ['a', container({ id: 'a', name: 'zeta', state: 'running', networks: [{ name: 'back', networkId: 'n1', ipv4: '10.0.0.2/24', ipv6: '' }] })],
        ['b', container({ id: 'b', name: 'alpha', state: 'created', networks: [{ name: 'back', networkId: '', ipv4: '', ipv6: '' }] })],
      ]),
      ids: ['a', 'b'],
    };
    const back = attachmentsOf(containers, networks, 'n1');
    expect(back.map((a) => [a.containerName, a.ipv4])).toEqual([['alpha', ''], ['zeta', '10.0.0.2/24']]);
    expect(attachmentsOf(containers, networks, 'n1')).toBe(back);
    expect(attachmentsOf(containers, networks, 'n2')).toEqual([]);
  });
});
