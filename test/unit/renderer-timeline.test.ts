import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '#shared/events-timeline';
import { MAX_EVENTS, matches, NO_FILTER, timelineSource, toJsonLines } from '../../renderer/views/events/timelineSource';

function event(n: number, patch: Partial<TimelineEvent> = {}): TimelineEvent {
  return { key: `k${n}`, time: n, timeNano: String(n * 1e6), type: 'container', action: 'start', id: `id${n}`, name: `web-${n}`, scope: 'local', attributes: { name: `web-${n}` }, ...patch };
}

describe('timeline filters', () => {
  it('match type exactly, action by its verb, object by part of id or name', () => {
    const health = event(1, { action: 'health_status: healthy' });
    expect(matches(health, NO_FILTER)).toBe(true);
    expect(matches(health, { ...NO_FILTER, type: 'image' })).toBe(false);
    expect(matches(health, { ...NO_FILTER, action: 'health_status' })).toBe(true);
    expect(matches(health, { ...NO_FILTER, action: 'health' })).toBe(false);
    expect(matches(health, { ...NO_FILTER, action: 'health_status: healthy' })).toBe(true);
    expect(matches(health, { ...NO_FILTER, object: 'WEB-1' })).toBe(true);
    expect(matches(health, { ...NO_FILTER, object: 'id1' })).toBe(true);
    expect(matches(event(2, { name: null }), { ...NO_FILTER, object: 'web' })).toBe(false);
  });
});

describe('timeline source', () => {
  it('shows what the filter lets through and keeps the newest MAX_EVENTS, counting the rest as dropped', () => {
    const source = timelineSource();
    let heard = 0;
    source.subscribe(() => heard++);
    expect(source.state()).toBe('loading');
    source.add([event(1), event(2, { type: 'volume' })], 3);
    expect(source.state()).toBe('connected');
    expect(source.rows().ids).toEqual(['k1', 'k2']);
    source.setFilter({ ...NO_FILTER, type: 'volume' });
    expect(source.shown().map((e) => e.key)).toEqual(['k2']);
    expect(heard).toBe(2);
    source.setFilter(NO_FILTER);
    source.add(Array.from({ length: MAX_EVENTS }, (_, i) => event(i + 10)), 0);
    expect(source.rows().ids).toHaveLength(MAX_EVENTS);
    expect(source.rows().ids[0]).toBe('k10');
    expect(source.dropped()).toBe(5);
    source.clear();
    expect(source.rows().ids).toEqual([]);
    expect(source.dropped()).toBe(0);
  });

  it('exports one JSON object per line, naming the engine', () => {
    const text = toJsonLines([event(1), event(2)], 'default');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ engine: 'default', time: 1, timeNano: '1000000', type: 'container', action: 'start', id: 'id1', name: 'web-1', scope: 'local', attributes: { name: 'web-1' } });
    expect(text.endsWith('\n')).toBe(true);
  });
});
