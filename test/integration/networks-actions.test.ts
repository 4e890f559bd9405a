/**
 * Networks through main's own handlers (arguments parsed by the contract as
 * the dispatcher would), each result checked in the engine with the docker
 * CLI: create with a subnet and gateway, connect with an alias and a fixed
 * address (and a ping by that alias from another container), bad input
 * refused with words on the right field, removal refused while in use or
 * unconfirmed, and "remove unused" (a Cleanup preview held in main) deleting
 * exactly what its preview listed, and nothing a renderer adds to it.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import { requests, type RequestArgs, type RequestName, type RequestResult } from '#shared/contract';
import { fieldOfConnectError, fieldOfNetworkError, type NetworkSpec } from '#shared/networks';
import { RemoteError } from '#shared/protocol';
import { TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, callHandler, createContainer, docker, item, sweep, uniqueName, waitConnected, waitFor } from './helpers';

let berth: EngineService;

beforeAll(async () => {
  await sweep();
  berth = createEngineService();
  await waitConnected(berth.engine);
});

afterAll(async () => {
  await berth?.stop();
  await sweep();
});

const call = <N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

/** A /24 unlikely to meet another run's on a shared engine. */
function freshSubnet(): { subnet: string; at: (host: number) => string } {
  const prefix = `10.${randomInt(160, 250)}.${randomInt(0, 255)}`;
  return { subnet: `${prefix}.0/24`, at: (host) => `${prefix}.${host}` };
}

function spec(name: string, patch: Partial<RequestArgs<'network.create'>['spec']> = {}): RequestArgs<'network.create'>['spec'] {
  return { name, driver: 'bridge', labels: { [TEST_LABEL]: TEST_RUN }, ...patch };
}

