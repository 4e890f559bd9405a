import { describe, expect, it } from 'vitest';
import type { Container } from '#shared/model';
import { shortId } from '../../renderer/format/ids';
import { actionForKey, isActionAvailable, needsForceRemove } from '../../renderer/format/lifecycle';
import { formatPort, formatPorts, portSortKey } from '../../renderer/format/ports';
import { formatSize } from '../../renderer/format/sizes';
import { containerStatus } from '../../renderer/format/status';
import { humanDuration, relativeTime } from '../../renderer/format/time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function container(over: Partial<Container>): Container {
  return {
    id: 'abc',
    name: 'web-1',
    image: 'nginx',
    imageId: 'sha256:0123456789abcdef',
    command: 'nginx',
    state: 'running',
    status: 'engine text',
    health: null,
    exitCode: null,
    created: NOW - DAY,
    startedAt: null,
    finishedAt: null,
    ports: [],
    labels: {},
    mounts: [],
    networks: [],
    ...over,
  };
}

describe('ports', () => {
  it('formats published and exposed ports like docker ps, with an arrow', () => {
    expect(formatPort({ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 })).toBe(
      '0.0.0.0:8080→80/tcp',
    );
    expect(formatPort({ containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 8080 })).toBe('[::]:8080→80/tcp');
    expect(formatPort({ containerPort: 53, protocol: 'udp' })).toBe('53/udp');
  });

  it('lists published ports first, by host port', () => {
    expect(
      formatPorts([
        { containerPort: 9000, protocol: 'tcp' },
        { containerPort: 443, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8443 },
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      ]),
    ).toBe('0.0.0.0:8080→80/tcp, 0.0.0.0:8443→443/tcp, 9000/tcp');
    expect(formatPorts([])).toBe('');
  });

  it('sorts by the lowest published host port, unpublished last', () => {
    expect(portSortKey([{ containerPort: 1, protocol: 'tcp', hostPort: 9 }, { containerPort: 2, protocol: 'tcp', hostPort: 3 }])).toBe(3);
    expect(portSortKey([{ containerPort: 1, protocol: 'tcp' }])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('time', () => {
  it('words durations exactly like the docker CLI', () => {
    expect(humanDuration(500)).toBe('Less than a second');
    expect(humanDuration(1 * SECOND)).toBe('1 second');
    expect(humanDuration(45 * SECOND)).toBe('45 seconds');
    expect(humanDuration(90 * SECOND)).toBe('About a minute');
    expect(humanDuration(3 * MINUTE)).toBe('3 minutes');
    expect(humanDuration(59 * MINUTE)).toBe('59 minutes');
    expect(humanDuration(60 * MINUTE)).toBe('About an hour');
    expect(humanDuration(5 * HOUR)).toBe('5 hours');
    expect(humanDuration(3 * DAY)).toBe('3 days');
    expect(humanDuration(20 * DAY)).toBe('2 weeks');
    expect(humanDuration(90 * DAY)).toBe('3 months');
    expect(humanDuration(800 * DAY)).toBe('2 years');
  });

  it('says when something happened, relative to now', () => {
    expect(relativeTime(NOW - 3 * MINUTE, NOW)).toBe('3 minutes ago');
    expect(relativeTime(NOW - 2 * HOUR - 5 * MINUTE, NOW)).toBe('2 hours ago');
    expect(relativeTime(NOW - DAY, NOW)).toBe('yesterday');
    expect(relativeTime(NOW - 10 * DAY, NOW)).toBe('last week');
    expect(relativeTime(NOW - 400 * DAY, NOW)).toBe('last year');
    expect(relativeTime(NOW - 200, NOW)).toBe('now');
    expect(relativeTime(NOW + 5 * SECOND, NOW)).toBe('in 5 seconds');
  });
});

describe('sizes and ids', () => {
  it('uses decimal units', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1_234_567)).toBe('1.23 MB');
    expect(formatSize(4_400_000_000)).toBe('4.4 GB');
  });

  it('shortens image ids to 12 characters without the digest prefix', () => {
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('0123456789abcdef')).toBe('0123456789ab');
  });
});

describe('containerStatus', () => {
  it('computes uptime live from startedAt', () => {
    const c = container({ state: 'running', startedAt: NOW - 3 * MINUTE });
    expect(containerStatus(c, NOW)).toBe('Up 3 minutes');
    expect(containerStatus(c, NOW + 2 * HOUR)).toBe('Up 2 hours');
  });

  it('adds health and pause the way docker does', () => {
    expect(containerStatus(container({ startedAt: NOW - 5 * SECOND, health: 'healthy' }), NOW)).toBe(
      'Up 5 seconds (healthy)',
    );
    expect(containerStatus(container({ startedAt: NOW - 5 * SECOND, health: 'starting' }), NOW)).toBe(
      'Up 5 seconds (health: starting)',
    );
    expect(containerStatus(container({ state: 'paused', startedAt: NOW - HOUR }), NOW)).toBe(
      'Up About an hour (Paused)',
    );
  });

  it('computes exit time live from finishedAt', () => {
    const c = container({ state: 'exited', exitCode: 0, startedAt: NOW - 3 * HOUR, finishedAt: NOW - 2 * HOUR });
    expect(containerStatus(c, NOW)).toBe('Exited (0) 2 hours ago');
    expect(containerStatus(container({ state: 'restarting', exitCode: 1, finishedAt: NOW - 2 * SECOND }), NOW)).toBe(
      'Restarting (1) 2 seconds ago',
    );
  });

  it("falls back to the engine's text when the timestamps are unknown", () => {
    expect(containerStatus(container({ state: 'running', status: 'Up 3 minutes' }), NOW)).toBe('Up 3 minutes');
    expect(containerStatus(container({ state: 'exited', status: 'Exited (137) 1 hour ago' }), NOW)).toBe(
      'Exited (137) 1 hour ago',
    );
  });

  it('names the states that carry no time', () => {
    expect(containerStatus(container({ state: 'created' }), NOW)).toBe('Created');
    expect(containerStatus(container({ state: 'dead' }), NOW)).toBe('Dead');
    expect(containerStatus(container({ state: 'removing' }), NOW)).toBe('Removal In Progress');
  });
});

describe('lifecycle', () => {
  it('enables only the actions that make sense', () => {
    expect(isActionAvailable('start', 'exited')).toBe(true);
    expect(isActionAvailable('start', 'created')).toBe(true);
    expect(isActionAvailable('start', 'running')).toBe(false);
    expect(isActionAvailable('stop', 'running')).toBe(true);
    expect(isActionAvailable('restart', 'paused')).toBe(true);
    expect(isActionAvailable('stop', 'exited')).toBe(false);
    expect(isActionAvailable('remove', 'running')).toBe(true);
    expect(isActionAvailable('remove', 'dead')).toBe(true);
    expect(isActionAvailable('pause', 'running')).toBe(true);
    expect(isActionAvailable('pause', 'exited')).toBe(false);
    expect(isActionAvailable('unpause', 'paused')).toBe(true);
    expect(isActionAvailable('unpause', 'running')).toBe(false);
  });

  it('forces removal only of containers that are up', () => {
    expect(needsForceRemove('running')).toBe(true);
    expect(needsForceRemove('exited')).toBe(false);
  });

  it('maps row shortcuts to actions', () => {
    expect(actionForKey('s')).toBe('start');
    expect(actionForKey('x')).toBe('stop');
    expect(actionForKey('r')).toBe('restart');
    expect(actionForKey('Delete')).toBe('remove');
    expect(actionForKey('p')).toBe('pause');
    expect(actionForKey('u')).toBe('unpause');
    expect(actionForKey('q')).toBeNull();
  });
});
