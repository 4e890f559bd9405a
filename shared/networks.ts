/**
 * Networks' part of the contract: create one (bridge, macvlan, ipvlan,
 * overlay), connect and disconnect a container, remove one (removing the
 * unused ones is a Cleanup preview of one scope). The address checks here
 * run in the form and again in main, so a gateway outside its subnet is
 * named on its field before the engine is asked; what only the engine knows
 * (an overlapping subnet, an address in use) comes back in its words and
 * `fieldOfNetworkError` puts it on the field it concerns.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { ConfirmedSchema } from './confirm';
import { ContainerRefSchema } from './refs';

// ---- Addresses --------------------------------------------------------------

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function isIPv6(text: string): boolean {
  return text.includes(':') && ipaddr.IPv6.isValid(text);
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A CIDR as the engine takes it (10.1.0.0/16, fd00::/64), or null; a bare address is not one. */
export function parseCidr(text: string): Cidr | null {
  if (!text.includes('/')) return null;
  const [address = ''] = text.split('/');
  if (!isIPv4(address) && !isIPv6(address)) return null;
  try {
    return ipaddr.parseCIDR(text);
  } catch {
    return null;
  }
}

function inside(address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: Cidr): boolean {
  // match() throws across families.
  return address.kind() === network.kind() && address.match(network, bits);
}

/** Whether `address` (an IP) lies in `subnet` (a CIDR). */
export function addressInSubnet(address: string, subnet: string): boolean {
  const range = parseCidr(subnet);
  if (range === null || !(isIPv4(address) || isIPv6(address))) return false;
  return inside(ipaddr.parse(address), range);
}

// ---- Creating a network -----------------------------------------------------

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;
export const NetworkDriverSchema = z.enum(NETWORK_DRIVERS);
export type NetworkDriver = z.infer<typeof NetworkDriverSchema>;

/**
 * Whether an engine can make an overlay network: only a manager of an active
 * swarm can (a worker, or an engine in no swarm, refuses it), so the form
 * offers the driver only then. `swarm` is system.info's (null: the engine
 * reports none, as Podman).
 */
export function offersOverlay(swarm: { state: string; manager: boolean } | null | undefined): boolean {
  return swarm?.state === 'active' && swarm.manager;
}

/** Drivers that sit on a host interface (their `parent` option). */
export function takesParent(driver: NetworkDriver): boolean {
  return driver === 'macvlan' || driver === 'ipvlan';
}

/** The engine's own rule for a network name. */
export const NetworkNameSchema = z.lazy(() =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a name is letters, digits, "_", "." or "-", starting with a letter or digit')
    .max(128, 'a name is at most 128 characters'),
);

/** A network's id (full or short) or name. */
export const NetworkRefSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, 'must be a network id or name');

const KeyValues = z.lazy(() => z.record(z.string().min(1, 'a key cannot be empty').max(256), z.string().max(4096)).refine((r) => Object.keys(r).length <= 100, 'at most 100 entries'));

export const IpamPoolSchema = z.lazy(() =>
  z
    .object({
      subnet: z.string().max(64),
      /** Empty: the engine picks the subnet's first address. */
      gateway: z.string().max(64).default(''),
      /** Where container addresses come from; empty: the whole subnet. */
      ipRange: z.string().max(64).default(''),
      /** Addresses the engine must not hand out, by host name (a router, a printer). */
      auxAddresses: z.record(z.string().min(1).max(256), z.string().max(64)).default({}),
    })
    .strict(),
);
export type IpamPool = z.output<typeof IpamPoolSchema>;

