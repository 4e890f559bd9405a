/**
 * Networks of the drivers a lone engine cannot show, on a real swarm
 * (test/support/swarm.ts: three dockerds, each in a network namespace of its
 * own on one bridge, node 1 the manager). Overlay: the create
 * form's rule for offering overlay, read from each engine's own system.info;
 * Berth's create of an attachable overlay with a subnet, gateway and labels,
 * listed with scope swarm; a container on the manager connected with an
 * alias, and reached by that alias from a container on a worker (so the
 * VXLAN between the namespaces carries it); removal; and an engine in no
 * swarm refusing overlay in its own words, on the driver field. Macvlan:
 * on a node's own interface (a veth to the bridge; this kernel has no dummy
 * interfaces), a container on one node reaching one on another across the
 * bridge. Ipvlan: the engine makes the network either way (a record); a
 * container joins it where the kernel has ipvlan, and where it has not the
 * engine's refusal comes back in its words.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService, type EngineService } from '../../electron/engine/handlers';
import type { RequestArgs, RequestName, RequestResult } from '#shared/contract';
import { fieldOfNetworkError, offersOverlay } from '#shared/networks';
import { RemoteError } from '#shared/protocol';
import { kernelLinkProblem, startSwarm, swarmMissing, UNDERLAY_SUBNET, type Swarm } from '../support/swarm';
import { IDLE, TEST_IMAGE, TEST_LABEL, TEST_LABEL_ARG, TEST_RUN, callHandler, item, uniqueName, waitConnected, waitFor } from './helpers';

const missing = swarmMissing();
/** Whether the kernel has ipvlan (CONFIG_IPVLAN): the kernel's words if not. */
const noIpvlan = missing === undefined ? kernelLinkProblem(['iv0', 'link', 'parent0', 'type', 'ipvlan', 'mode', 'l2']) : undefined;

