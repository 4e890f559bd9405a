/**
 * The Events page's part of the contract: the engine's own event stream,
 * live or since a chosen time (and up to another), every type of event the
 * engine sends, each with its type, action, object and attributes. Batches
 * of events per message; a receiver without credit is sent the newest
 * events only, and told how many older ones it missed.
 */
import { z } from 'zod';

export const TimelineEventSchema = z.lazy(() =>
  z.object({
    /** Unique within the stream: the engine's time in nanoseconds and the event's place among those of that time. */
    key: z.string(),
    /** Epoch milliseconds, by the engine's clock. */
    time: z.number(),
    /** The engine's own time in nanoseconds, as text (it does not fit a double). */
    timeNano: z.string(),
    /** container, image, volume, network, daemon, plugin, service, node, secret, config, builder… */
    type: z.string(),
    /** create, start, die, pull, health_status: healthy… */
    action: z.string(),
    /** The object's id (an image pull's: its reference). */
    id: z.string(),
    /** Its name (or image reference) when the event names one. */
    name: z.string().nullable(),
    scope: z.string().nullable(),
    attributes: z.record(z.string(), z.string()),
  }),
);
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** Epoch milliseconds; none before the Unix epoch, none after the year 9999. */
const When = z.lazy(() => z.number().int().min(0).max(253_402_300_799_000));

/** Events held for a receiver without credit: the newest this many. */
export const MAX_PENDING_EVENTS = 5_000;

export const timelineStreams = {
  /**
   * Without `since`, from now on; with it, the events since then first (the
   * engine keeps only its last 256 or so), then live. With `until`, the stream
   * ends once the engine has sent everything up to then.
   */
  'events.timeline': {
    args: z.lazy(() =>
      z
        .object({ since: When.optional(), until: When.optional() })
        .strict()
        .refine(({ since, until }) => since === undefined || until === undefined || since <= until, 'the start is after the end'),
    ),
    message: z.lazy(() =>
      z.object({
        events: z.array(TimelineEventSchema).max(MAX_PENDING_EVENTS),
        /** Events the receiver was not sent since the last message: it had no credit and they were the oldest. */
        dropped: z.number().int().nonnegative(),
      }),
    ),
  },
} as const;