export const NetworkSpecSchema = z.lazy(() =>
  z
    .object({
      name: NetworkNameSchema,
      driver: NetworkDriverSchema,
      /** The host interface of a macvlan or ipvlan network (eth0, eth0.10); empty: none (an isolated network). */
      parent: z.string().max(64).regex(/^[A-Za-z0-9_.:@-]*$/, 'an interface name is letters, digits, "_", ".", ":", "@" or "-"').default(''),
      /** One pool per address family at most; none: the engine picks a free subnet. */
      ipam: z.array(IpamPoolSchema).max(2).default([]),
      internal: z.boolean().default(false),
      attachable: z.boolean().default(false),
      ipv6: z.boolean().default(false),
      labels: KeyValues.default({}),
      /** Driver options (com.docker.network.bridge.name, ipvlan_mode, …). */
      options: KeyValues.default({}),
    })
    .strict()
    .superRefine((spec, ctx) => {
      for (const [path, message] of Object.entries(networkSpecProblems(spec))) {
        ctx.addIssue({ code: 'custom', path: path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message });
      }
    }),
);
export type NetworkSpec = z.output<typeof NetworkSpecSchema>;

/**
 * What is wrong with the addresses of a spec, by field path (`ipam.0.gateway`,
 * `ipv6`): each must be well formed, the gateway, IP range and auxiliary
 * addresses must lie in their pool's subnet, and an IPv6 pool needs IPv6 on.
 */
export function networkSpecProblems(spec: Pick<NetworkSpec, 'ipam' | 'ipv6'>): Record<string, string> {
  const problems: Record<string, string> = {};
  const families = new Set<string>();
  spec.ipam.forEach((pool, i) => {
    const at = `ipam.${i}`;
    const subnet = parseCidr(pool.subnet);
    if (subnet === null) {
      problems[`${at}.subnet`] = pool.subnet === '' ? 'a pool needs a subnet (e.g. 10.20.0.0/16)' : `“${pool.subnet}” is not a subnet in CIDR form (e.g. 10.20.0.0/16 or fd00:1::/64)`;
      return;
    }
    const family = subnet[0].kind();
    if (families.has(family)) problems[`${at}.subnet`] = `only one ${family === 'ipv4' ? 'IPv4' : 'IPv6'} subnet per network in Berth's form`;
    families.add(family);
    if (family === 'ipv6' && !spec.ipv6) problems[`${at}.subnet`] = 'an IPv6 subnet needs IPv6 turned on';
    if (pool.gateway !== '') {
      if (!isIPv4(pool.gateway) && !isIPv6(pool.gateway)) problems[`${at}.gateway`] = `“${pool.gateway}” is not an IP address`;
      else if (!inside(ipaddr.parse(pool.gateway), subnet)) problems[`${at}.gateway`] = `the gateway ${pool.gateway} is outside the subnet ${pool.subnet}`;
    }
    if (pool.ipRange !== '') {
      const range = parseCidr(pool.ipRange);
      if (range === null) problems[`${at}.ipRange`] = `“${pool.ipRange}” is not a range in CIDR form (e.g. 10.20.5.0/24)`;
      else if (range[1] < subnet[1] || !inside(range[0], subnet)) problems[`${at}.ipRange`] = `the IP range ${pool.ipRange} is not inside the subnet ${pool.subnet}`;
    }
    for (const [host, address] of Object.entries(pool.auxAddresses)) {
      if (!isIPv4(address) && !isIPv6(address)) problems[`${at}.auxAddresses`] = `${host}: “${address}” is not an IP address`;
      else if (!inside(ipaddr.parse(address), subnet)) problems[`${at}.auxAddresses`] = `${host}: ${address} is outside the subnet ${pool.subnet}`;
    }
  });
  return problems;
}

/**
 * The form field an engine error about `spec` concerns, from its words, or
 * null when it concerns none in particular.
 */
export function fieldOfNetworkError(spec: Pick<NetworkSpec, 'ipam'>, message: string): string | null {
  // The pool the message names by one of its addresses; else the first.
  const pool = (key: 'subnet' | 'gateway' | 'ipRange'): string => {
    const named = spec.ipam.findIndex((p) => [p[key], p.subnet].some((address) => address !== '' && message.includes(address)));
    return `ipam.${Math.max(named, 0)}.${key}`;
  };
  if (/already exists/i.test(message)) return 'name';
  if (/overlaps|invalid subnet|invalid pool|no available network|subnet/i.test(message)) return pool('subnet');
  if (/gateway/i.test(message)) return pool('gateway');
  if (/range/i.test(message)) return pool('ipRange');
  if (/aux/i.test(message)) return 'ipam.0.auxAddresses';
  if (/parent|interface|vlan/i.test(message)) return 'parent';
  if (/swarm/i.test(message)) return 'driver';
  if (/ipv6/i.test(message)) return 'ipv6';
  if (/option/i.test(message)) return 'options';
  return null;
}