describe.skipIf(missing !== undefined)(`overlay, macvlan and ipvlan networks on a swarm's namespaced engines${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let swarm: Swarm;
  let onManager: EngineService;
  let onWorker: EngineService;
  let onMain: EngineService;

  beforeAll(async () => {
    swarm = await startSwarm({ nodes: 3 });
    // How long a swarm takes here, for the CI budget.
    console.info(`swarm of ${swarm.nodes.length} nodes up in ${swarm.startedInMs} ms`);
    const service = (socket: string) => createEngineService({ resolveEndpoint: () => ({ url: socket, source: 'test' }) });
    onManager = service(swarm.manager.socket);
    onWorker = service(swarm.nodes[1]!.socket);
    onMain = createEngineService();
    await Promise.all([onManager, onWorker, onMain].map((berth) => waitConnected(berth.engine)));
  });

  afterAll(async () => {
    await Promise.all([onManager, onWorker, onMain].map((berth) => berth?.stop()));
    await swarm?.stop();
  });

  const call = <N extends RequestName>(berth: EngineService, name: N, args: RequestArgs<N>): Promise<RequestResult<N>> => callHandler(berth.service, name, args);

  it("offers overlay on the manager only: each engine's own system.info decides", async () => {
    const [manager, worker, main] = await Promise.all([onManager, onWorker, onMain].map((berth) => call(berth, 'system.info', {})));
    expect(manager!.swarm).toMatchObject({ state: 'active', manager: true, nodeId: swarm.manager.nodeId });
    expect(worker!.swarm).toMatchObject({ state: 'active', manager: false });
    expect([manager, worker, main].map((info) => offersOverlay(info!.swarm))).toEqual([true, false, false]);
  });

  describe('an attachable overlay, step by step', () => {
    const name = uniqueName('overlay');
    const prefix = `10.${randomInt(100, 150)}.${randomInt(0, 255)}`;
    const subnet = `${prefix}.0/24`;
    let id = '';
    let target = '';
    let address = '';
    const manager = () => swarm.manager.cli;

    it('is created with a subnet, gateway and labels, and Berth lists it with scope swarm', async () => {
      ({ id } = await call(onManager, 'network.create', {
        spec: { name, driver: 'overlay', attachable: true, ipam: [{ subnet, gateway: `${prefix}.254` }], labels: { [TEST_LABEL]: TEST_RUN, tier: 'back' } },
      }));
      const [json] = JSON.parse(await manager()('network', 'inspect', id)) as Array<{
        Name: string;
        Driver: string;
        Scope: string;
        Attachable: boolean;
        IPAM: { Config: Array<{ Subnet: string; Gateway: string }> };
        Labels: Record<string, string>;
      }>;
      expect(json).toMatchObject({ Name: name, Driver: 'overlay', Scope: 'swarm', Attachable: true, Labels: { [TEST_LABEL]: TEST_RUN, tier: 'back' } });
      expect(json!.IPAM.Config).toEqual([{ Subnet: subnet, Gateway: `${prefix}.254` }]);
      // From the engine's event, with the swarm's scope.
      const listed = await waitFor('the overlay in Berth', () => item(onManager.engine, 'network', id));
      expect(listed).toMatchObject({ name, driver: 'overlay', scope: 'swarm', attachable: true });
      expect(listed.pools).toEqual([{ subnet, gateway: `${prefix}.254`, ipRange: '', auxAddresses: {} }]);
    });

    it('takes a running container on the manager with an alias', async () => {
      expect(id).not.toBe('');
      target = await manager()('run', '-d', '--label', TEST_LABEL_ARG, '--name', uniqueName('ovl-target'), TEST_IMAGE, ...IDLE);
      await call(onManager, 'network.connect', { spec: { network: name, container: target, aliases: ['ovl-alias'] } });
      const settings = JSON.parse(await manager()('inspect', '--format', `{{json (index .NetworkSettings.Networks "${name}")}}`, target)) as { IPAddress: string; Aliases: string[] };
      expect(settings.Aliases).toContain('ovl-alias');
      expect(settings.IPAddress.startsWith(`${prefix}.`)).toBe(true);
      address = settings.IPAddress;
      await waitFor('the connection in Berth', () => item(onManager.engine, 'container', target)?.networks.some((n) => n.networkId === id && n.ipv4 === `${address}/24`));
    });

    it('carries a ping by that alias from a container on a worker (the VXLAN between the namespaces)', async () => {
      expect(address).not.toBe('');
      // An attachable network reaches a worker when a container there joins it.
      const pinged = await swarm.nodes[1]!.cli('run', '--rm', '--label', TEST_LABEL_ARG, '--network', name, TEST_IMAGE, 'ping', '-c', '1', '-W', '5', 'ovl-alias');
      expect(pinged).toContain(address);
      expect(pinged).toMatch(/1 packets received/);
    });

    it('is removed once the container is gone', async () => {
      expect(target).not.toBe('');
      await call(onManager, 'network.disconnect', { network: name, container: target });
      await manager()('rm', '-f', target);
      await waitFor('the container gone from Berth', () => item(onManager.engine, 'container', target) === undefined);
      await call(onManager, 'network.remove', { id, confirmed: { name } });
      // A swarm network goes from the manager's store first; the node's own copy (and its load balancer) a moment later.
      await waitFor('the overlay gone from the manager', async () => (await manager()('network', 'ls', '-q', '--filter', `id=${id}`)) === '');
      await waitFor('the overlay gone from Berth', () => item(onManager.engine, 'network', id) === undefined);
    });
  });

  it("is refused by an engine in no swarm in the engine's words, on the driver field, and leaves nothing", async () => {
    const name = uniqueName('overlay');
    const error = await call(onMain, 'network.create', { spec: { name, driver: 'overlay', labels: { [TEST_LABEL]: TEST_RUN } } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RemoteError);
    const message = (error as RemoteError).message;
    expect(message).toMatch(/swarm/i);
    expect(fieldOfNetworkError({ ipam: [] }, message)).toBe('driver');
    expect(await call(onMain, 'cleanup.preview', { scope: 'unusedNetworks' }).then(({ candidates }) => candidates.some((n) => n.name === name))).toBe(false);
  });
  /** Node `index`'s macvlan or ipvlan network on its interface, in the underlay's subnet, handing out addresses from its own quarter of it. */
  const onUnderlay = (driver: 'macvlan' | 'ipvlan', index: number) => ({
    name: uniqueName(driver),
    driver,
    parent: swarm.nodes[index - 1]!.interface,
    ipam: [{ subnet: UNDERLAY_SUBNET, gateway: UNDERLAY_SUBNET.replace('0/24', '1'), ipRange: UNDERLAY_SUBNET.replace('0/24', `${64 * index}/26`) }],
    labels: { [TEST_LABEL]: TEST_RUN },
  });
  const bodyOf = (spec: ReturnType<typeof onUnderlay>) => [
    '--driver', spec.driver, '--opt', `parent=${spec.parent}`, '--subnet', spec.ipam[0]!.subnet, '--gateway', spec.ipam[0]!.gateway, '--ip-range', spec.ipam[0]!.ipRange, '--label', TEST_LABEL_ARG, spec.name,
  ];

  it("makes a macvlan network on a node's interface, and a container on it reaches one on another node's macvlan across the bridge", async () => {
    const here = onUnderlay('macvlan', 2);
    const { id } = await call(onWorker, 'network.create', { spec: here });
    const worker = swarm.nodes[1]!.cli;
    expect(JSON.parse(await worker('network', 'inspect', '--format', '{{json .}}', id))).toMatchObject({ Driver: 'macvlan', Scope: 'local', Options: { parent: 'eth0' } });
    expect(await waitFor('the macvlan in Berth', () => item(onWorker.engine, 'network', id))).toMatchObject({ driver: 'macvlan', options: { parent: 'eth0' } });

    const there = onUnderlay('macvlan', 3);
    const other = swarm.nodes[2]!.cli;
    await other('network', 'create', ...bodyOf(there));
    const far = await other('run', '-d', '--label', TEST_LABEL_ARG, '--network', there.name, TEST_IMAGE, ...IDLE);
    const farAddress = await other('inspect', '--format', `{{(index .NetworkSettings.Networks "${there.name}").IPAddress}}`, far);
    expect(farAddress.startsWith(UNDERLAY_SUBNET.replace('0/24', ''))).toBe(true);
    const pinged = await worker('run', '--rm', '--label', TEST_LABEL_ARG, '--network', here.name, TEST_IMAGE, 'ping', '-c', '1', '-W', '5', farAddress);
    expect(pinged).toMatch(/1 packets received/);

    await other('rm', '-f', far);
    await other('network', 'rm', there.name);
    await call(onWorker, 'network.remove', { id, confirmed: { name: here.name } });
    expect(await worker('network', 'ls', '-q', '--filter', `id=${id}`)).toBe('');
  });

  it(`makes an ipvlan network on a node's interface; a container joins it only where the kernel has ipvlan (${noIpvlan === undefined ? 'it has' : `it has not: ${noIpvlan}`})`, async () => {
    const spec = onUnderlay('ipvlan', 2);
    const worker = swarm.nodes[1]!.cli;
    // The engine makes the network as a record; the kernel's ipvlan link is made only when a container joins.
    const { id } = await call(onWorker, 'network.create', { spec });
    expect(JSON.parse(await worker('network', 'inspect', '--format', '{{json .}}', id))).toMatchObject({ Driver: 'ipvlan', Options: { parent: 'eth0' } });
    const container = await worker('run', '-d', '--label', TEST_LABEL_ARG, TEST_IMAGE, ...IDLE);
    const joined = await call(onWorker, 'network.connect', { spec: { network: spec.name, container } }).then(
      () => null,
      (e: unknown) => e,
    );
    if (noIpvlan === undefined) {
      expect(joined).toBeNull();
      expect(Object.keys(JSON.parse(await worker('inspect', '--format', '{{json .NetworkSettings.Networks}}', container)) as object)).toContain(spec.name);
      await call(onWorker, 'network.disconnect', { network: spec.name, container });
    } else {
      // The engine's words reach the user. (Engine 20.10 keeps the failed network in the container's settings even so,
      // and then cannot restart it: not Berth's to undo, as disconnect, forced or not, says it is not connected.)
      expect(joined).toBeInstanceOf(RemoteError);
      expect((joined as RemoteError).message).toMatch(/ipvlan/);
      console.info(`ipvlan join refused: ${(joined as RemoteError).message}`);
    }
    await worker('rm', '-f', container);
    await call(onWorker, 'network.remove', { id, confirmed: { name: spec.name } });
    expect(await worker('network', 'ls', '-q', '--filter', `id=${id}`)).toBe('');
  });
});