async function rejection(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

/** The create request's arguments as the dispatcher parses them. */
function berthArgs(args: RequestArgs<'network.create'>['spec']) {
  return requests['network.create'].args.safeParse({ spec: args });
}

const inspect = async (what: string, ...args: string[]): Promise<unknown> => JSON.parse(await docker('inspect', ...args, what)) as unknown;

describe('create', () => {
  it('makes a bridge with subnet, gateway, IP range, aux address, labels and options, as the engine then says', async () => {
    const name = uniqueName('net');
    const net = freshSubnet();
    const { id } = await call('network.create', {
      spec: spec(name, {
        ipam: [{ subnet: net.subnet, gateway: net.at(254), ipRange: `${net.at(128)}/25`, auxAddresses: { router: net.at(2) } }],
        attachable: true,
        internal: true,
        options: { 'com.docker.network.bridge.enable_icc': 'true' },
      }),
    });
    const [json] = (await inspect(id)) as Array<{
      Name: string;
      Internal: boolean;
      Attachable: boolean;
      IPAM: { Config: Array<Record<string, unknown>> };
      Labels: Record<string, string>;
      Options: Record<string, string>;
    }>;
    expect(json!.Name).toBe(name);
    expect(json!.IPAM.Config).toEqual([{ Subnet: net.subnet, Gateway: net.at(254), IPRange: `${net.at(128)}/25`, AuxiliaryAddresses: { router: net.at(2) } }]);
    expect(json).toMatchObject({ Internal: true, Attachable: true, Labels: { [TEST_LABEL]: TEST_RUN }, Options: { 'com.docker.network.bridge.enable_icc': 'true' } });
    // Berth's own state follows from the create event.
    const shown = await waitFor('the network in Berth', () => item(berth.engine, 'network', id));
    expect(shown).toMatchObject({ name, driver: 'bridge', internal: true, attachable: true, ipv6: false });
    expect(shown.pools).toEqual([{ subnet: net.subnet, gateway: net.at(254), ipRange: `${net.at(128)}/25`, auxAddresses: { router: net.at(2) } }]);
  });

  it('makes an IPv6 network with both families', async () => {
    const name = uniqueName('net6');
    const net = freshSubnet();
    const v6 = `fd${randomInt(16, 255).toString(16)}:${randomInt(1, 65535).toString(16)}::/64`;
    const { id } = await call('network.create', { spec: spec(name, { ipv6: true, ipam: [{ subnet: net.subnet }, { subnet: v6 }] }) });
    const shown = await waitFor('the network in Berth', () => item(berth.engine, 'network', id));
    expect(shown.ipv6).toBe(true);
    expect(shown.pools.map((p) => p.subnet)).toEqual([net.subnet, v6]);
  });

  it('refuses a gateway outside the subnet, a bad CIDR and an IPv6 pool without IPv6 before asking the engine, by field', () => {
    const net = freshSubnet();
    const parse = (patch: Partial<RequestArgs<'network.create'>['spec']>) => {
      const parsed = berthArgs(spec(uniqueName('bad'), patch));
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(parse({ ipam: [{ subnet: net.subnet, gateway: '10.9.9.1' }] })).toEqual({ 'spec.ipam.0.gateway': `the gateway 10.9.9.1 is outside the subnet ${net.subnet}` });
    expect(parse({ ipam: [{ subnet: '10.253.8.0/33' }] })).toEqual({ 'spec.ipam.0.subnet': expect.stringContaining('not a subnet') });
    expect(parse({ ipam: [{ subnet: net.subnet, ipRange: '10.1.0.0/28' }] })).toEqual({ 'spec.ipam.0.ipRange': expect.stringContaining('not inside the subnet') });
    expect(parse({ ipam: [{ subnet: 'fd00:9::/64' }] })).toEqual({ 'spec.ipam.0.subnet': 'an IPv6 subnet needs IPv6 turned on' });
  });

  it("gives an overlapping subnet and a taken name the engine's words, on the subnet and name fields, and leaves nothing behind", async () => {
    const net = freshSubnet();
    const first = uniqueName('first');
    await call('network.create', { spec: spec(first, { ipam: [{ subnet: net.subnet }] }) });
    const overlapping: NetworkSpec = berthArgs(spec(uniqueName('overlap'), { ipam: [{ subnet: `${net.at(0)}/25` }] })).data!.spec;
    const overlap = await rejection(call('network.create', { spec: overlapping }));
    expect(overlap.message).toMatch(/overlaps/i);
    expect(fieldOfNetworkError(overlapping, overlap.message)).toBe('ipam.0.subnet');
    expect(await docker('network', 'ls', '-q', '--filter', `name=^${overlapping.name}$`)).toBe('');

    const again = await rejection(call('network.create', { spec: spec(first) }));
    expect(again.message).toMatch(/already exists/);
    expect(fieldOfNetworkError(overlapping, again.message)).toBe('name');
  });

  it("puts a macvlan's unknown parent interface on the parent field", async () => {
    const macvlan = spec(uniqueName('mac'), { driver: 'macvlan', parent: 'nosuch0' });
    const error = await rejection(call('network.create', { spec: macvlan }));
    expect(fieldOfNetworkError({ ipam: [] }, error.message)).toBe('parent');
  });
});

describe('connect and disconnect', () => {
  it('connects a running container with an alias and a fixed address: docker inspect says so, and another container pings it by the alias', async () => {
    const name = uniqueName('net');
    const net = freshSubnet();
    const { id: network } = await call('network.create', { spec: spec(name, { ipam: [{ subnet: net.subnet }] }) });
    const target = await createContainer(uniqueName('target'));
    await docker('start', target);
    await call('network.connect', { spec: { network: name, container: target, aliases: ['db-alias'], ipv4: net.at(77) } });

    const settings = JSON.parse(await docker('inspect', '--format', `{{json (index .NetworkSettings.Networks "${name}")}}`, target)) as {
      IPAddress: string;
      Aliases: string[];
      IPAMConfig: { IPv4Address: string };
    };
    expect(settings.IPAddress).toBe(net.at(77));
    expect(settings.IPAMConfig.IPv4Address).toBe(net.at(77));
    expect(settings.Aliases).toContain('db-alias');

    // Berth's state: the container's networks list the new one with its address (what the Networks page shows).
    await waitFor('the address in Berth', () => item(berth.engine, 'container', target)?.networks.find((n) => n.networkId === network)?.ipv4 === `${net.at(77)}/24`);

    const pinger = uniqueName('pinger');
    const out = await docker('run', '--rm', '--label', TEST_LABEL_ARG, '--name', pinger, '--network', name, 'berth-test/busybox:latest', 'ping', '-c', '1', '-W', '5', 'db-alias');
    expect(out).toContain(`${net.at(77)}`);
    expect(out).toMatch(/1 packets received/);

    await call('network.disconnect', { network: name, container: target });
    expect(Object.keys(JSON.parse(await docker('inspect', '--format', '{{json .NetworkSettings.Networks}}', target)) as object)).not.toContain(name);
    await waitFor('gone from Berth', () => !item(berth.engine, 'container', target)?.networks.some((n) => n.networkId === network));
  });

  it('shows a stopped container connected through Berth, and follows its disconnect with the CLI without reading it again', async () => {
    const name = uniqueName('net');
    await docker('network', 'create', '--label', TEST_LABEL_ARG, name);
    const id = await createContainer(uniqueName('idle'));
    await waitFor('the container in Berth', () => item(berth.engine, 'container', id));
    // The engine sends no event for this connect: Berth's request reads the container itself.
    await call('network.connect', { spec: { network: name, container: id, aliases: ['quiet'] } });
    await waitFor('connected in Berth', () => item(berth.engine, 'container', id)?.networks.some((n) => n.name === name));
    const reads: string[] = [];
    const unsubscribe = berth.engine.onInspect((kind, ref) => kind === 'container' && ref === id && reads.push(ref));
    try {
      await docker('network', 'disconnect', name, id);
      await waitFor('disconnected in Berth', () => !item(berth.engine, 'container', id)?.networks.some((n) => n.name === name));
      expect(reads).toEqual([]);
    } finally {
      unsubscribe();
    }
  });

  it('follows a running container connected and disconnected with the CLI, with its address', async () => {
    const name = uniqueName('net');
    const net = freshSubnet();
    const network = await docker('network', 'create', '--label', TEST_LABEL_ARG, '--subnet', net.subnet, name);
    const id = await createContainer(uniqueName('cli'));
    await docker('start', id);
    await waitFor('running in Berth', () => item(berth.engine, 'container', id)?.state === 'running');
    await docker('network', 'connect', '--ip', net.at(33), name, id);
    await waitFor('the address in Berth', () => item(berth.engine, 'container', id)?.networks.find((n) => n.networkId === network)?.ipv4 === `${net.at(33)}/24`);
    await docker('network', 'disconnect', name, id);
    await waitFor('gone from Berth', () => !item(berth.engine, 'container', id)?.networks.some((n) => n.networkId === network));
  });

  it("puts an address already taken on the address field, in the engine's words", async () => {
    const name = uniqueName('net');
    const net = freshSubnet();
    await call('network.create', { spec: spec(name, { ipam: [{ subnet: net.subnet }] }) });
    const one = await createContainer(uniqueName('one'), ['--network', name, '--ip', net.at(9)]);
    await docker('start', one);
    const two = await createContainer(uniqueName('two'));
    await docker('start', two);
    const error = await rejection(call('network.connect', { spec: { network: name, container: two, ipv4: net.at(9) } }));
    expect(error.message).toMatch(/in use/i);
    expect(fieldOfConnectError(error.message)).toBe('ipv4');
  });
});

describe('remove', () => {
  it('refuses while a container, running or stopped, is on it, and without a confirmation naming it; then removes it', async () => {
    const name = uniqueName('net');
    const { id } = await call('network.create', { spec: spec(name) });
    const user = await createContainer(uniqueName('user'), ['--network', name]);
    await waitFor('the user in Berth', () => item(berth.engine, 'container', user));
    const stopped = await rejection(call('network.remove', { id, confirmed: { name } }));
    expect(stopped.code).toBe('conflict');
    expect(stopped.message).toContain('in use by');
    await docker('start', user);
    expect((await rejection(call('network.remove', { id, confirmed: { name } }))).code).toBe('conflict');
    await docker('rm', '-f', user);
    await waitFor('the user gone from Berth', () => item(berth.engine, 'container', user) === undefined);

    expect((await rejection(call('network.remove', { id, confirmed: { name: 'bridge' } }))).code).toBe('unconfirmed');
    expect(await docker('network', 'inspect', '--format', '{{.Name}}', id)).toBe(name);
    await call('network.remove', { id, confirmed: { name } });
    expect(await docker('network', 'ls', '-q', '--filter', `id=${id}`)).toBe('');
  });

  it('never removes one of the engine’s own networks', async () => {
    const id = await docker('network', 'inspect', '--format', '{{.Id}}', 'none');
    expect((await rejection(call('network.remove', { id, confirmed: { name: 'none' } }))).code).toBe('conflict');
  });
});

describe('remove unused', () => {
  it('removes exactly the previewed set: not one made after the preview, not one put to use since', async () => {
    const unused = uniqueName('unused');
    const laterUsed = uniqueName('used-later');
    const used = uniqueName('used');
    const ids = {
      unused: (await call('network.create', { spec: spec(unused) })).id,
      laterUsed: (await call('network.create', { spec: spec(laterUsed) })).id,
      used: (await call('network.create', { spec: spec(used) })).id,
    };
    const user = await createContainer(uniqueName('user'), ['--network', used]);
    await waitFor('all in Berth', () => item(berth.engine, 'container', user) && Object.values(ids).every((id) => item(berth.engine, 'network', id)));

    const preview = await call('cleanup.preview', { scope: 'unusedNetworks' });
    expect(preview.candidates.every((c) => c.kind === 'network')).toBe(true);
    // Other tests' networks of this run may be unused too: only this test's are sent.
    const mine = preview.candidates.filter((n) => [unused, laterUsed, used].includes(n.name));
    expect(mine.map((n) => n.name).sort()).toEqual([laterUsed, unused].sort());
    expect(preview.candidates.some((n) => ['bridge', 'host', 'none'].includes(n.name))).toBe(false);

    // After the preview: a new unused network, and one of the previewed put to use.
    const newcomer = await docker('network', 'create', '--label', TEST_LABEL_ARG, uniqueName('newcomer'));
    const joiner = await createContainer(uniqueName('joiner'), ['--network', laterUsed]);
    await docker('start', joiner);
    await waitFor('the joiner in Berth', () => item(berth.engine, 'container', joiner)?.state === 'running');

    const result = await call('cleanup.delete', {
      previewId: preview.previewId,
      items: mine.map(({ kind, id }) => ({ kind, id })),
      confirmed: { name: preview.previewId },
    });
    expect(result.removed).toEqual([{ kind: 'network', id: ids.unused, name: unused }]);
    expect(result.skipped).toEqual([{ kind: 'network', id: ids.laterUsed, name: laterUsed, reason: 'a container uses it now' }]);
    expect(await docker('network', 'ls', '-q', '--no-trunc', '--filter', `id=${ids.unused}`)).toBe('');
    for (const kept of [ids.laterUsed, ids.used, newcomer]) expect(await docker('network', 'inspect', '--format', '{{.Id}}', kept)).toBe(kept);
  });

  it('refuses, removing nothing, a renderer’s list that adds a network the preview did not offer', async () => {
    const offered = (await call('network.create', { spec: spec(uniqueName('offered')) })).id;
    const preview = await call('cleanup.preview', { scope: 'unusedNetworks' });
    expect(preview.candidates.some((c) => c.id === offered)).toBe(true);
    const added = (await call('network.create', { spec: spec(uniqueName('added')) })).id;
    const refused = await rejection(
      call('cleanup.delete', {
        previewId: preview.previewId,
        items: [
          { kind: 'network', id: offered },
          { kind: 'network', id: added },
        ],
        confirmed: { name: preview.previewId },
      }),
    );
    expect(refused.code).toBe('bad-request');
    expect(refused.message).toMatch(/deleted nothing: network .* is not among the items the preview offered/);
    for (const kept of [offered, added]) expect(await docker('network', 'inspect', '--format', '{{.Id}}', kept)).toBe(kept);
  });
});