/** The body of the engine's POST /networks/create for a spec. */
export function networkCreateBody(spec: NetworkSpec): Record<string, unknown> {
  const options = { ...spec.options };
  if (takesParent(spec.driver) && spec.parent !== '') options.parent = spec.parent;
  return {
    Name: spec.name,
    Driver: spec.driver,
    CheckDuplicate: true,
    Internal: spec.internal,
    Attachable: spec.attachable,
    EnableIPv6: spec.ipv6,
    Labels: spec.labels,
    Options: options,
    IPAM: {
      Driver: 'default',
      Config: spec.ipam.map((pool) => ({
        Subnet: pool.subnet,
        ...(pool.gateway !== '' && { Gateway: pool.gateway }),
        ...(pool.ipRange !== '' && { IPRange: pool.ipRange }),
        ...(Object.keys(pool.auxAddresses).length > 0 && { AuxiliaryAddresses: pool.auxAddresses }),
      })),
    },
  };
}

// ---- Connecting a container -------------------------------------------------

const AliasSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'an alias is letters, digits, "_", "." or "-", starting with a letter or digit');

export const ConnectSpecSchema = z.lazy(() =>
  z
    .object({
      network: NetworkRefSchema,
      container: ContainerRefSchema,
      aliases: z.array(AliasSchema).max(32).default([]),
      /** A fixed address; empty: the engine picks one. */
      ipv4: z.string().refine((ip) => ip === '' || isIPv4(ip), 'not an IPv4 address (e.g. 10.20.0.5)').default(''),
      ipv6: z.string().refine((ip) => ip === '' || isIPv6(ip), 'not an IPv6 address (e.g. fd00:1::5)').default(''),
    })
    .strict(),
);
export type ConnectSpec = z.output<typeof ConnectSpecSchema>;

/** The connect form's field an engine error concerns. */
export function fieldOfConnectError(message: string): string | null {
  if (/alias/i.test(message)) return 'aliases';
  if (/ipv6/i.test(message)) return 'ipv6';
  if (/address|ip|subnet/i.test(message)) return 'ipv4';
  if (/container/i.test(message)) return 'container';
  return null;
}

// ---- Removing ---------------------------------------------------------------

/**
 * Whether a container's network entry is this network: by id, or, for a
 * container that never ran (the engine fills the id in at its first start),
 * by name.
 */
export function onNetwork(entry: { networkId: string; name: string }, network: { id: string; name: string }): boolean {
  return entry.networkId === '' ? entry.name === network.name : entry.networkId === network.id;
}

/** The networks an engine makes itself (Podman's default is "podman"; a swarm's are ingress and docker_gwbridge): none is removed or pruned. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none', 'podman', 'ingress', 'docker_gwbridge'];

export const networkRequests = {
  'network.create': { args: z.lazy(() => z.object({ spec: NetworkSpecSchema }).strict()), result: z.lazy(() => z.object({ id: z.string() })) },
  'network.connect': { args: z.lazy(() => z.object({ spec: ConnectSpecSchema }).strict()), result: z.null() },
  'network.disconnect': {
    args: z.lazy(() => z.object({ network: NetworkRefSchema, container: ContainerRefSchema, force: z.boolean().default(false) }).strict()),
    result: z.null(),
  },
  /** Refused while a container is attached, and unless `confirmed` names the network. */
  'network.remove': { args: z.lazy(() => z.object({ id: NetworkRefSchema, confirmed: ConfirmedSchema }).strict()), result: z.null() },
} as const;
