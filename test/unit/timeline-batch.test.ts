import { describe, expect, it } from 'vitest';
import { MAX_PENDING_EVENTS, TimelineEventSchema } from '#shared/events-timeline';
import { EventBatch, timelineEvent } from '../../electron/engine/timeline/batch';

const engineEvent = {
  Type: 'container',
  Action: 'health_status: healthy',
  Actor: { ID: 'abc', Attributes: { name: 'web', image: 'nginx' } },
  scope: 'local',
  time: 1_700_000_000,
  timeNano: 1_700_000_000_123_456_512,
};

describe('timeline events', () => {
  it('keeps type, action, object and attributes, and the engine time', () => {
    const event = timelineEvent(engineEvent, 7)!;
    expect(TimelineEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'container', action: 'health_status: healthy', id: 'abc', name: 'web', scope: 'local', attributes: { name: 'web', image: 'nginx' } });
    expect(event.time).toBe(1_700_000_000_123);
    expect(event.key.endsWith('-7')).toBe(true);
  });

  it('ignores a line that is no event', () => {
    expect(timelineEvent({}, 0)).toBeNull();
    expect(timelineEvent({ Type: 'container' }, 0)).toBeNull();
  });

  it('holds at most the newest MAX_PENDING_EVENTS, counting the dropped ones once', () => {
    const batch = new EventBatch();
    expect(batch.take()).toBeNull();
    for (let i = 0; i < MAX_PENDING_EVENTS + 10; i++) batch.add(timelineEvent({ ...engineEvent, Actor: { ID: `id${i}` } }, i)!);
    const message = batch.take()!;
    expect(message.events).toHaveLength(MAX_PENDING_EVENTS);
    expect(message.events[0]!.id).toBe('id10');
    expect(message.dropped).toBe(10);
    expect(batch.take()).toBeNull();
  });
});
