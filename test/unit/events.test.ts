import { describe, expect, it } from 'vitest';
import { eventSince, eventTarget } from '../../electron/engine/events';

const ev = (Type: string, Action: string, ID = 'abc') => ({ Type, Action, Actor: { ID, Attributes: {} } });

describe('eventTarget', () => {
  it('re-reads a container on every lifecycle change and removes it on destroy', () => {
    for (const action of ['create', 'start', 'pause', 'unpause', 'die', 'stop', 'rename', 'restart', 'oom', 'update']) {
      expect(eventTarget(ev('container', action))).toEqual({ kind: 'container', ref: 'abc', op: 'refresh' });
    }
    expect(eventTarget(ev('container', 'health_status: healthy'))).toEqual({ kind: 'container', ref: 'abc', op: 'refresh' });
    expect(eventTarget(ev('container', 'destroy'))).toEqual({ kind: 'container', ref: 'abc', op: 'remove' });
    // Podman's Docker-compatible API
    expect(eventTarget(ev('container', 'remove'))).toEqual({ kind: 'container', ref: 'abc', op: 'remove' });
  });

  it('ignores events that change nothing shown', () => {
    for (const action of ['exec_create: sh', 'exec_start: sh', 'exec_die', 'attach', 'resize', 'top', 'archive-path', 'export']) {
      expect(eventTarget(ev('container', action))).toBeNull();
    }
    expect(eventTarget(ev('volume', 'mount'))).toBeNull();
    expect(eventTarget(ev('network', 'connect'))).toBeNull();
    expect(eventTarget(ev('daemon', 'reload'))).toBeNull();
    expect(eventTarget({ Type: 'container', Action: 'start' })).toBeNull();
  });

  it('handles images, volumes and networks', () => {
    expect(eventTarget(ev('image', 'pull', 'busybox:latest'))).toEqual({ kind: 'image', ref: 'busybox:latest', op: 'refresh' });
    expect(eventTarget(ev('image', 'untag', 'sha256:1'))).toEqual({ kind: 'image', ref: 'sha256:1', op: 'refresh' });
    expect(eventTarget(ev('image', 'delete', 'sha256:1'))).toEqual({ kind: 'image', ref: 'sha256:1', op: 'remove' });
    expect(eventTarget(ev('volume', 'create', 'v'))).toEqual({ kind: 'volume', ref: 'v', op: 'refresh' });
    expect(eventTarget(ev('volume', 'destroy', 'v'))).toEqual({ kind: 'volume', ref: 'v', op: 'remove' });
    expect(eventTarget(ev('network', 'create', 'n'))).toEqual({ kind: 'network', ref: 'n', op: 'refresh' });
    expect(eventTarget(ev('network', 'destroy', 'n'))).toEqual({ kind: 'network', ref: 'n', op: 'remove' });
  });
});

describe('eventSince', () => {
  it('gives seconds.nanoseconds from timeNano, else seconds', () => {
    expect(eventSince({ time: 1700000000, timeNano: 1700000000123456768 })).toMatch(/^1700000000\.\d{9}$/);
    expect(eventSince({ time: 1700000000 })).toBe('1700000000');
    expect(eventSince({})).toBeUndefined();
  });
});
