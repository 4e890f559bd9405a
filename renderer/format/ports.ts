import type { Port } from '#shared/model';

/**
 * One port the way `docker ps` prints it, with an arrow people can read:
 * "0.0.0.0:8080→80/tcp", "[::]:8080→80/tcp", or "80/tcp" when unpublished.
 */
export function formatPort(port: Port): string {
  const inside = `${port.containerPort}/${port.protocol}`;
  if (port.hostPort === undefined) return inside;
  const ip = port.hostIp ?? '';
  // IPv6 addresses need brackets or the port's colon is ambiguous.
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${host}:${port.hostPort}→${inside}`;
}

/** Published ports first (they are what people look for), then exposed-only ones. */
export function formatPorts(ports: readonly Port[]): string {
  return sortPorts(ports).map(formatPort).join(', ');
}

export function sortPorts(ports: readonly Port[]): Port[] {
  return [...ports].sort(
    (a, b) =>
      (a.hostPort === undefined ? 1 : 0) - (b.hostPort === undefined ? 1 : 0) ||
      (a.hostPort ?? 0) - (b.hostPort ?? 0) ||
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      (a.hostIp ?? '').localeCompare(b.hostIp ?? ''),
  );
}

/** A number to sort containers by: the lowest published host port, unpublished last. */
export function portSortKey(ports: readonly Port[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const port of ports) if (port.hostPort !== undefined && port.hostPort < lowest) lowest = port.hostPort;
  return lowest;
}
